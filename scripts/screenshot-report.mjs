// Takes docs/html-report.png: the demo organization's HTML report in headless Chromium, filtered to critical and
// high findings, with the management account's JumpCloudDeveloper escalation open. Usage: pnpm build && node scripts/screenshot-report.mjs
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = await mkdtemp(join(tmpdir(), 'iamlint-screenshot-'));
const report = join(folder, 'demo.html');
try {
  execFileSync('node', ['packages/cli/dist/bin.js', 'audit', 'fixtures/demo-org', '-c', 'fixtures/recommended.config.json', '-f', 'html', '-o', report], { cwd: root, stdio: 'ignore' });
} catch (error) {
  if (error.status !== 1) throw error;
}
const browser = await puppeteer.launch({
  executablePath: process.env.IAMLINT_CHROMIUM ?? '/usr/bin/chromium-headless-shell',
  headless: true,
  pipe: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(folder, 'profile')}`],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1500 });
  await page.goto(`${pathToFileURL(report).href}#severity=critical,high`);
  await page.waitForSelector('#app:not([aria-busy])');
  const items = await page.$$('li.finding');
  for (const item of items) {
    if ((await item.evaluate((node) => node.textContent)).includes('JumpCloudDeveloper')) {
      await item.$eval('summary', (summary) => summary.click());
      break;
    }
  }
  await page.waitForSelector('li.finding .path svg');
  const bottom = await page.$eval('li.finding .path', (path) => path.getBoundingClientRect().bottom + path.ownerDocument.defaultView.scrollY);
  await page.screenshot({ path: join(root, 'docs/html-report.png'), captureBeyondViewport: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 24 } });
  console.log('wrote docs/html-report.png');
} finally {
  await browser.close();
  await rm(folder, { recursive: true, force: true });
}
