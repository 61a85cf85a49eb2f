export * from './evaluate.js';
export * from './conditions.js';
export * from './statements.js';
export * from './variables.js';
export * from './catalog.js';
export * from './questions/types.js';
export * from './escalation/index.js';
export * from './questions/index.js';
