import { IamlintError } from '../errors.js';
import { resolveConfig } from '../engine/config.js';
import type { AnyRule, Severity } from '../engine/rule.js';
import { runRules, type Finding, type LintResult } from '../engine/runner.js';
import type { NodeKind } from '../model/nodes.js';
import type { SectionId } from '../snapshot/schema.js';
import { buildModel, type SnapshotSpec } from './snapshot-builder.js';

export interface ValidCase {
  name?: string;
  snapshot: SnapshotSpec;
  /** Options after the level, as in a config entry `['error', …options]`. */
  options?: unknown[];
  /** Overrides the snapshot's collectedAt. */
  now?: string;
  /** Sections the rule must report as not evaluated (for cases where data is missing). */
  notEvaluated?: Array<{ accountId: string | null; sections?: SectionId[] }>;
}

export interface ExpectedError {
  messageId: string;
  /** Each given key must equal the finding's data (string comparison). */
  data?: Record<string, string | number | boolean>;
  /** The resource's id (ARN) or name. */
  resource?: string;
  kind?: NodeKind;
  /** The finding's JSON pointer, when the rule points below its node. */
  pointer?: string;
  accountId?: string | null;
  related?: string[];
  /** The finding's severity, for a rule whose kinds of finding differ in it. */
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

type DescribeFn = (name: string, body: () => void) => void;
type ItFn = (name: string, body: () => void) => void;

export class RuleTesterError extends Error {}

/**
 * ESLint's RuleTester, for snapshot rules: each case is a small snapshot built with realistic defaults
 * and loaded through the real loader; valid cases must produce nothing, invalid ones exactly the
 * listed findings in order. Uses the test framework's describe/it when present (set them on the class
 * for frameworks without globals), else runs each case at once and throws on the first failure.
 */
export class RuleTester {
  static describe: DescribeFn | undefined;
  static it: ItFn | undefined;

  run(ruleId: string, rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    const g = globalThis as { describe?: DescribeFn; it?: ItFn };
    const describe: DescribeFn = RuleTester.describe ?? g.describe ?? ((_name, body) => body());
    const it: ItFn = RuleTester.it ?? g.it ?? ((_name, body) => body());
    if (!Array.isArray(cases?.valid) || !Array.isArray(cases?.invalid)) {
      throw new RuleTesterError(`${ruleId}: run(ruleId, rule, { valid: [...], invalid: [...] }) needs both lists of cases`);
    }
    if (cases.valid.length === 0 || cases.invalid.length === 0) {
      throw new RuleTesterError(`${ruleId}: a rule needs both valid and invalid cases`);
    }
    describe(ruleId, () => {
      describe('valid', () => {
        cases.valid.forEach((testCase, index) => {
          it(testCase.name ?? `valid #${index + 1}`, () => this.checkValid(ruleId, rule, testCase));
        });
      });
      describe('invalid', () => {
        cases.invalid.forEach((testCase, index) => {
          it(testCase.name ?? `invalid #${index + 1}`, () => this.checkInvalid(ruleId, rule, testCase));
        });
      });
    });
  }

  /** Runs one rule over a snapshot spec; exposed for tests that assert beyond what cases express. */
  static lint(ruleId: string, rule: AnyRule, testCase: ValidCase): LintResult {
    // A case written without its snapshot would otherwise fail deep in the builder, naming none of this.
    if (typeof testCase?.snapshot !== 'object' || testCase.snapshot === null) {
      throw new RuleTesterError(
        `${ruleId}: a case needs a snapshot, e.g. { snapshot: { accounts: { '123456789012': { users: [{ userName: 'alice' }] } } } } (docs/plugins.md, "Testing with RuleTester")`,
      );
    }
    const config = resolveConfig([{ rules: { [ruleId]: ['error', ...(testCase.options ?? [])] } }], {
      source: `${ruleId} test case`,
      builtinRules: new Map([[ruleId, rule]]),
    });
    let model;
    try {
      model = buildModel(testCase.snapshot);
    } catch (error) {
      if (error instanceof IamlintError) throw new RuleTesterError(`test snapshot is invalid: ${error.format()}`);
      throw error;
    }
    const result = runRules({ model, config, ...(testCase.now ? { now: new Date(testCase.now) } : {}) });
    const failure = result.ruleFailures[0];
    if (failure) throw new RuleTesterError(`${ruleId} threw: ${failure.message}${failure.stack ? `\n${failure.stack}` : ''}`);
    return result;
  }

  private checkNotEvaluated(result: LintResult, testCase: ValidCase): void {
    const expected = testCase.notEvaluated ?? [];
    const actual = result.notEvaluated.map((entry) => ({ accountId: entry.accountId, sections: entry.sections }));
    if (expected.length !== actual.length || expected.some((entry, i) => entry.accountId !== actual[i]?.accountId)) {
      throw new RuleTesterError(`expected not-evaluated ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
    expected.forEach((entry, i) => {
      if (entry.sections && JSON.stringify(entry.sections) !== JSON.stringify(actual[i]?.sections)) {
        throw new RuleTesterError(`expected not-evaluated sections ${JSON.stringify(entry.sections)}, got ${JSON.stringify(actual[i]?.sections)}`);
      }
    });
  }

  private checkValid(ruleId: string, rule: AnyRule, testCase: ValidCase): void {
    const result = RuleTester.lint(ruleId, rule, testCase);
    if (result.findings.length > 0) {
      throw new RuleTesterError(`expected no findings, got ${result.findings.length}:\n${result.findings.map(describeFinding).join('\n')}`);
    }
    this.checkNotEvaluated(result, testCase);
  }

  private checkInvalid(ruleId: string, rule: AnyRule, testCase: InvalidCase): void {
    if (testCase.errors.length === 0) throw new RuleTesterError('an invalid case must list at least one expected error');
    const result = RuleTester.lint(ruleId, rule, testCase);
    const { findings } = result;
    if (findings.length !== testCase.errors.length) {
      throw new RuleTesterError(
        `expected ${testCase.errors.length} finding(s), got ${findings.length}:\n${findings.map(describeFinding).join('\n') || '(none)'}`,
      );
    }
    testCase.errors.forEach((expected, index) => {
      const finding = findings[index] as Finding;
      const where = `finding #${index + 1} (${describeFinding(finding)})`;
      if (finding.messageId !== expected.messageId) {
        throw new RuleTesterError(`${where}: expected messageId "${expected.messageId}", got "${finding.messageId}"`);
      }
      if (!(expected.messageId in rule.meta.messages)) throw new RuleTesterError(`${where}: messageId not in meta.messages`);
      for (const [key, value] of Object.entries(expected.data ?? {})) {
        if (String(finding.data[key]) !== String(value)) {
          throw new RuleTesterError(`${where}: expected data.${key} = ${JSON.stringify(value)}, got ${JSON.stringify(finding.data[key])}`);
        }
      }
      if (expected.resource !== undefined && finding.resource.id !== expected.resource && finding.resource.name !== expected.resource) {
        throw new RuleTesterError(`${where}: expected resource ${expected.resource}, got ${finding.resource.id}`);
      }
      if (expected.kind !== undefined && finding.resource.kind !== expected.kind) {
        throw new RuleTesterError(`${where}: expected a ${expected.kind}, got a ${finding.resource.kind}`);
      }
      if (expected.severity !== undefined && finding.severity !== expected.severity) {
        throw new RuleTesterError(`${where}: expected severity ${expected.severity}, got ${finding.severity}`);
      }
      if (expected.pointer !== undefined && finding.location.pointer !== expected.pointer) {
        throw new RuleTesterError(`${where}: expected pointer ${expected.pointer}, got ${finding.location.pointer}`);
      }
      if (expected.accountId !== undefined && finding.resource.accountId !== expected.accountId) {
        throw new RuleTesterError(`${where}: expected account ${String(expected.accountId)}, got ${String(finding.resource.accountId)}`);
      }
      if (expected.related !== undefined) {
        const related = finding.related.map((entry) => entry.resource.id);
        if (JSON.stringify(related) !== JSON.stringify(expected.related)) {
          throw new RuleTesterError(`${where}: expected related ${JSON.stringify(expected.related)}, got ${JSON.stringify(related)}`);
        }
      }
      if (/\{\{\s*\w+\s*\}\}/.test(finding.message)) {
        throw new RuleTesterError(`${where}: message has an unfilled placeholder: ${finding.message}`);
      }
    });
    this.checkNotEvaluated(result, testCase);
  }
}

function describeFinding(finding: Finding): string {
  return `${finding.messageId} on ${finding.resource.id}: ${finding.message}`;
}
