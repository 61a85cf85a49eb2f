// The HTML report on the synthetic organization of `pnpm bench`: its size, and in headless Chromium the time to
// first paint and until the findings are listed. Numbers go in closing notes, never in a timed test.
// Usage: pnpm build && node scripts/bench-html.mjs [--accounts 1000] [--preset recommended|all] [--out report.html]
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatResult, loadSnapshot, resolveConfig, runRules } from '@iamlint/core';
import { builtinRules, complianceFrameworks, presets } from '@iamlint/rules';
import puppeteer from 'puppeteer-core';
import { benchOrganizationFiles } from './bench-org.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1]]] : [])),
);
const accountCount = Number(args.accounts ?? 1000);
const preset = args.preset ?? 'recommended';
const folder = await mkdtemp(join(tmpdir(), 'iamlint-bench-html-'));
const out = args.out ?? join(folder, 'report.html');

const model = loadSnapshot(benchOrganizationFiles(accountCount));
const config = resolveConfig([presets[preset]], { source: 'bench', builtinRules });
const result = runRules({ model, config });
let start = performance.now();
const html = formatResult('html', { result, model, rules: config.rules, snapshotPath: 'snapshots/bench', toolVersion: 'bench', frameworks: complianceFrameworks });
const formatMs = performance.now() - start;
await writeFile(out, html);
console.log(`${accountCount} accounts, preset ${preset}: ${result.findings.length} findings`);
console.log(`HTML report: ${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB, formatted in ${formatMs.toFixed(0)} ms (${out})`);

const executable = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path));
if (!executable) {
  console.log('no chromium-headless-shell: paint times not measured');
} else {
  const profile = join(folder, 'profile');
  const browser = await puppeteer.launch({
    executablePath: executable,
    headless: true,
    pipe: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  start = performance.now();
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load', timeout: 300_000 });
  await page.waitForSelector('#app:not([aria-busy])', { timeout: 300_000 });
  const readyMs = performance.now() - start;
  const paint = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((entry) => [entry.name, entry.startTime])));
  start = performance.now();
  await page.click('button[data-severity=high]');
  const filterMs = performance.now() - start;
  console.log(`first paint ${paint['first-paint']?.toFixed(0)} ms, first contentful paint ${paint['first-contentful-paint']?.toFixed(0)} ms, findings listed after ${readyMs.toFixed(0)} ms; a severity filter click ${filterMs.toFixed(0)} ms`);
  await browser.close();
}
if (!args.out) await rm(folder, { recursive: true, force: true });
