export * from './types.js';
export { diffSnapshots, isEmptyDiff, type DiffOptions } from './diff.js';
export { ACTION_SAMPLE_SIZE } from './permissions.js';
export { DIFF_FORMATS, describeAccess, diffAccountLabel, describeEntity, describeField, formatDiff, type DiffFormatName, type DiffFormatOptions } from './format.js';
