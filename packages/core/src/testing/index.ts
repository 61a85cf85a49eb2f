export * from './snapshot-builder.js';
export * from './rule-tester.js';
export * from './seeded-random.js';
