import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const WORKFLOWS = fileURLToPath(new URL('../../../docs/workflows.md', import.meta.url));

/** The ```yaml blocks of a Markdown file, with the line each starts on. */
function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]?.trim() !== '```yaml') continue;
    const end = lines.findIndex((line, at) => at > index && line.trim() === '```');
    blocks.push({ line: index + 2, text: lines.slice(index + 1, end).join('\n') });
    index = end;
  }
  return blocks;
}

interface Job {
  needs?: string | string[];
  strategy?: { matrix?: { shard?: number[] } };
  steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
}

const markdown = readFileSync(WORKFLOWS, 'utf8');

describe('docs/workflows.md', () => {
  it('holds YAML blocks that parse without errors or warnings', () => {
    const blocks = yamlBlocks(markdown);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) {
      const document = parseDocument(block.text, { prettyErrors: true, uniqueKeys: true });
      expect([...document.errors, ...document.warnings].map((problem) => `line ${block.line}: ${problem.message}`)).toEqual([]);
    }
  });

  it('says a broken block fails: the check parses strictly', () => {
    const broken = parseDocument('jobs:\n  merge:\n    needs: shard\n   runs-on: ubuntu-latest\n', { uniqueKeys: true });
    expect(broken.errors.length).toBeGreaterThan(0);
  });

  it('has a sharded workflow: the --org-only step, a matrix of shards, a merge that needs them all, every action pinned to a tag', () => {
    const block = yamlBlocks(markdown).find((candidate) => candidate.text.startsWith('# .github/workflows/iamlint-sharded.yml'));
    expect(block).toBeDefined();
    const workflow = parseDocument(block?.text ?? '').toJS() as { jobs: Record<string, Job> };
    const { organization, shard, merge } = workflow.jobs;
    expect(organization?.steps.some((step) => step.run?.includes('collect --org-only'))).toBe(true);
    expect(shard?.needs).toBe('organization');
    expect(shard?.strategy?.matrix?.shard).toEqual([1, 2, 3, 4]);
    expect(shard?.steps.some((step) => step.run?.includes('--shard ${{ matrix.shard }}/${{ strategy.job-total }}'))).toBe(true);
    expect(merge?.needs).toBe('shard');
    expect(merge?.steps.some((step) => step.run?.includes('merge parts/iamlint-part-*'))).toBe(true);
    expect(merge?.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);

    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    for (const step of steps.filter((candidate) => candidate.uses !== undefined)) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v[0-9]+(\.[0-9]+){0,2}$/);
    const npx = steps.flatMap((step) => step.run?.match(/npx --yes \S+/g) ?? []);
    expect(npx.length).toBeGreaterThanOrEqual(4);
    for (const call of npx) expect(call).toBe('npx --yes iamlint@0.1.0');
    // The artifact names the shards upload are the ones merge downloads.
    const uploaded = steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@')).map((step) => String(step.with?.name));
    expect(uploaded).toEqual(['iamlint-part-organization', 'iamlint-part-shard-${{ matrix.shard }}']);
    expect(merge?.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))?.with?.pattern).toBe('iamlint-part-*');
  });
});
