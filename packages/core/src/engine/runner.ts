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
  /**
   * Whether a rule looks at each node on its own, so that its visits of different accounts' nodes may run in different
   * parts (threads). A rule with `Snapshot` or `Snapshot:exit` visitors gathers across the snapshot and never does.
   */
  nodeLocal?: (ruleId: string, rule: AnyRule) => boolean;
}

/**
 * Where in a single-threaded run something happened: phase (0 creating rules, 1 `Snapshot`, 2 nodes, 3 `Snapshot:exit`),
 * then the rule's or node's place, the handler's place among the node's, and the order within that one call.
 */
export type RunPosition = readonly [number, number, number, number];

/** One thing a rule did, as the single-threaded run would have applied it, and where. */
export interface RuleEvent {
  position: RunPosition;
  /** The rule instance (rule id and options): events of an instance after it failed are dropped. */
  instance: string;
  finding?: Finding;
  suppressed?: Finding;
  /** Index into the run's active exceptions: this event used it. */
  exception?: number;
  /** The owner of an ignore tag that named the finding and was not allowed to suppress it. */
  ignoredTagOwner?: string;
  notEvaluated?: NotEvaluated;
  failure?: RuleFailure;
}

/** What one part of a run visits: the organization part, and/or some accounts' nodes for the node-local rules. */
export interface RulePart {
  /** Global nodes, every rule that is not node-local, `Snapshot` and `Snapshot:exit`, and creating the rules. */
  organization: boolean;
  /** The accounts whose nodes the node-local rules visit in this part. */
  accounts: 'all' | readonly string[];
}

const GLOBAL_SECTIONS = new Set<SectionId>(SECTION_IDS.filter((section) => !ACCOUNT_SECTIONS.includes(section)));

/** An instance that visits a node kind, with its visitor, and whether it lacks data in the table's scope. */
interface Handler {
  instance: Instance;
  visit: ((node: AnyNode) => void) | undefined;
  lacksSections: boolean;
}

interface Instance {
  key: string;
  ruleId: string;
  rule: AnyRule;
  setting: RuleSetting;
  visitors: RuleVisitors;
  failed: boolean;
  nodeLocal: boolean;
}

/** Runs every enabled rule over the model in one pass, then applies exceptions and ignore tags. */
export function runRules(options: RunOptions): LintResult {
  const run = new RuleRun(options);
  return run.merge([run.runPart({ organization: true, accounts: 'all' })]);
}

/**
 * Runs parts of one run, one after another, keeping the rules' instances (and the answers they memoise) between them.
 * The events of every part of a run, in any order, given to `mergeRuleParts`, give what `runRules` gives.
 */
export interface RulePartRunner {
  run(part: RulePart): RuleEvent[];
}

export function createRulePartRunner(options: RunOptions): RulePartRunner {
  const run = new RuleRun(options);
  return { run: (part) => run.runPart(part) };
}

/** The result of a run from the events of all its parts (the organization part once, each account in one part). */
export function mergeRuleParts(options: RunOptions, parts: ReadonlyArray<readonly RuleEvent[]>): LintResult {
  return new RuleRun(options).merge(parts);
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
  private readonly dispatchByScope = new Map<AccountNode | null, Map<string, Handler[]>>();
  private readonly nodeLocal: (ruleId: string, rule: AnyRule) => boolean;
  private policyQuestions: PolicyQuestions | undefined;
  private prepared = false;
  /** Events of creating the rules, handed over with the organization part. */
  private creationEvents: RuleEvent[] = [];
  private events: RuleEvent[] = [];
  private position: [number, number, number] = [0, 0, 0];
  private sequence = 0;
  private nodeIndexesByAccount: Map<string, number[]> | undefined;
  private readonly missingByRule = new Map<AnyRule, Map<string | null, readonly SectionId[]>>();

  constructor({ model, config, now = model.collectedAt, exceptionsAsOf = now, nodeLocal = () => false }: RunOptions) {
    this.model = model;
    this.nodeLocal = nodeLocal;
    this.config = config;
    this.now = now;
    this.exceptions = activeExceptions(config.exceptions, exceptionsAsOf, this.diagnostics);
    this.accountsById = new Map(model.accounts.map((account) => [account.accountId, account]));
  }

  runPart(part: RulePart): RuleEvent[] {
    if (!this.prepared) {
      this.prepare();
      this.events = this.creationEvents;
      const scopes = [null, ...this.model.accounts];
      for (const scope of scopes) this.dispatchFor(scope);
      this.creationEvents = this.events;
    }
    this.events = part.organization ? this.creationEvents : [];
    if (part.organization) this.creationEvents = [];
    this.visit(part);
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Applies the parts' events in the single-threaded run's order; an instance that failed does nothing afterwards. */
  merge(parts: ReadonlyArray<readonly RuleEvent[]>): LintResult {
    if (!this.prepared) this.prepare();
    const events = parts.flat().sort((a, b) => comparePositions(a.position, b.position));
    const failed = new Set<string>();
    for (const event of events) {
      if (failed.has(event.instance)) continue;
      if (event.failure) {
        failed.add(event.instance);
        this.ruleFailures.push(event.failure);
        continue;
      }
      if (event.notEvaluated) this.markNotEvaluated(event.notEvaluated.ruleId, event.notEvaluated.accountId, event.notEvaluated.sections);
      if (event.exception !== undefined) this.usedExceptions.add(this.exceptions[event.exception] as ResolvedException);
      if (event.suppressed) this.suppressed.push(event.suppressed);
      if (event.finding) this.findings.push(event.finding);
      if (event.ignoredTagOwner !== undefined) this.ignoredTags.set(event.ignoredTagOwner, (this.ignoredTags.get(event.ignoredTagOwner) ?? 0) + 1);
    }
    this.checkConfigUse();
    return this.result();
  }

  private prepare(): void {
    this.prepared = true;
    this.enableRules([null, ...this.model.accounts]);
  }

  /** A node-local instance visits an account's nodes in the part that has the account; any other, in the organization part. */
  private visitsIn(part: RulePart, instance: Instance, accountId: string | null, accounts: ReadonlySet<string> | 'all'): boolean {
    if (accountId === null || !instance.nodeLocal) return part.organization;
    return accounts === 'all' || accounts.has(accountId);
  }

  /** The model's indexes of the nodes a part visits, in the model's order. */
  private nodeIndexes(part: RulePart): Iterable<number> {
    const nodes = this.model.nodes();
    if (part.organization) return nodes.keys();
    if (!this.nodeIndexesByAccount) {
      this.nodeIndexesByAccount = new Map();
      nodes.forEach((node, index) => {
        if (node.accountId !== null) push(this.nodeIndexesByAccount as Map<string, number[]>, node.accountId, index);
      });
    }
    const byAccount = this.nodeIndexesByAccount;
    const accounts = part.accounts === 'all' ? [...byAccount.keys()] : part.accounts;
    return accounts.flatMap((accountId) => byAccount.get(accountId) ?? []).sort((a, b) => a - b);
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
  private visit(part: RulePart): void {
    const allInstances = [...this.instances.values()].sort((a, b) => compare(a.ruleId, b.ruleId));
    if (part.organization) {
      allInstances.forEach((instance, index) => {
        const enter = instance.visitors.Snapshot;
        if (enter) this.guard(instance, null, [1, index, 0], enter);
      });
    }
    const nodes = this.model.nodes();
    const accounts = part.accounts === 'all' ? 'all' : new Set(part.accounts);
    for (const index of this.nodeIndexes(part)) {
      const node = nodes[index] as AnyNode;
      const scope = this.scopeOf(node);
      const handlers = this.dispatchFor(scope).get(node.kind);
      if (!handlers) continue;
      // A node of an account the snapshot does not list falls in the organization's table, made for no account.
      const inScope = node.accountId === (scope === null ? null : scope.accountId);
      for (let handlerIndex = 0; handlerIndex < handlers.length; handlerIndex++) {
        const { instance, visit, lacksSections } = handlers[handlerIndex] as Handler;
        if (!this.visitsIn(part, instance, node.accountId, accounts)) continue;
        if (inScope ? lacksSections : this.missingSections(instance.rule, node.accountId).length > 0) continue;
        if (visit) this.guard(instance, node, [2, index, handlerIndex], () => visit(node));
      }
    }
    if (part.organization) {
      allInstances.forEach((instance, index) => {
        const exit = instance.visitors['Snapshot:exit'];
        if (exit) this.guard(instance, null, [3, index, 0], exit);
      });
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

  /**
   * A part missing because its whole section is says so by the section, where the reason is recorded. Asked for every
   * node a rule visits, it is worked out once per rule and account: what the snapshot holds does not change in a run.
   */
  private missingSections(rule: AnyRule, accountId: string | null): readonly SectionId[] {
    let byAccount = this.missingByRule.get(rule);
    if (byAccount === undefined) {
      byAccount = new Map();
      this.missingByRule.set(rule, byAccount);
    }
    let sections = byAccount.get(accountId);
    if (sections === undefined) {
      sections = this.findMissingSections(rule, accountId);
      byAccount.set(accountId, sections);
    }
    return sections;
  }

  private findMissingSections(rule: AnyRule, accountId: string | null): readonly SectionId[] {
    const sections = (rule.meta.requires ?? [])
      .filter((section) => this.isMissing(section, accountId))
      .map((section) => {
        const parent = SECTION_PARENTS[section];
        return parent !== undefined && this.isMissing(parent, accountId) ? parent : section;
      });
    return [...new Set(sections)];
  }

  private markNotEvaluated(ruleId: string, accountId: string | null, sections: readonly SectionId[]): void {
    const key = `${ruleId}|${accountId ?? ''}`;
    if (!this.notEvaluated.has(key)) this.notEvaluated.set(key, { ruleId, accountId, sections: [...sections] });
  }

  /** Node kind → the instances that visit it, for the rules enabled in one scope. */
  private dispatchFor(scope: AccountNode | null): Map<string, Handler[]> {
    let table = this.dispatchByScope.get(scope);
    if (table) return table;
    table = new Map();
    for (const [ruleId, setting] of this.config.settingsFor(scope)) {
      if (!this.enabled.has(ruleId)) continue;
      const instance = this.instanceFor(ruleId, setting);
      // Visitors are frozen when the rule is created, and what the scope's account lacks is fixed for the run.
      const lacksSections = this.missingSections(instance.rule, scope === null ? null : scope.accountId).length > 0;
      for (const [kind, visit] of Object.entries(instance.visitors)) push(table, kind, { instance, visit: visit as Handler['visit'] | undefined, lacksSections });
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
    const instance: Instance = { key, ruleId, rule, setting, visitors: {}, failed: false, nodeLocal: false };
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
    this.guard(instance, null, [0, this.instances.size, 0], () => {
      instance.visitors = Object.freeze(rule.create(context));
    });
    instance.nodeLocal = this.nodeLocal(ruleId, rule) && !('Snapshot' in instance.visitors) && !('Snapshot:exit' in instance.visitors);
    return instance;
  }

  /** Runs a rule's code; a rule that throws is recorded as failed and not run again. */
  private guard(instance: Instance, node: AnyNode | null, position: [number, number, number], run: () => void): void {
    if (instance.failed) return;
    this.position = position;
    this.sequence = 0;
    try {
      run();
    } catch (error) {
      instance.failed = true;
      this.record(instance, {
        failure: {
          ruleId: instance.ruleId,
          message: error instanceof Error ? error.message : String(error),
          resourceId: node?.id ?? null,
          ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
        },
      });
    }
  }

  private record(instance: Instance, event: Omit<RuleEvent, 'position' | 'instance'>): void {
    const [phase, major, minor] = this.position;
    this.events.push({ position: [phase, major, minor, this.sequence++], instance: instance.key, ...event });
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
      this.record(instance, { notEvaluated: { ruleId: instance.ruleId, accountId: node.accountId, sections: [...missing] } });
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
      this.record(instance, { exception: this.exceptions.indexOf(exception), suppressed: { ...finding, suppression: { kind: 'exception', reason: exception.reason } } });
      return;
    }
    const tag = finding.ruleId === IGNORE_TAG_RULE_ID ? undefined : ignoreTagFor(finding.ruleId, node);
    if (tag && tagMaySuppress(this.config.ignoreTags, finding.ruleId, finding.severity)) {
      // The suppression itself is a finding, keyed by what it hides: new (so seen) the first time it appears.
      const data = { tag: IGNORE_TAG, resource: tag.owner, ruleId: finding.ruleId, message: finding.message };
      this.record(instance, {
        suppressed: { ...finding, suppression: { kind: 'tag', reason: `${IGNORE_TAG} tag on ${tag.owner}` } },
        finding: {
        ...finding,
        ruleId: IGNORE_TAG_RULE_ID,
        messageId: 'suppressed',
        message: renderMessage(ignoreTagRule.meta.messages.suppressed as string, data),
        data,
        severity: 'medium',
        level: 'warn',
          fingerprint: fingerprint(IGNORE_TAG_RULE_ID, node.id, finding.fingerprint),
        },
      });
      return;
    }
    if (tag) {
      finding.ignoredTag = `${IGNORE_TAG} tag on ${tag.owner} ignored: the config does not let tags suppress this finding (ignoreTags)`;
      this.record(instance, { finding, ignoredTagOwner: tag.owner });
      return;
    }
    this.record(instance, { finding });
  }
}

function comparePositions(a: RunPosition, b: RunPosition): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}

function resourceOf(node: AnyNode): FindingResource {
  return { kind: node.kind, id: node.id, name: node.name, accountId: node.accountId };
}
