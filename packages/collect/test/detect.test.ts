import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectExport } from '../src/index.js';

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
