// writeCombinedExports is what `iamlint import` uses so that a large organization's files are never all in memory:
// it must hand over exactly the files combineExports returns, and read each export's text once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IamlintError } from '@iamlint/core';
import { combineExports, writeCombinedExports, type ExportInput } from '../src/index.js';

const MTIME = new Date('2023-03-10T00:00:00.250Z');
const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const OPTIONS = { toolVersion: '0.1.0-test' };

/** Inputs whose texts are counted as they are asked for, as the CLI hands them: read from disk on demand. */
function countedInputs(files: Array<[string, string]>): { inputs: ExportInput[]; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const inputs = files.map(([path, text]): ExportInput => ({
    path,
    get text() {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return text;
    },
    mtime: MTIME,
  }));
  return { inputs, reads };
}

const EXPORTS: Array<[string, string]> = [
  ['gaad.json', read('../../../fixtures/datasets/gaad-cloudsplaining-example.json')],
  ['credential-report.csv', read('./fixtures/credential-report-012345678901.csv')],
  ['describe-organization.json', read('./fixtures/describe-organization.json')],
  ['list-accounts.json', read('./fixtures/list-accounts.json')],
  ['list-roots.json', read('./fixtures/list-roots.json')],
  ['notes.txt', 'exported on Friday'],
];

describe('writeCombinedExports', () => {
  it('hands over the files and notes of combineExports, each file once, reading each export once', () => {
    const expected = combineExports(countedInputs(EXPORTS).inputs, OPTIONS);
    const { inputs, reads } = countedInputs(EXPORTS);
    const written: Array<[string, string]> = [];
    const { notes } = writeCombinedExports(inputs, OPTIONS, (path, text) => written.push([path, text]));

    expect(new Set(written.map(([path]) => path)).size).toBe(written.length);
    expect(new Map(written)).toEqual(expected.files);
    expect([...expected.files.keys()]).toEqual(['accounts/012345678901.json', 'accounts/200611803367.json', 'organization.json', 'snapshot.json']);
    expect(notes).toEqual(expected.notes);
    expect(notes[0]).toMatch(/^skipped 1 file\(s\) .*notes\.txt/);
    expect([...reads.values()]).toEqual(EXPORTS.map(() => 1));
  });

  it('writes nothing when nothing is an export, and says so', () => {
    const written: string[] = [];
    const run = () => writeCombinedExports(countedInputs([['notes.txt', 'exported on Friday']]).inputs, OPTIONS, (path) => written.push(path));
    expect(run).toThrow(IamlintError);
    expect(run).toThrow(/nothing to import: notes\.txt \(not JSON and not a credential report CSV\)/);
    expect(written).toEqual([]);
  });
});
