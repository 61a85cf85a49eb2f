import { ACCOUNT_SECTIONS, type Model } from '../model/model.js';
import type { AccountNode, AnyNode, NodeKind, SourceRef } from '../model/nodes.js';
import { SECTION_IDS, SECTION_PARENTS, type SectionId } from '../snapshot/schema.js';
import { scopeMatches, type ConfigDiagnostic, type ResolvedConfig, type ResolvedException, type RuleSetting } from './config.js';
import { fingerprint } from './fingerprint.js';
import { createPolicyQuestions } from '../policy/questions.js';
import type { PolicyQuestions } from '../policy/questions-types.js';
import { wildcardMatch } from './glob.js';
import { renderMessage, type AnyRule, type ReportData, type ReportDescriptor, type RuleContext, type RuleVisitors, type Severity } from './rule.js';

export interface FindingResource {
  kind: NodeKind;
  id: string;
  name: string;
  accountId: string | null;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  data: ReportData;
  severity: Severity;
  level: 'warn' | 'error';
  resource: FindingResource;
  location: SourceRef;
  related: Array<{ resource: FindingResource; location: SourceRef }>;
  fingerprint: string;
  suppression?: { kind: 'exception' | 'tag'; reason: string };
}

export interface NotEvaluated {
  ruleId: string;
  accountId: string | null;
  sections: SectionId[];
}

export interface RuleFailure {
  ruleId: string;
  message: string;
  resourceId: string | null;
  stack?: string;
}

export interface LintResult {
  findings: Finding[];
  suppressed: Finding[];
  notEvaluated: NotEvaluated[];
  ruleFailures: RuleFailure[];
  diagnostics: ConfigDiagnostic[];
  rulesRun: string[];
  errorCount: number;
  warningCount: number;
  ruleFailureCount: number;
}

export interface RunOptions {
  model: Model;
  config: ResolvedConfig;
  /** Overrides the snapshot's collectedAt as the rules' notion of now. */
  now?: Date;
  /** The day exceptions expire against; the CLI passes today's date. Defaults to `now`. */
  exceptionsAsOf?: Date;
}

export const IGNORE_TAG = 'iamlint:ignore';
const GLOBAL_SECTIONS = new Set<SectionId>(SECTION_IDS.filter((section) => !ACCOUNT_SECTIONS.includes(section)));

interface Instance {
  ruleId: string;
  rule: AnyRule;
  setting: RuleSetting;
  visitors: RuleVisitors;
  failed: boolean;
}

/** Runs every enabled rule over the model in one pass, then applies exceptions and ignore tags. */
export function runRules({ model, config, now = model.collectedAt, exceptionsAsOf = now }: RunOptions): LintResult {
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  const notEvaluated = new Map<string, NotEvaluated>();
  const diagnostics: ConfigDiagnostic[] = [];

  const activeExceptions = config.exceptions.filter((exception) => {
    if (exception.expires === undefined || Date.parse(`${exception.expires}T23:59:59.999Z`) >= exceptionsAsOf.getTime()) return true;
    diagnostics.push({
      level: 'warn',
      message: `exception for rule "${exception.rule}"${exception.resource ? ` on ${exception.resource}` : ''} expired on ${exception.expires} and no longer applies (config object #${exception.configIndex + 1})`,
    });
    return false;
  });

  const accountsById = new Map(model.accounts.map((account) => [account.accountId, account]));
  const scopeOf = (node: AnyNode): AccountNode | null => (node.accountId === null ? null : accountsById.get(node.accountId) ?? null);

  const missing = (section: SectionId, accountId: string | null) =>
    GLOBAL_SECTIONS.has(section) ? !model.isCollected(section, null) : accountId !== null && !model.isCollected(section, accountId);
  // A part missing because its whole section is says so by the section, where the reason is recorded.
  const missingSections = (rule: AnyRule, accountId: string | null): SectionId[] => [
    ...new Set(
      (rule.meta.requires ?? [])
        .filter((section) => missing(section, accountId))
        .map((section) => {
          const parent = SECTION_PARENTS[section];
          return parent !== undefined && missing(parent, accountId) ? parent : section;
        }),
    ),
  ];
  const markNotEvaluated = (ruleId: string, accountId: string | null, sections: SectionId[]) => {
    const key = `${ruleId}|${accountId ?? ''}`;
    if (!notEvaluated.has(key)) notEvaluated.set(key, { ruleId, accountId, sections });
  };

  let policyQuestions: PolicyQuestions | undefined;
  const policy = (): PolicyQuestions => (policyQuestions ??= createPolicyQuestions(model, { now }));

  const instances = new Map<string, Instance>();
  const instanceFor = (ruleId: string, setting: RuleSetting): Instance => {
    const key = `${ruleId}\u0000${setting.optionsKey}`;
    let instance = instances.get(key);
    if (instance) return instance;
    const rule = config.rules.get(ruleId) as AnyRule;
    const created: Instance = { ruleId, rule, setting, visitors: {}, failed: false };
    const context: RuleContext = {
      id: ruleId,
      options: setting.options,
      model,
      now,
      get policy() {
        return policy();
      },
      report: (descriptor) => report(created, descriptor),
    };
    instance = created;
    instances.set(key, instance);
    guard(instance, null, () => {
      created.visitors = Object.freeze(rule.create(context));
    });
    return instance;
  };

  const guard = (instance: Instance, node: AnyNode | null, run: () => void) => {
    if (instance.failed) return;
    try {
      run();
    } catch (error) {
      instance.failed = true;
      ruleFailures.push({
        ruleId: instance.ruleId,
        message: error instanceof Error ? error.message : String(error),
        resourceId: node?.id ?? null,
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
      });
    }
  };

  const report = (instance: Instance, descriptor: ReportDescriptor<string>) => {
    const { node } = descriptor;
    const template = instance.rule.meta.messages[descriptor.messageId];
    if (template === undefined) throw new Error(`reported an unknown messageId "${descriptor.messageId}"`);
    const scope = scopeOf(node);
    const setting = config.settingsFor(scope).get(instance.ruleId);
    // A report about a resource governed by other options (or none) belongs to another instance.
    if (!setting || setting.optionsKey !== instance.setting.optionsKey) return;
    const missing = missingSections(instance.rule, node.accountId);
    if (missing.length > 0) {
      markNotEvaluated(instance.ruleId, node.accountId, missing);
      return;
    }
    const data = descriptor.data ?? {};
    const finding: Finding = {
      ruleId: instance.ruleId,
      messageId: descriptor.messageId,
      message: renderMessage(template, data),
      data,
      severity: instance.rule.meta.severity,
      level: setting.level,
      resource: resourceOf(node),
      location: descriptor.pointer ? { file: node.source.file, pointer: node.source.pointer + descriptor.pointer } : node.source,
      related: (descriptor.related ?? []).map((other) => ({ resource: resourceOf(other), location: other.source })),
      fingerprint: fingerprint(instance.ruleId, node.id, descriptor.discriminator),
    };
    const suppression = suppressionFor(finding, node, scope, activeExceptions);
    if (suppression) suppressed.push({ ...finding, suppression });
    else findings.push(finding);
  };

  const scopes = [null, ...model.accounts];
  const enabled = new Set<string>();
  for (const scope of scopes) for (const ruleId of config.settingsFor(scope).keys()) enabled.add(ruleId);
  for (const ruleId of [...enabled].sort()) {
    const missingGlobal = missingSections(config.rules.get(ruleId) as AnyRule, null);
    if (missingGlobal.length > 0) {
      markNotEvaluated(ruleId, null, missingGlobal);
      enabled.delete(ruleId);
    }
  }

  // A rule that needs data an account lacks says so for that account, whether or not it would have visited anything there.
  for (const account of model.accounts) {
    for (const ruleId of config.settingsFor(account).keys()) {
      if (!enabled.has(ruleId)) continue;
      const missing = missingSections(config.rules.get(ruleId) as AnyRule, account.accountId);
      if (missing.length > 0) markNotEvaluated(ruleId, account.accountId, missing);
    }
  }

  const dispatchByScope = new Map<AccountNode | null, Map<string, Instance[]>>();
  const dispatchFor = (scope: AccountNode | null): Map<string, Instance[]> => {
    let table = dispatchByScope.get(scope);
    if (table) return table;
    table = new Map();
    for (const [ruleId, setting] of config.settingsFor(scope)) {
      if (!enabled.has(ruleId)) continue;
      const instance = instanceFor(ruleId, setting);
      for (const kind of Object.keys(instance.visitors)) {
        const list = table.get(kind);
        if (list) list.push(instance);
        else table.set(kind, [instance]);
      }
    }
    dispatchByScope.set(scope, table);
    return table;
  };
  for (const scope of scopes) dispatchFor(scope);
  const allInstances = [...instances.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));

  for (const instance of allInstances) {
    const enter = instance.visitors.Snapshot;
    if (enter) guard(instance, null, enter);
  }
  for (const node of model.nodes()) {
    const handlers = dispatchFor(scopeOf(node)).get(node.kind);
    if (!handlers) continue;
    for (const instance of handlers) {
      if (missingSections(instance.rule, node.accountId).length > 0) continue;
      const visit = instance.visitors[node.kind] as ((node: AnyNode) => void) | undefined;
      if (visit) guard(instance, node, () => visit(node));
    }
  }
  for (const instance of allInstances) {
    const exit = instance.visitors['Snapshot:exit'];
    if (exit) guard(instance, null, exit);
  }

  const order = new Map(model.nodes().map((node, index) => [node.id, index]));
  const byPosition = (a: Finding, b: Finding) =>
    (order.get(a.resource.id) ?? 0) - (order.get(b.resource.id) ?? 0) ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.location.pointer, b.location.pointer) ||
    compare(a.fingerprint, b.fingerprint);
  findings.sort(byPosition);
  suppressed.sort(byPosition);

  return {
    findings,
    suppressed,
    notEvaluated: [...notEvaluated.values()].sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.accountId ?? '', b.accountId ?? '')),
    ruleFailures,
    diagnostics,
    rulesRun: [...enabled].sort(),
    errorCount: findings.filter((finding) => finding.level === 'error').length,
    warningCount: findings.filter((finding) => finding.level === 'warn').length,
    ruleFailureCount: ruleFailures.length,
  };
}

function resourceOf(node: AnyNode): FindingResource {
  return { kind: node.kind, id: node.id, name: node.name, accountId: node.accountId };
}

function suppressionFor(
  finding: Finding,
  node: AnyNode,
  scope: AccountNode | null,
  exceptions: readonly ResolvedException[],
): Finding['suppression'] {
  for (const exception of exceptions) {
    if (!wildcardMatch(exception.rule, finding.ruleId)) continue;
    if (exception.resource !== undefined && !resourceMatches(exception.resource, node)) continue;
    if (exception.accounts && !(node.accountId !== null && exception.accounts.some((pattern) => wildcardMatch(pattern, node.accountId as string)))) continue;
    if (exception.scope && !(scope && scopeMatches(exception.scope, scope))) continue;
    return { kind: 'exception', reason: exception.reason };
  }
  const tags = ownerTags(node);
  const ignored = tags?.[IGNORE_TAG];
  if (ignored !== undefined) {
    const ruleIds = ignored.split(/[\s,]+/).filter(Boolean);
    if (ruleIds.some((pattern) => wildcardMatch(pattern, finding.ruleId))) {
      return { kind: 'tag', reason: `${IGNORE_TAG} tag on ${node.kind === 'AccessKey' || node.kind === 'MfaDevice' ? node.user.name : node.name}` };
    }
  }
  return undefined;
}

function resourceMatches(pattern: string, node: AnyNode): boolean {
  if (wildcardMatch(pattern, node.id) || wildcardMatch(pattern, node.name)) return true;
  // A key or MFA device is covered by an exception for its user.
  if (node.kind === 'AccessKey' || node.kind === 'MfaDevice') return wildcardMatch(pattern, node.user.arn);
  return false;
}

function ownerTags(node: AnyNode): Readonly<Record<string, string>> | undefined {
  switch (node.kind) {
    case 'Account':
      return node.organizationEntry?.tags;
    case 'User':
    case 'Role':
    case 'SamlProvider':
    case 'OidcProvider':
    case 'PermissionSet':
      return node.tags;
    case 'AccessKey':
    case 'MfaDevice':
      return node.user.tags;
    default:
      return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
