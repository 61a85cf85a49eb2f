/**
 * A data file beside the published bundle: string constants and tables of strings, one per line, tab-separated,
 * ASCII only. The action catalogue's two megabytes of strings live there instead of in cli.cjs, where each run paid
 * to read, hash and decode them with the code and to deserialise them from the V8 code cache; this file is read as
 * Latin-1, which for ASCII is a copy, and split on first use.
 */
export type BundleDataValue = string | readonly (readonly string[])[];
export type BundleData = Readonly<Record<string, BundleDataValue>>;

const MAGIC = 'iamlint-bundle-data';
const VERSION = '1';
const END = 'end';
const UNSAFE = /[^\x20-\x7e]/;

/** The file's text; throws when a name or value holds a tab, a line break or a non-ASCII character. */
export function encodeBundleData(data: BundleData): string {
  const lines = [`${MAGIC}\t${VERSION}\t${Object.keys(data).length}`];
  const checked = (name: string, text: string): string => {
    const bad = UNSAFE.exec(text);
    if (bad !== null) throw new Error(`bundle data: ${name} holds U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${bad.index}, which the file cannot carry`);
    return text;
  };
  for (const [name, value] of Object.entries(data)) {
    checked('a name', name);
    if (typeof value === 'string') {
      lines.push(`${name}\ts\t${checked(name, value)}`);
      continue;
    }
    if (!isStringTable(value)) throw new Error(`bundle data: ${name} is neither a string nor a table of strings`);
    lines.push(`${name}\tt\t${value.length}`);
    for (const row of value) lines.push(row.map((field) => checked(name, field)).join('\t'));
  }
  lines.push(END);
  return `${lines.join('\n')}\n`;
}

/** A row of no fields would come back as one empty field: a table's rows hold at least one. */
function isStringTable(value: unknown): value is readonly (readonly string[])[] {
  return Array.isArray(value) && value.every((row: unknown) => Array.isArray(row) && row.length > 0 && row.every((field) => typeof field === 'string'));
}

/** The constants again; throws on a file that is not one, of another version, or cut short. */
export function decodeBundleData(text: string): BundleData {
  const lines = text.split('\n');
  const [magic, version, count] = lines[0]!.split('\t');
  if (magic !== MAGIC || version !== VERSION) throw new Error(`bundle data: not a version ${VERSION} data file`);
  const data: Record<string, BundleDataValue> = {};
  let at = 1;
  for (let entry = 0; entry < Number(count); entry++) {
    const line = lines[at++];
    const tab = line?.indexOf('\t') ?? -1;
    const kind = line?.slice(tab + 1, tab + 2);
    if (line === undefined || tab < 0 || line[tab + 2] !== '\t' || (kind !== 's' && kind !== 't')) throw new Error(`bundle data: entry ${entry + 1} is damaged`);
    const name = line.slice(0, tab);
    const rest = line.slice(tab + 3);
    if (kind === 's') {
      data[name] = rest;
      continue;
    }
    const rows = Number(rest);
    if (!Number.isSafeInteger(rows) || at + rows > lines.length) throw new Error(`bundle data: ${name} is cut short`);
    data[name] = lines.slice(at, at + rows).map((row) => row.split('\t'));
    at += rows;
  }
  if (lines[at] !== END || lines.length !== at + 2 || lines[at + 1] !== '') throw new Error('bundle data: the file does not end where its entries do');
  return data;
}
