import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatResult, FORMATTERS, isFormatterName, type FormatterName } from '../src/formatters/index.js';
import { demoScenario } from './fixtures/formatter-scenario.js';

describe('formatResult', () => {
  const scenario = demoScenario({ withFailingRule: true });

  it('offers every format, each ending its output with a newline', () => {
    expect(FORMATTERS).toEqual(['stylish', 'json', 'sarif', 'markdown', 'compliance', 'html']);
    for (const format of FORMATTERS) {
      const output = formatResult(format, scenario.context());
      expect(output.endsWith('\n')).toBe(true);
      expect(output.endsWith('\n\n')).toBe(false);
    }
  });

  it('recognises format names and refuses unknown ones', () => {
    expect(isFormatterName('sarif')).toBe(true);
    expect(isFormatterName('junit')).toBe(false);
    expect(() => formatResult('junit' as FormatterName, scenario.context())).toThrow('unknown format "junit" (one of stylish, json, sarif, markdown, compliance, html)');
  });

  it('defaults to no colors', () => {
    const withoutColors = scenario.context();
    delete withoutColors.colors;
    expect(formatResult('stylish', withoutColors)).toBe(formatResult('stylish', scenario.context()));
  });

  it('keeps the formatters pure: no node modules, process, or clock', () => {
    const folder = new URL('../src/formatters/', import.meta.url);
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files).toContain('html/client.ts');
    for (const file of files) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      expect(source, file).not.toMatch(/from ['"]node:|\bprocess\.|new Date\(|Date\.now/);
    }
  });
});
