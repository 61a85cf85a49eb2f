import type { AccountNode, AnyNode } from '../model/nodes.js';
import { wildcardMatch } from '../util/glob.js';
import { scopeMatches, type ConfigDiagnostic, type ResolvedException } from './config.js';

export const IGNORE_TAG = 'iamlint:ignore';

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
      message: `exception for rule "${exception.rule}"${exception.resource ? ` on ${exception.resource}` : ''} expired on ${exception.expires} and no longer applies (config object #${exception.configIndex + 1})`,
    });
    return false;
  });
}

/** Why a finding is suppressed: a config exception, or an ignore tag on its resource; undefined when it is not. */
export function suppressionFor(
  ruleId: string,
  node: AnyNode,
  scope: AccountNode | null,
  exceptions: readonly ResolvedException[],
): Suppression | undefined {
  for (const exception of exceptions) {
    if (!wildcardMatch(exception.rule, ruleId)) continue;
    if (exception.resource !== undefined && !resourceMatches(exception.resource, node)) continue;
    if (exception.accounts && !(node.accountId !== null && exception.accounts.some((pattern) => wildcardMatch(pattern, node.accountId as string)))) continue;
    if (exception.scope && !(scope && scopeMatches(exception.scope, scope))) continue;
    return { kind: 'exception', reason: exception.reason };
  }
  const tags = ownerTags(node);
  const ignored = tags?.[IGNORE_TAG];
  if (ignored !== undefined) {
    const ruleIds = ignored.split(/[\s,]+/).filter(Boolean);
    if (ruleIds.some((pattern) => wildcardMatch(pattern, ruleId))) {
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
