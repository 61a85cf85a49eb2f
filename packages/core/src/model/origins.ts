/** Where a part of a snapshot file was read from, when the snapshot was imported in memory from raw exports. */
export interface Origin {
  /** The input file, named as the user gave it. */
  readonly file: string;
  /** JSON pointer in the input file; '' for the whole file. */
  readonly pointer: string;
  /** The snapshot value is the input's value as it was (a policy document): deeper snapshot pointers continue inside it. */
  readonly within?: boolean;
  /** For a line of a CSV input (a credential report row), the 1-based line instead of a pointer. */
  readonly line?: number;
}

/**
 * Snapshot file → snapshot JSON pointer → origin, for the entities (and their parts) an importer read, and the
 * inputs' texts by name. A pointer with no entry of its own takes its nearest listed ancestor's.
 */
export interface SnapshotOrigins {
  readonly entries: ReadonlyMap<string, ReadonlyMap<string, Origin>>;
  readonly texts: ReadonlyMap<string, string>;
}

export function originOf(origins: SnapshotOrigins, file: string, pointer: string): Origin | undefined {
  const entries = origins.entries.get(file);
  if (!entries) return undefined;
  let prefix = pointer;
  for (;;) {
    const origin = entries.get(prefix);
    if (origin) return origin.within && prefix !== pointer ? { ...origin, pointer: origin.pointer + pointer.slice(prefix.length) } : origin;
    if (prefix === '') return undefined;
    prefix = prefix.slice(0, prefix.lastIndexOf('/'));
  }
}
