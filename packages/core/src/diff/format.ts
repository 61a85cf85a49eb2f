import { noColors, type Colors } from '../formatters/context.js';
import { fold, MARKDOWN_MAX_ROWS, table } from '../formatters/markdown.js';
import { escapeMarkdown, plural, sanitizeForTerminal } from '../formatters/shared.js';
import { entityScopeKey, isEmptyDiff } from './diff.js';
import type { AccessChange, EntityChange, FieldChange, PermissionChange, Scalar, SnapshotDiff } from './types.js';

export type DiffFormatName = 'stylish' | 'json' | 'markdown';
export const DIFF_FORMATS: readonly DiffFormatName[] = ['stylish', 'json', 'markdown'];

export interface DiffFormatOptions {
  /** How to name each snapshot, e.g. `snapshots/acme@HEAD~1` and `snapshots/acme`. */
  oldLabel: string;
  newLabel: string;
  /** Terminal colours for stylish; none unless given. */
  colors?: Colors;
}

export function formatDiff(diff: SnapshotDiff, format: DiffFormatName, options: DiffFormatOptions): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'markdown':
      return formatDiffMarkdown(diff, options);
    case 'stylish':
      return formatDiffStylish(diff, options);
    default:
      throw new Error(`unknown diff format "${String(format)}" (one of ${DIFF_FORMATS.join(', ')})`);
  }
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  trustPolicy: 'trust policy',
  inlinePolicy: 'inline policy',
  attachedManagedPolicies: 'managed policies',
  managedPolicies: 'managed policies',
  customerManagedPolicies: 'customer managed policies',
  consolePassword: 'console password',
  permissionsBoundary: 'permissions boundary',
  sessionDuration: 'session duration',
  maxSessionDuration: 'max session duration',
  provisionedAccounts: 'provisioned in',
  signingCertificates: 'signing certificates',
  defaultVersionId: 'default version',
  passwordEnabled: 'root password',
  mfaActive: 'MFA',
  accessKeys: 'access keys',
  clientIds: 'client ids',
  parentId: 'parent',
};
const POLICY_SET_FIELDS = new Set(['attachedManagedPolicies', 'managedPolicies']);

/** One change of one field, e.g. `session duration PT1H → PT8H` or `managed policies +AdministratorAccess`. */
export function describeField(change: FieldChange): string {
  const label = FIELD_LABELS[change.field] ?? change.field;
  switch (change.type) {
    case 'value':
      return `${label} ${showScalar(change.from)} → ${showScalar(change.to)}`;
    case 'document':
      return `${label} ${change.change}`;
    case 'set': {
      const short = (member: string) => (POLICY_SET_FIELDS.has(change.field) ? member.slice(member.lastIndexOf('/') + 1) : member);
      const members = [...change.added.map((member) => `+${short(member)}`), ...change.removed.map((member) => `−${short(member)}`)];
      return `${label} ${members.join(', ')}`;
    }
  }
}

function showScalar(value: Scalar): string {
  return value === null ? 'none' : String(value);
}

/** What happened to an entity beyond added/removed: its fields, and who can newly assume a role. */
export function describeEntity(change: EntityChange): string {
  const parts: string[] = [];
  if (change.event) parts.push(change.event);
  else if (change.change !== 'changed') parts.push(change.change);
  if (change.kind !== 'AccessKey' || change.fields.some((field) => field.field !== 'status')) parts.push(...change.fields.map(describeField));
  if (change.trust?.added.length) parts.push(`newly trusted: ${change.trust.added.map((entity) => entity.label).join(', ')}`);
  if (change.trust?.removed.length) parts.push(`no longer trusted: ${change.trust.removed.map((entity) => entity.label).join(', ')}`);
  return parts.join('; ');
}

export function describeAccess(change: AccessChange): string {
  const scope = `${change.service} ${change.accessLevel}`;
  const conditional = change.conditional ? ' (with conditions)' : '';
  if (change.count === 1) return `${scope}: ${change.actions[0] ?? ''}${conditional}`;
  const all = change.count === change.total ? `all ${change.count} actions` : `${change.count} of ${change.total} actions`;
  const shown = change.actions.slice(0, 3).join(', ');
  return `${scope}: ${all} (${shown}${change.count > 3 ? ', …' : ''})${conditional}`;
}

function describeAdmin(change: PermissionChange): string {
  const conditional = change.after.conditional ? ' (under conditions)' : '';
  const isNew = change.status === 'added' ? `new ${change.principal.kind === 'PermissionSet' ? 'permission set' : change.principal.kind.toLowerCase()}, ` : '';
  if (change.adminChange === 'gained') {
    const through = change.grantedBy.length > 0 ? ` through ${change.grantedBy.join(', ')}` : '';
    return `${isNew}gained administrator access${conditional}${through}`;
  }
  return 'lost administrator access';
}

function describePolicies(change: PermissionChange): string {
  const { added, removed, changed } = change.policies;
  return [...added.map((label) => `+${label}`), ...removed.map((label) => `−${label}`), ...changed.map((label) => `~${label} (document changed)`)].join(', ');
}

/** `111111111111 (production)`, the bare id when neither snapshot names it, or `identity center`. */
export function diffAccountLabel(diff: SnapshotDiff, accountId: string | null): string {
  if (accountId === null) return 'identity center';
  const name = diff.accountNames[accountId];
  return name === undefined ? accountId : `${accountId} (${name})`;
}

function entityScopeLabel(diff: SnapshotDiff, change: EntityChange): string {
  const key = entityScopeKey(change);
  if (key === '0|') return 'organization';
  if (key === '1|') return 'AWS managed policies';
  if (key === '3|') return 'identity center';
  return diffAccountLabel(diff, change.accountId);
}

function summaryText(diff: SnapshotDiff): string {
  const { summary } = diff;
  return [
    `${plural(summary.adminGained, 'principal')} gained admin${summary.adminAssumersGained > 0 ? ` (${summary.adminAssumersGained} by a new trust of an admin role)` : ''}`,
    `${summary.adminLost} lost admin`,
    `${plural(summary.principalsChanged, 'principal')} with changed permissions`,
    `${summary.added} added, ${summary.removed} removed, ${summary.changed} changed ${summary.added + summary.removed + summary.changed === 1 ? 'entity' : 'entities'}`,
  ].join(', ');
}

const NO_CHANGES = 'No changes in who can do what.';

function formatDiffStylish(diff: SnapshotDiff, options: DiffFormatOptions): string {
  const c = options.colors ?? noColors;
  const t = sanitizeForTerminal;
  const lines: string[] = [
    `${c.bold('iamlint diff')}`,
    `  old: ${t(options.oldLabel)} ${c.dim(`(collected ${diff.old.collectedAt})`)}`,
    `  new: ${t(options.newLabel)} ${c.dim(`(collected ${diff.new.collectedAt})`)}`,
    '',
  ];
  for (const warning of diff.warnings) lines.push(c.yellow(`⚠ ${t(warning)}`));
  if (diff.warnings.length > 0) lines.push('');
  if (isEmptyDiff(diff)) {
    lines.push(c.green(NO_CHANGES));
    return `${lines.join('\n')}\n`;
  }

  if (diff.permissions.length > 0) {
    lines.push(c.bold('Permissions'));
    for (const change of diff.permissions) {
      const heading = `${change.principal.kind} ${t(change.principal.name)}  ${c.dim(t(diffAccountLabel(diff, change.principal.accountId)))}`;
      if (change.adminChange === 'gained') lines.push(`  ${c.red(c.bold('▲ admin'))} ${heading}  ${c.red(t(describeAdmin(change)))}`);
      else if (change.adminChange === 'lost') lines.push(`  ${c.green('▼ admin')} ${heading}  ${t(describeAdmin(change))}`);
      else lines.push(`  ${heading}`);
      for (const access of change.gained) lines.push(`      ${c.red('+')} ${t(describeAccess(access))}`);
      for (const access of change.lost) lines.push(`      ${c.green('-')} ${t(describeAccess(access))}`);
      const policies = describePolicies(change);
      if (policies) lines.push(`      ${c.dim('policies')} ${t(policies)}`);
      if (change.notEvaluated.length > 0) {
        lines.push(`      ${c.yellow('not evaluated')} ${t(change.notEvaluated.join(', '))} ${c.dim('(document not in the snapshot: effect unknown)')}`);
      }
    }
    lines.push('');
  }

  if (diff.entities.length > 0) {
    lines.push(c.bold('Changes'));
    let scope: string | undefined;
    for (const change of diff.entities) {
      const label = entityScopeLabel(diff, change);
      if (label !== scope) {
        scope = label;
        lines.push(`  ${c.underline(t(label))}`);
      }
      const sign = change.change === 'added' ? c.green('+') : change.change === 'removed' ? c.red('-') : c.yellow('~');
      const owner = change.owner ? ` ${c.dim(`(${t(change.owner)})`)}` : '';
      lines.push(`    ${sign} ${change.kind} ${t(change.name)}${owner}  ${t(describeEntity(change))}`);
    }
    lines.push('');
  }

  const summary = summaryText(diff);
  lines.push(diff.summary.adminGained > 0 ? c.red(c.bold(`✖ ${summary}`)) : summary);
  return `${lines.join('\n')}\n`;
}

function formatDiffMarkdown(diff: SnapshotDiff, options: DiffFormatOptions): string {
  const text = escapeMarkdown;
  const blocks: string[] = [`## iamlint diff: ${text(options.oldLabel)} → ${text(options.newLabel)}`];
  if (isEmptyDiff(diff)) {
    blocks.push(`✅ ${NO_CHANGES}`);
  } else {
    blocks.push(`${diff.summary.adminGained > 0 ? '❌' : '📝'} ${text(summaryText(diff))}`);
  }
  if (diff.warnings.length > 0) blocks.push(diff.warnings.map((warning) => `- ⚠️ ${text(warning)}`).join('\n'));

  const admin = diff.permissions.filter((change) => change.adminChange !== null);
  if (admin.length > 0) {
    blocks.push('### Administrator access');
    const rows = admin.map((change) => [
      change.adminChange === 'gained' ? '🔴 gained' : '🟢 lost',
      `${change.principal.kind} ${text(change.principal.name)}`,
      text(diffAccountLabel(diff, change.principal.accountId)),
      text(describeAdmin(change)),
    ]);
    blocks.push(capped(table(['Admin', 'Principal', 'Account', 'Details'], ['---', '---', '---', '---'], rows.slice(0, MARKDOWN_MAX_ROWS)), rows.length, 'principal'));
  }

  const others = diff.permissions.filter((change) => change.adminChange === null);
  if (others.length > 0) {
    blocks.push('### Permission changes');
    const rows = others.map((change) => [
      `${change.principal.kind} ${text(change.principal.name)}`,
      text(diffAccountLabel(diff, change.principal.accountId)),
      change.gained.map((access) => text(describeAccess(access))).join('<br>'),
      change.lost.map((access) => text(describeAccess(access))).join('<br>'),
      [describePolicies(change), change.notEvaluated.length > 0 ? `not evaluated (document not in the snapshot): ${change.notEvaluated.join(', ')}` : '']
        .filter(Boolean)
        .map(text)
        .join('<br>'),
    ]);
    blocks.push(capped(table(['Principal', 'Account', 'Gained', 'Lost', 'Policies'], ['---', '---', '---', '---', '---'], rows.slice(0, MARKDOWN_MAX_ROWS)), rows.length, 'principal'));
  }

  if (diff.entities.length > 0) {
    blocks.push('### Changes');
    const rows = diff.entities.map((change) => [
      change.change === 'added' ? '➕ added' : change.change === 'removed' ? '➖ removed' : '✏️ changed',
      change.kind,
      text(change.owner ? `${change.name} (${change.owner})` : change.name),
      text(entityScopeLabel(diff, change)),
      text(describeEntity(change)),
    ]);
    blocks.push(capped(table(['Change', 'Kind', 'Name', 'Scope', 'Details'], ['---', '---', '---', '---', '---'], rows.slice(0, MARKDOWN_MAX_ROWS)), rows.length, 'change'));
  }

  blocks.push(`<sub>old collected ${text(diff.old.collectedAt)} · new collected ${text(diff.new.collectedAt)}</sub>`);
  return `${blocks.join('\n\n')}\n`;
}

function capped(content: string, rowCount: number, noun: string): string {
  const folded = fold(content, rowCount, plural(rowCount, noun));
  if (rowCount <= MARKDOWN_MAX_ROWS) return folded;
  return `${folded}\n\n_${rowCount - MARKDOWN_MAX_ROWS} more are not shown; the JSON output has them all._`;
}
