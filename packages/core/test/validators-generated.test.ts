import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotSchemas } from '@iamlint/core';
import { createAjv } from '../src/json/ajv.js';
import { snapshotValidator, type SchemaName } from '../src/snapshot/validators.js';
// @ts-expect-error: a plain script, without types
import { validatorsSource } from '../../../scripts/generate-validators.mjs';

const demo = new URL('../../../fixtures/demo-org/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, demo), 'utf8'));
const samples: Record<SchemaName, unknown[]> = {
  manifest: [read('snapshot.json')],
  organization: [read('organization.json')],
  identityCenter: [read('identity-center.json')],
  account: readdirSync(new URL('accounts/', demo)).slice(0, 4).map((name) => read(`accounts/${name}`)),
};

/** Valid documents broken the ways files break: a wrong type, a missing field, an unknown one, a bad format. */
function variants(document: unknown): unknown[] {
  const out: unknown[] = [document, null, [], 'text'];
  if (typeof document !== 'object' || document === null) return out;
  for (const key of Object.keys(document)) {
    const without = { ...document } as Record<string, unknown>;
    delete without[key];
    out.push(without, { ...document, [key]: 42 }, { ...document, [key]: 'not-a-date' });
  }
  out.push({ ...document, unexpected: true });
  const users = (document as { users?: Array<Record<string, unknown>> }).users;
  if (users?.[0]) out.push({ ...document, users: [{ ...users[0], createDate: '2024-13-45T00:00:00Z' }, ...users.slice(1)] });
  return out;
}

describe('the precompiled snapshot validators', () => {
  it('are what the schemas compile to now (run `pnpm gen:validators` after changing a schema)', () => {
    const committed = readFileSync(new URL('../src/snapshot/validators.generated.ts', import.meta.url), 'utf8');
    expect((validatorsSource as () => string)() === committed, 'validators.generated.ts is stale').toBe(true);
  });

  it('accept and reject exactly as the schemas compiled at run time, with the same first error', () => {
    const ajv = createAjv();
    for (const name of Object.keys(snapshotSchemas) as SchemaName[]) {
      const compiled = ajv.compile(snapshotSchemas[name]);
      const precompiled = snapshotValidator(name);
      for (const document of samples[name].flatMap(variants)) {
        expect(precompiled(document), name).toBe(compiled(document));
        expect(precompiled.errors ?? null).toEqual(compiled.errors ?? null);
      }
    }
  });
});
