export * from './import/index.js';
export { DEFAULT_CONCURRENCY, DEFAULT_ROLE_NAME } from './defaults.js';
export {
  collectSnapshot,
  describeGaps,
  hashEmail,
  parseSamlMetadata,
  type CollectOptions,
  type CollectProgressEvent,
  type CollectResult,
  type Credentials,
  type PollSettings,
  type SamlMetadata,
} from './live/index.js';
