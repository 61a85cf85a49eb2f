const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The formats schemas use: added to every Ajv instance, and imported by the precompiled snapshot validators. */
export const formats = {
  'date-time': { type: 'string' as const, validate: (value: string): boolean => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) },
};
