import { readFile } from 'node:fs/promises';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';

function valueAt(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((value, segment) => (value as Record<string, unknown>)[segment], document);
}

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Expected {
  findings: Array<{ rule: string; resource: string }>;
  mustNotFire: Array<{ rule: string; resource: string }>;
  notEvaluated: Array<{ rule: string; accountId: string }>;
}

const expected = JSON.parse(await readFile(new URL('../../../fixtures/demo-org.expected.json', import.meta.url), 'utf8')) as Expected;
const options = { path: 'fixtures/demo-org', cwd: repositoryRoot, configPath: 'fixtures/recommended.config.json', today: new Date('2026-11-23T00:00:00Z') };

describe('the demo organization, audited with iamlint:recommended', () => {
  it('reports exactly the planted problems, and nothing for the planted good cases', async () => {
    const { result } = await audit(options);
    const actual = result.findings.map((finding) => `${finding.ruleId} ${finding.resource.id}`).sort();
    expect(actual).toEqual(expected.findings.map((finding) => `${finding.rule} ${finding.resource}`).sort());
    const fired = new Set(actual);
    expect(expected.mustNotFire.filter((entry) => fired.has(`${entry.rule} ${entry.resource}`))).toEqual([]);
    expect(result.ruleFailures).toEqual([]);
  });

  it('says which rules could not be evaluated, and where', async () => {
    const { result } = await audit(options);
    expect(result.notEvaluated.map((entry) => `${entry.ruleId} ${entry.accountId}`).sort()).toEqual(
      expected.notEvaluated.map((entry) => `${entry.rule} ${entry.accountId}`).sort(),
    );
  });

  it('writes SARIF that validates against the official schema, each result on the line of the offending entity', async () => {
    const { output, result } = await audit({ ...options, format: 'sarif' });
    const sarif = JSON.parse(output) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    const schema = JSON.parse(await readFile(new URL('../../core/test/fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
    const ajv = new ajvDraft04.default({ allErrors: true });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(result.findings.length);
    for (const [index, sarifResult] of results.entries()) {
      const finding = result.findings[index]!;
      const { uri } = sarifResult.locations[0]!.physicalLocation.artifactLocation;
      const { startLine } = sarifResult.locations[0]!.physicalLocation.region;
      expect(uri).toBe(`fixtures/demo-org/${finding.location.file}`);
      const text = await readFile(new URL(`../../../${uri}`, import.meta.url), 'utf8');
      const line = text.split('\n')[startLine - 1]!;
      const segment = finding.location.pointer.split('/').pop()!;
      if (finding.location.pointer === '') {
        expect(startLine).toBe(1);
      } else if (!/^\d+$/.test(segment)) {
        expect(line).toContain(`"${segment}":`);
      } else {
        // An array element is placed on its first property: the line that names the entity.
        const value = valueAt(JSON.parse(text), finding.location.pointer) as Record<string, unknown>;
        const [firstKey, firstValue] = Object.entries(value)[0]!;
        expect(line.trim()).toBe(`${JSON.stringify(firstKey)}: ${JSON.stringify(firstValue)},`);
        expect(text.split('\n')[startLine - 2]!.trim()).toBe('{');
      }
    }
  });
});
