import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const { version } = JSON.parse(await readFile(new URL('packages/cli/package.json', root), 'utf8')) as { version: string };

/** Lines that run iamlint through npx without the release version, or use an action without a tag or commit. */
function unpinned(text: string, release: string): string[] {
  return text.split('\n').filter((line) => {
    for (const match of line.matchAll(/\bnpx\s+(?:(?:--yes|-y)\s+)?iamlint(@[^\s`'")]+)?/g)) {
      if (match[1] !== `@${release}`) return true;
    }
    const action = /\buses:\s*([^\s#]+)/.exec(line)?.[1];
    if (action && !action.startsWith('./')) {
      const ref = action.split('@')[1];
      if (!ref || !/^(?:v\d+(?:\.\d+\.\d+)?|[0-9a-f]{40})$/.test(ref)) return true;
    }
    return false;
  });
}

async function documents(): Promise<Array<{ path: string; text: string }>> {
  const docs = (await readdir(new URL('docs/', root))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  return Promise.all(['README.md', ...docs, 'examples/plugin-acme/README.md'].map(async (path) => ({ path, text: await readFile(new URL(path, root), 'utf8') })));
}

describe('commands and actions in the docs are pinned', () => {
  it(`runs npx iamlint@${version} (packages/cli/package.json's version) and tagged actions everywhere`, async () => {
    const found = (await documents()).flatMap(({ path, text }) => unpinned(text, version).map((line) => `${path}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it('finds what is not pinned', () => {
    const workflow = [
      '- run: npx --yes iamlint collect --org -o snapshots/acme',
      '- run: npx iamlint@latest audit snapshots/acme',
      '- uses: actions/checkout@main',
      '- uses: iamlint/iamlint',
    ].join('\n');
    expect(unpinned(workflow, '0.1.0')).toHaveLength(4);
    const pinned = [
      '- run: npx --yes iamlint@0.1.0 collect --org -o snapshots/acme',
      '`npx iamlint@0.1.0 audit` on a laptop',
      '- uses: actions/checkout@v5',
      '- uses: iamlint/iamlint@v1',
      '- uses: github/codeql-action/upload-sarif@3c3833e0f8c1c83d449a7478aa59c036a9165498',
    ].join('\n');
    expect(unpinned(pinned, '0.1.0')).toEqual([]);
  });

  it('says that the release workflow moves the Action tag the docs use', async () => {
    const release = await readFile(new URL('.github/workflows/release.yml', root), 'utf8');
    expect(release).toMatch(/git tag -f "\$MAJOR_TAG"/);
    expect(release).toContain('npm publish "$TARBALL" --provenance');
    const workflows = (await readFile(new URL('docs/workflows.md', root), 'utf8')).replace(/\s+/g, ' ');
    expect(workflows).toContain("`iamlint/iamlint@v1` is the Action's major-version tag, which the release workflow (`.github/workflows/release.yml`) moves to each release");
  });
});
