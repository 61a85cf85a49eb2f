export { describeGaps } from './gaps.js';
export { collectSnapshot, type CollectOptions, type CollectResult } from './collect.js';
export type { CollectProgressEvent, Credentials } from './session.js';
export type { PollSettings } from './limit.js';
export { parseSamlMetadata, type SamlMetadata } from './saml-metadata.js';
export { hashEmail } from './identity-center.js';
export { parseShard, planFromOrgStep, shardOf, type CollectPlan, type Shard } from './shard.js';
