/** The collector's defaults, in an entry of their own so that a CLI can name them in its help without loading the AWS SDK. */
export const DEFAULT_ROLE_NAME = 'iamlint-readonly';
export const DEFAULT_CONCURRENCY = 8;
