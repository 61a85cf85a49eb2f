import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { buildHtmlData, decodeFinding, escapeHtml, formatResult, jsonForScript, FORMATTERS } from '../src/formatters/index.js';
import { demoScenario } from './fixtures/formatter-scenario.js';

describe('html formatter', () => {
  const scenario = demoScenario();
  const html = formatResult('html', scenario.context());

  it('is a listed format', () => {
    expect(FORMATTERS).toContain('html');
  });

  it('encodes every finding so that the page decodes it back to the same message, resource and location', () => {
    const data = buildHtmlData(scenario.context());
    expect(data.findings).toHaveLength(scenario.result.findings.length);
    const decoded = data.findings.map((row, index) => decodeFinding(data, row, index));
    const expected = scenario.result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      message: finding.message,
      id: finding.resource.id,
      fingerprint: finding.fingerprint,
      file: `snapshots/acme/${finding.location.file}`,
      line: scenario.model.locate(finding.location).line,
    }));
    const pick = (finding: (typeof decoded)[number]) => ({ ruleId: finding.ruleId, message: finding.message, id: finding.id, fingerprint: finding.fingerprint, file: finding.file, line: finding.line });
    expect(decoded.map(pick).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual(expected.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)));
    // Most severe first, as the page lists them.
    expect(decoded.map((finding) => data.severities.indexOf(finding.severity))).toEqual(decoded.map((finding) => data.severities.indexOf(finding.severity)).sort());
  });

  it('allows exactly its own script by hash, and nothing from the network', () => {
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] as string);
    expect(scripts).toHaveLength(1);
    const hash = Buffer.from(sha256(utf8ToBytes(scripts[0] as string))).toString('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/\s(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('keeps snapshot text inert: HTML escaped in markup, < escaped in the JSON block', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;');
    const json = jsonForScript({ name: '</script><script>alert(1)</script><!--', line: '\u2028' });
    expect(json).not.toMatch(/[<\u2028]/);
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script><!--', line: '\u2028' });
    const hostile = formatResult('html', scenario.context({ snapshotPath: '</title><script>alert(1)</script>' }));
    expect(hostile).not.toContain('<script>alert(1)');
    expect(hostile).toContain('&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('shows the compliance summary only when every rule of a framework ran', () => {
    const framework = { framework: 'cis-aws', version: '5.0', title: 'CIS', controls: [{ id: '1.14', title: 'keys rotated', automated: true }] };
    const ran = buildHtmlData(scenario.context({ frameworks: [framework] }));
    const mapped = [...scenario.context().rules].filter(([, rule]) => rule.meta.compliance?.some((entry) => entry.framework === 'cis-aws'));
    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.every(([id]) => scenario.result.rulesRun.includes(id))).toBe(true);
    expect(ran.compliance.map((report) => report.framework)).toEqual(['cis-aws']);
    const partial = buildHtmlData(scenario.context({ frameworks: [framework], result: { ...scenario.result, rulesRun: [] } }));
    expect(partial.compliance).toEqual([]);
  });
});
