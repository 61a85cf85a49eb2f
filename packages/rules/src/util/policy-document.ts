export interface PolicyStatement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** The statements of a decoded policy document, whether Statement is one object or a list. */
export function statementsOf(document: unknown): PolicyStatement[] {
  if (typeof document !== 'object' || document === null) return [];
  const statement = (document as { Statement?: unknown }).Statement;
  return listOf(statement).filter(
    (item): item is PolicyStatement => typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

/** A policy element that may be a single value or a list, as a list. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
