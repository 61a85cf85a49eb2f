export * from './import/index.js';
export { DEFAULT_CONCURRENCY, DEFAULT_ROLE_NAME } from './defaults.js';
export {
  collectSnapshot,
  describeGaps,
  hashEmail,
  parseSamlMetadata,
  parseShard,
  planFromOrgStep,
  shardOf,
  type CollectOptions,
  type CollectPlan,
  type CollectProgressEvent,
  type CollectResult,
  type Credentials,
  type PollSettings,
  type SamlMetadata,
  type Shard,
} from './live/index.js';
export { mergeSnapshots, type SnapshotPart } from './merge.js';
