import type { AccountNode, AnyNode } from '../model/nodes.js';
import { wildcardMatch } from '../util/glob.js';
import { scopeMatches, type ConfigDiagnostic, type IgnoreTagPolicy, type ResolvedException } from './config.js';
import { SEVERITIES, type Severity } from './rule.js';

export const IGNORE_TAG = 'iamlint:ignore';
export { IGNORE_TAG_RULE_ID, ignoreTagRule } from './ignore-tag-rule.js';

export interface Suppression {
  kind: 'exception' | 'tag';
  reason: string;
}

/** The exceptions still in force on `asOf`; each expired one is a warning in `diagnostics`. */
export function activeExceptions(exceptions: readonly ResolvedException[], asOf: Date, diagnostics: ConfigDiagnostic[]): ResolvedException[] {
  return exceptions.filter((exception) => {
    if (exception.expires === undefined || Date.parse(`${exception.expires}T23:59:59.999Z`) >= asOf.getTime()) return true;
    diagnostics.push({
      level: 'warn',
      code: 'EXCEPTION_EXPIRED',
      message: `exception for rule "${exception.rule}"${exception.resource ? ` on ${exception.resource}` : ''} expired on ${exception.expires} and no longer applies (config object #${exception.configIndex + 1})`,
    });
    return false;
  });
}

/** The config exception that covers a finding, if any. */
export function exceptionFor(ruleId: string, node: AnyNode, scope: AccountNode | null, exceptions: readonly ResolvedException[]): ResolvedException | undefined {
  for (const exception of exceptions) {
    if (!wildcardMatch(exception.rule, ruleId)) continue;
    if (exception.resource !== undefined && !resourceMatches(exception.resource, node)) continue;
    if (exception.accounts && !(node.accountId !== null && exception.accounts.some((pattern) => wildcardMatch(pattern, node.accountId as string)))) continue;
    if (exception.scope && !(scope && scopeMatches(exception.scope, scope))) continue;
    return exception;
  }
  return undefined;
}

export interface IgnoreTag {
  /** The resource that carries the tag: the node, or for a key or MFA device its user. */
  owner: string;
  ruleIds: string[];
}

/** The ignore tag on a finding's resource that names its rule, if any. */
export function ignoreTagFor(ruleId: string, node: AnyNode): IgnoreTag | undefined {
  const tag = ignoreTagOf(node);
  return tag && tag.ruleIds.some((pattern) => wildcardMatch(pattern, ruleId)) ? tag : undefined;
}

export function ignoreTagOf(node: AnyNode): IgnoreTag | undefined {
  const value = ownerTags(node)?.[IGNORE_TAG];
  if (value === undefined) return undefined;
  const owner = node.kind === 'AccessKey' || node.kind === 'MfaDevice' ? `user ${node.user.name}` : `${node.kind === 'Account' ? 'account' : node.kind === 'User' ? 'user' : node.kind === 'Role' ? 'role' : node.kind} ${node.name}`;
  return { owner, ruleIds: value.split(/[\s,]+/).filter(Boolean) };
}

/** Whether the config lets a tag suppress a finding of this rule and severity. */
export function tagMaySuppress(policy: IgnoreTagPolicy | undefined, ruleId: string, severity: Severity): boolean {
  if (!policy) return false;
  if (policy.rules && !policy.rules.some((pattern) => wildcardMatch(pattern, ruleId))) return false;
  if (policy.below && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(policy.below)) return false;
  return true;
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
