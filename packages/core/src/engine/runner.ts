import { ACCOUNT_SECTIONS, type Model } from '../model/model.js';
import type { AccountNode, AnyNode, NodeKind, SourceRef } from '../model/nodes.js';
import { createPolicyQuestions } from '../policy/questions/index.js';
import type { PolicyQuestions } from '../policy/questions/types.js';
import { SECTION_IDS, SECTION_PARENTS, type SectionId } from '../snapshot/schema.js';
import { compare } from '../util/compare.js';
import { push } from '../util/collections.js';
import type { ConfigDiagnostic, ResolvedConfig, ResolvedException, RuleSetting } from './config.js';
import { fingerprint } from './fingerprint.js';
import { renderMessage, type AnyRule, type ReportData, type ReportDescriptor, type RuleContext, type RuleVisitors, type Severity } from './rule.js';
import { activeExceptions, exceptionFor, IGNORE_TAG, IGNORE_TAG_RULE_ID, ignoreTagRule, ignoreTagFor, ignoreTagOf, tagMaySuppress, type Suppression } from './suppression.js';
import { wildcardMatch } from '../util/glob.js';

export { IGNORE_TAG, IGNORE_TAG_RULE_ID } from './suppression.js';
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
  suppression?: Suppression;
  /** An `iamlint:ignore` tag named this finding's rule, and the config did not let it suppress: why, in words. */
  ignoredTag?: string;
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

const GLOBAL_SECTIONS = new Set<SectionId>(SECTION_IDS.filter((section) => !ACCOUNT_SECTIONS.includes(section)));

interface Instance {
  ruleId: string;
  rule: AnyRule;
  setting: RuleSetting;
  visitors: RuleVisitors;
  failed: boolean;
}

/** Runs every enabled rule over the model in one pass, then applies exceptions and ignore tags. */
export function runRules(options: RunOptions): LintResult {
  return new RuleRun(options).run();
}

/**
 * One run: which rules are enabled where, one instance per rule and options (accounts sharing options share it),
 * a dispatch table per account from node kind to instances, and what the instances report.
 */
class RuleRun {
  private readonly model: Model;
  private readonly config: ResolvedConfig;
  private readonly now: Date;
  private readonly findings: Finding[] = [];
  private readonly suppressed: Finding[] = [];
  private readonly ruleFailures: RuleFailure[] = [];
  private readonly notEvaluated = new Map<string, NotEvaluated>();
  private readonly diagnostics: ConfigDiagnostic[] = [];
  private readonly exceptions: readonly ResolvedException[];
  private readonly usedExceptions = new Set<ResolvedException>();
  /** Tag owner → how many findings its ignore tag named but could not suppress. */
  private readonly ignoredTags = new Map<string, number>();
  private readonly accountsById: ReadonlyMap<string, AccountNode>;
  private readonly enabled = new Set<string>();
  private readonly instances = new Map<string, Instance>();
  private readonly dispatchByScope = new Map<AccountNode | null, Map<string, Instance[]>>();
  private policyQuestions: PolicyQuestions | undefined;

  constructor({ model, config, now = model.collectedAt, exceptionsAsOf = now }: RunOptions) {
    this.model = model;
    this.config = config;
    this.now = now;
    this.exceptions = activeExceptions(config.exceptions, exceptionsAsOf, this.diagnostics);
    this.accountsById = new Map(model.accounts.map((account) => [account.accountId, account]));
  }

  run(): LintResult {
    const scopes = [null, ...this.model.accounts];
    this.enableRules(scopes);
    for (const scope of scopes) this.dispatchFor(scope);
    this.visit();
    this.checkConfigUse();
    return this.result();
  }

  /** Warnings for config that did nothing here, and for ignore tags that were ignored or name unknown rules. */
  private checkConfigUse(): void {
    const { diagnostics, model, config } = this;
    for (const exception of this.exceptions) {
      if (this.usedExceptions.has(exception)) continue;
      diagnostics.push({
        level: 'warn',
        code: 'EXCEPTION_UNUSED',
        message: `exception for rule "${exception.rule}"${exception.resource ? ` on ${exception.resource}` : ''} (config object #${exception.configIndex + 1}) matched no finding; remove it`,
      });
    }
    config.objects.forEach((object, index) => {
      const where = `config object #${index + 1}${typeof object.name === 'string' ? ` "${object.name}"` : ''}`;
      for (const pattern of object.accounts ?? []) {
        if (model.accounts.some((account) => wildcardMatch(pattern, account.accountId))) continue;
        const byName = model.accounts.find((account) => account.name !== account.accountId && wildcardMatch(pattern, account.name));
        diagnostics.push(
          byName
            ? { level: 'warn', code: 'SCOPE_NAME_NOT_ID', message: `${where}: "accounts" takes account ids, and "${pattern}" is the name of account ${byName.accountId}; write the id` }
            : { level: 'warn', code: 'SCOPE_UNMATCHED', message: `${where}: no account in the snapshot matches "${pattern}" in "accounts", so that part of the config does nothing` },
        );
      }
      for (const pattern of object.ous ?? []) {
        const matches = model.accounts.some((account) => account.ouPath.some((ou) => wildcardMatch(pattern, ou.id) || wildcardMatch(pattern, ou.name)));
        if (!matches) diagnostics.push({ level: 'warn', code: 'SCOPE_UNMATCHED', message: `${where}: no OU in the snapshot (by id or name) matches "${pattern}" in "ous", so that part of the config does nothing` });
      }
    });
    for (const [owner, count] of this.ignoredTags) {
      diagnostics.push({
        level: 'warn',
        code: 'TAG_IGNORED',
        message: `${IGNORE_TAG} tag on ${owner} was ignored (${count} finding${count === 1 ? '' : 's'} reported anyway): tags in the audited account suppress only when the config sets ignoreTags`,
      });
    }
    for (const node of model.nodes()) {
      const tag = ignoreTagOf(node);
      if (!tag || (node.kind === 'AccessKey' || node.kind === 'MfaDevice')) continue;
      for (const ruleId of tag.ruleIds) {
        if (ruleId.includes('*') || ruleId.includes('?') || config.rules.has(ruleId)) continue;
        diagnostics.push({ level: 'warn', code: 'TAG_UNKNOWN_RULE', message: `${IGNORE_TAG} tag on ${tag.owner} names an unknown rule "${ruleId}"` });
      }
    }
  }

  /** The rules some scope turns on, less those that lack organization-wide data; per account, the data it lacks. */
  private enableRules(scopes: ReadonlyArray<AccountNode | null>): void {
    const { config, enabled } = this;
    for (const scope of scopes) for (const ruleId of config.settingsFor(scope).keys()) enabled.add(ruleId);
    for (const ruleId of [...enabled].sort()) {
      const missingGlobal = this.missingSections(config.rules.get(ruleId) as AnyRule, null);
      if (missingGlobal.length > 0) {
        this.markNotEvaluated(ruleId, null, missingGlobal);
        enabled.delete(ruleId);
      }
    }
    // A rule that needs data an account lacks says so for that account, whether or not it would have visited anything there.
    for (const account of this.model.accounts) {
      for (const ruleId of config.settingsFor(account).keys()) {
        if (!enabled.has(ruleId)) continue;
        const missing = this.missingSections(config.rules.get(ruleId) as AnyRule, account.accountId);
        if (missing.length > 0) this.markNotEvaluated(ruleId, account.accountId, missing);
      }
    }
  }

  /** `Snapshot` for every instance, each node to the instances of its scope that visit its kind, then `Snapshot:exit`. */
  private visit(): void {
    const allInstances = [...this.instances.values()].sort((a, b) => compare(a.ruleId, b.ruleId));
    for (const instance of allInstances) {
      const enter = instance.visitors.Snapshot;
      if (enter) this.guard(instance, null, enter);
    }
    for (const node of this.model.nodes()) {
      const handlers = this.dispatchFor(this.scopeOf(node)).get(node.kind);
      if (!handlers) continue;
      for (const instance of handlers) {
        if (this.missingSections(instance.rule, node.accountId).length > 0) continue;
        const visit = instance.visitors[node.kind] as ((node: AnyNode) => void) | undefined;
        if (visit) this.guard(instance, node, () => visit(node));
      }
    }
    for (const instance of allInstances) {
      const exit = instance.visitors['Snapshot:exit'];
      if (exit) this.guard(instance, null, exit);
    }
  }

  private result(): LintResult {
    const { findings, suppressed, ruleFailures } = this;
    const order = new Map(this.model.nodes().map((node, index) => [node.id, index]));
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
      notEvaluated: [...this.notEvaluated.values()].sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.accountId ?? '', b.accountId ?? '')),
      ruleFailures,
      diagnostics: this.diagnostics,
      rulesRun: [...this.enabled].sort(),
      errorCount: findings.filter((finding) => finding.level === 'error').length,
      warningCount: findings.filter((finding) => finding.level === 'warn').length,
      ruleFailureCount: ruleFailures.length,
    };
  }

  private scopeOf(node: AnyNode): AccountNode | null {
    return node.accountId === null ? null : (this.accountsById.get(node.accountId) ?? null);
  }

  private isMissing(section: SectionId, accountId: string | null): boolean {
    return GLOBAL_SECTIONS.has(section) ? !this.model.isCollected(section, null) : accountId !== null && !this.model.isCollected(section, accountId);
  }

  /** A part missing because its whole section is says so by the section, where the reason is recorded. */
  private missingSections(rule: AnyRule, accountId: string | null): SectionId[] {
    const sections = (rule.meta.requires ?? [])
      .filter((section) => this.isMissing(section, accountId))
      .map((section) => {
        const parent = SECTION_PARENTS[section];
        return parent !== undefined && this.isMissing(parent, accountId) ? parent : section;
      });
    return [...new Set(sections)];
  }

  private markNotEvaluated(ruleId: string, accountId: string | null, sections: SectionId[]): void {
    const key = `${ruleId}|${accountId ?? ''}`;
    if (!this.notEvaluated.has(key)) this.notEvaluated.set(key, { ruleId, accountId, sections });
  }

  /** Node kind → the instances that visit it, for the rules enabled in one scope. */
  private dispatchFor(scope: AccountNode | null): Map<string, Instance[]> {
    let table = this.dispatchByScope.get(scope);
    if (table) return table;
    table = new Map();
    for (const [ruleId, setting] of this.config.settingsFor(scope)) {
      if (!this.enabled.has(ruleId)) continue;
      const instance = this.instanceFor(ruleId, setting);
      for (const kind of Object.keys(instance.visitors)) push(table, kind, instance);
    }
    this.dispatchByScope.set(scope, table);
    return table;
  }

  private instanceFor(ruleId: string, setting: RuleSetting): Instance {
    const key = `${ruleId}\u0000${setting.optionsKey}`;
    const existing = this.instances.get(key);
    if (existing) return existing;
    const { model, now } = this;
    const rule = this.config.rules.get(ruleId) as AnyRule;
    const instance: Instance = { ruleId, rule, setting, visitors: {}, failed: false };
    const policy = (): PolicyQuestions => (this.policyQuestions ??= createPolicyQuestions(model, { now }));
    const context: RuleContext = {
      id: ruleId,
      options: setting.options,
      model,
      now,
      get policy() {
        return policy();
      },
      report: (descriptor) => this.report(instance, descriptor),
    };
    this.instances.set(key, instance);
    this.guard(instance, null, () => {
      instance.visitors = Object.freeze(rule.create(context));
    });
    return instance;
  }

  /** Runs a rule's code; a rule that throws is recorded as failed and not run again. */
  private guard(instance: Instance, node: AnyNode | null, run: () => void): void {
    if (instance.failed) return;
    try {
      run();
    } catch (error) {
      instance.failed = true;
      this.ruleFailures.push({
        ruleId: instance.ruleId,
        message: error instanceof Error ? error.message : String(error),
        resourceId: node?.id ?? null,
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
      });
    }
  }

  private report(instance: Instance, descriptor: ReportDescriptor<string>): void {
    const { node } = descriptor;
    const template = instance.rule.meta.messages[descriptor.messageId];
    if (template === undefined) throw new Error(`reported an unknown messageId "${descriptor.messageId}"`);
    const scope = this.scopeOf(node);
    const setting = this.config.settingsFor(scope).get(instance.ruleId);
    // A report about a resource governed by other options (or none) belongs to another instance.
    if (!setting || setting.optionsKey !== instance.setting.optionsKey) return;
    const missing = this.missingSections(instance.rule, node.accountId);
    if (missing.length > 0) {
      this.markNotEvaluated(instance.ruleId, node.accountId, missing);
      return;
    }
    const data = descriptor.data ?? {};
    const finding: Finding = {
      ruleId: instance.ruleId,
      messageId: descriptor.messageId,
      message: renderMessage(template, data),
      data,
      severity: descriptor.severity ?? instance.rule.meta.severity,
      level: setting.level,
      resource: resourceOf(node),
      location: descriptor.pointer ? { file: node.source.file, pointer: node.source.pointer + descriptor.pointer } : node.source,
      related: (descriptor.related ?? []).map((other) => ({ resource: resourceOf(other), location: other.source })),
      fingerprint: fingerprint(instance.ruleId, node.id, descriptor.discriminator),
    };
    const exception = exceptionFor(finding.ruleId, node, scope, this.exceptions);
    if (exception) {
      this.usedExceptions.add(exception);
      this.suppressed.push({ ...finding, suppression: { kind: 'exception', reason: exception.reason } });
      return;
    }
    const tag = finding.ruleId === IGNORE_TAG_RULE_ID ? undefined : ignoreTagFor(finding.ruleId, node);
    if (tag && tagMaySuppress(this.config.ignoreTags, finding.ruleId, finding.severity)) {
      this.suppressed.push({ ...finding, suppression: { kind: 'tag', reason: `${IGNORE_TAG} tag on ${tag.owner}` } });
      // The suppression itself is a finding, keyed by what it hides: new (so seen) the first time it appears.
      const data = { tag: IGNORE_TAG, resource: tag.owner, ruleId: finding.ruleId, message: finding.message };
      this.findings.push({
        ...finding,
        ruleId: IGNORE_TAG_RULE_ID,
        messageId: 'suppressed',
        message: renderMessage(ignoreTagRule.meta.messages.suppressed as string, data),
        data,
        severity: 'medium',
        level: 'warn',
        fingerprint: fingerprint(IGNORE_TAG_RULE_ID, node.id, finding.fingerprint),
      });
      return;
    }
    if (tag) {
      finding.ignoredTag = `${IGNORE_TAG} tag on ${tag.owner} ignored: the config does not let tags suppress this finding (ignoreTags)`;
      this.ignoredTags.set(tag.owner, (this.ignoredTags.get(tag.owner) ?? 0) + 1);
    }
    this.findings.push(finding);
  }
}

function resourceOf(node: AnyNode): FindingResource {
  return { kind: node.kind, id: node.id, name: node.name, accountId: node.accountId };
}
