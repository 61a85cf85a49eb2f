import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IamlintError } from '@iamlint/core';
import { detectExport, recogniseExport } from '../src/index.js';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const GAAD = read('../../../fixtures/datasets/gaad-cloudsplaining-example.json');
const REPORT = read('./fixtures/credential-report-012345678901.csv');

describe('detectExport', () => {
  it.each([
    ['the real Cloudsplaining get-account-authorization-details export', GAAD, 'gaad'],
    ['an SDK-style export with only roles and URL-encoded documents', '{"RoleDetailList": [{"AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D"}], "Marker": "AAF"}', 'gaad'],
    ['a credential report CSV', REPORT, 'credential-report'],
    ['a credential report with CRLF and a byte-order mark', `\uFEFF${REPORT.replace(/\n/g, '\r\n')}`, 'credential-report'],
    ['the JSON of get-credential-report', JSON.stringify({ Content: Buffer.from(REPORT).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2023-03-10T09:14:02+00:00' }), 'credential-report'],
    ['describe-organization', read('./fixtures/describe-organization.json'), 'describe-organization'],
    ['list-accounts', read('./fixtures/list-accounts.json'), 'list-accounts'],
    ['list-accounts with no accounts', '{"Accounts": []}', 'list-accounts'],
    ['list-roots', read('./fixtures/list-roots.json'), 'list-roots'],
    ['a snapshot manifest', read('../../../fixtures/demo-org/snapshot.json'), 'snapshot-file'],
    ['a snapshot account file', read('../../../fixtures/demo-org/accounts/097352618404.json'), 'snapshot-file'],
    ['a snapshot organization file', read('../../../fixtures/demo-org/organization.json'), 'snapshot-file'],
    ['a snapshot identity-center file', read('../../../fixtures/demo-org/identity-center.json'), 'snapshot-file'],
    ['list-users output', '{"Users": [{"UserName": "dana", "Arn": "arn:aws:iam::123456789012:user/dana"}]}', 'unknown'],
    ['malformed JSON', '{"UserDetailList": [,]}', 'unknown'],
    ['a JSON array', '[{"UserDetailList": []}]', 'unknown'],
    ['a CSV of something else', 'name,email\ndana,dana@example.com\n', 'unknown'],
    ['an empty file', '', 'unknown'],
  ])('recognises %s', (_label, text, kind) => {
    expect(detectExport(text, 'export.out')).toBe(kind);
  });

  it('goes by content, not by the file name', () => {
    expect(detectExport(GAAD, 'credential-report.csv')).toBe('gaad');
    expect(detectExport(REPORT, 'gaad.json')).toBe('credential-report');
  });
});

describe('recogniseExport', () => {
  const deepGaad = (depth: number, tail = '') => `{"UserDetailList": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}${tail}}`;
  const refusal = (text: string) => {
    try {
      recogniseExport(text, 'exports/gaad.json');
    } catch (error) {
      return error instanceof IamlintError ? error.format() : error;
    }
    return undefined;
  };

  it('hands back the parsed JSON with the kind, byte order mark and leading space left out', () => {
    const recognised = recogniseExport(`\uFEFF\n  ${GAAD}`, 'gaad.json');
    expect(recognised.kind).toBe('gaad');
    expect(recognised.json).toEqual(JSON.parse(GAAD));
    expect(recogniseExport(REPORT, 'report.csv')).toEqual({ kind: 'credential-report' });
  });

  it('leaves JSON preceded by space JSON does not allow unparsed, for the strict parse to say where it breaks', () => {
    const recognised = recogniseExport(`\u00A0${GAAD}`, 'gaad.json');
    expect(recognised.kind).toBe('gaad');
    expect(recognised.json).toBeUndefined();
  });

  it('reads 2,000 levels of nesting and refuses 2,001, valid or malformed, object or array, in one line', () => {
    expect(recogniseExport(deepGaad(2000), 'gaad.json').kind).toBe('gaad');
    const line = 'exports/gaad.json: JSON nested deeper than 2000 levels (the limit iamlint reads) (no AWS export nests this deep; check how the file was produced)';
    expect(refusal(deepGaad(2001))).toBe(line);
    expect(refusal(deepGaad(2001, ',,'))).toBe(line);
    expect(refusal(`\uFEFF ${'['.repeat(2001)}${']'.repeat(2001)}`)).toBe(line);
    expect(refusal(`${'['.repeat(2001)}`)).toBe(line);
    expect(refusal(deepGaad(1999, ',,'))).toBeUndefined();
  });
});
