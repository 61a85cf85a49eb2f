// The published package's main entry (`import … from 'iamlint'`, see publishConfig in package.json): the
// programmatic API of index.ts plus everything plugin authors use — the core's public API, RuleTester and the
// snapshot builder, and the helpers the built-in rules share — so one install gives rules, tests and types.
// A file of its own so the Action's bundle, built from index.ts, stays as small as it is.
export * from './index.js';
export * from '@iamlint/core';
export * from '@iamlint/core/testing';
/** The helpers the built-in rules share (policy visitors, trust and break-glass helpers…). */
export * as ruleUtils from '@iamlint/rules/rule-utils';
