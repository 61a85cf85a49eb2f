import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from '../src/output.js';
import { tempDir } from './helpers.js';

/** A report's worth of findings whose messages carry non-ASCII names, so that UTF-8 and UTF-16 lengths part. */
function reportText(findings: number, name: string): string {
  const list = Array.from({ length: findings }, (_, index) => ({
    ruleId: 'role-trust-any-principal',
    message: `Role ${name}-${index} trusts any AWS principal`,
    resource: { kind: 'Role', id: `arn:aws:iam::123456789012:role/${name}-${index}`, accountId: '123456789012' },
  }));
  return `${JSON.stringify({ version: 1, findings: list }, null, 2)}\n`;
}

describe('writeOutputFile writes large reports byte for byte as UTF-8', () => {
  it('writes a report longer than one write, with a surrogate pair across the boundary, as Buffer.from encodes it', async () => {
    const folder = await tempDir();
    const plain = reportText(12_000, 'deploy');
    expect(plain.length).toBeGreaterThan(2 * (1 << 20));
    // An emoji (two UTF-16 units) whose halves sit on either side of the first chunk boundary.
    const split = `${'x'.repeat((1 << 20) - 1)}\u{1F680}${reportText(12_000, 'prüfer-監査')}`;
    expect(split.charCodeAt((1 << 20) - 1)).toBeGreaterThanOrEqual(0xd800);
    for (const [file, text] of [['plain.json', plain], ['split.json', split], ['empty.json', ''], ['lone.json', '\ud800 alone']] as const) {
      await writeOutputFile(join(folder, file), text);
      expect(Buffer.compare(await readFile(join(folder, file)), Buffer.from(text, 'utf8')), file).toBe(0);
    }
    expect((await readFile(join(folder, 'split.json'), 'utf8')).includes('\ufffd')).toBe(false);
    expect((await readdir(folder)).sort()).toEqual(['empty.json', 'lone.json', 'plain.json', 'split.json']);
  });
});
