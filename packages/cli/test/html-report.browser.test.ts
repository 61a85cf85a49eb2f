import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser, launchBrowser, type BrowserSession } from './browser.js';
import { runCli, tempDir, writeSnapshot } from './helpers.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const executable = findBrowser();
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_SCRIPT = '</script><script>window.__pwned=1</script>';
const HOSTILE_ACCOUNT = '"><svg onload=alert(2)>';

if (!executable) {
  const message = `no headless Chromium found (looked for ${browserCandidates().join(', ')}; set IAMLINT_CHROMIUM or run \`apt-get install chromium-headless-shell\`)`;
  if (process.env.CI) {
    describe('HTML report in a browser', () => {
      it('needs a browser in CI', () => {
        throw new Error(message);
      });
    });
  } else {
    console.warn(`skipping the HTML report's browser tests: ${message}`);
    describe.skip('HTML report in a browser', () => {
      it('needs a browser', () => undefined);
    });
  }
} else {
  describe('HTML report in a browser', () => {
    let session: BrowserSession;
    let demoReport: string;
    let demoFindings: Array<{ severity: string; ruleId: string; resource: { name: string } }>;

    beforeAll(async () => {
      const folder = await tempDir();
      demoReport = join(folder, 'demo.html');
      const html = await runCli(['audit', 'fixtures/demo-org', '-c', 'fixtures/recommended.config.json', '-f', 'html', '-o', demoReport], { cwd: repositoryRoot });
      expect(html.code).toBe(1);
      const json = await runCli(['audit', 'fixtures/demo-org', '-c', 'fixtures/recommended.config.json', '-f', 'json'], { cwd: repositoryRoot });
      demoFindings = (JSON.parse(json.stdout) as { findings: typeof demoFindings }).findings;
      session = await launchBrowser(executable);
    }, 60_000);

    afterAll(async () => {
      await session?.close();
    });

    /** Opens a report and records what would show something wrong: console errors, page errors, dialogs, any request but the file itself. */
    async function open(file: string, hash = '') {
      const page = await session.browser.newPage();
      await page.setViewport({ width: 1280, height: 1000 });
      const problems: string[] = [];
      const url = pathToFileURL(file).href;
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('request', (request) => {
        if (request.url() !== url + hash) problems.push(`request: ${request.url()}`);
      });
      await page.goto(url + hash, { waitUntil: 'load' });
      await page.waitForSelector('#app:not([aria-busy])');
      return { page, problems };
    }

    const rows = (page: Page) => page.$$eval('li.finding', (items) => items.map((item) => item.getAttribute('data-severity')));
    const countText = (page: Page) => page.$eval('#count', (node) => node.textContent);
    const buttonCount = (page: Page, severity: string) => page.$eval(`button[data-severity=${severity}] .n`, (node) => node.textContent);

    it('loads the demo report with every finding and no console errors or requests', async () => {
      const { page, problems } = await open(demoReport);
      expect(await rows(page)).toHaveLength(demoFindings.length);
      expect(await countText(page)).toBe(`showing ${demoFindings.length} of ${demoFindings.length} findings`);
      expect(await page.$$eval('#not-evaluated tbody tr', (trs) => trs.length)).toBe(6);
      expect(await page.$$eval('#organization a[data-account]', (links) => links.length)).toBe(12);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('a severity filter changes the visible rows, the counts and the URL hash, and the hash restores it', async () => {
      const critical = demoFindings.filter((finding) => finding.severity === 'critical');
      expect(critical.length).toBeGreaterThan(0);
      expect(critical.length).toBeLessThan(demoFindings.length);
      const { page, problems } = await open(demoReport);
      const byRuleBefore = await page.$$eval('#by-rule tbody tr', (trs) => trs.length);
      await page.click('button[data-severity=critical]');
      expect(await rows(page)).toEqual(critical.map(() => 'critical'));
      expect(await countText(page)).toBe(`showing ${critical.length} of ${demoFindings.length} findings`);
      expect(await page.$eval('button[data-severity=critical]', (node) => node.getAttribute('aria-pressed'))).toBe('true');
      expect(await page.$$eval('#by-rule tbody tr', (trs) => trs.length)).toBe(new Set(critical.map((finding) => finding.ruleId)).size);
      expect(byRuleBefore).toBeGreaterThan(new Set(critical.map((finding) => finding.ruleId)).size);
      // The severity buttons count under the other filters, so picking one severity leaves the others' counts.
      expect(await buttonCount(page, 'high')).toBe(String(demoFindings.filter((finding) => finding.severity === 'high').length));
      expect(await page.evaluate('location.hash')).toBe('#severity=critical');

      await page.type('#filter-text', 'github');
      expect(await rows(page)).toHaveLength(1);
      expect(await page.evaluate('location.hash')).toBe('#severity=critical&q=github');
      await page.close();

      const reopened = await open(demoReport, '#severity=critical');
      expect(await rows(reopened.page)).toHaveLength(critical.length);
      expect(reopened.problems).toEqual([]);
      await reopened.page.close();
      expect(problems).toEqual([]);
    });

    it("draws the management account's JumpCloudDeveloper escalation as a graph, with the rule's why and how to fix", async () => {
      const { page, problems } = await open(demoReport, '#rule=privilege-escalation&q=OrganizationAccountAccessRole');
      expect(await rows(page)).toHaveLength(1);
      await page.click('li.finding summary');
      await page.waitForSelector('li.finding .path svg');
      const labels = await page.$$eval('li.finding .path svg g.node title', (titles) => titles.map((title) => title.textContent));
      expect(labels).toEqual(['role JumpCloudDeveloper', 'role OrganizationAccountAccessRole (administrator)']);
      expect(await page.$$eval('li.finding .path ol li', (steps) => steps.map((step) => step.textContent))).toEqual([
        expect.stringMatching(/^sts-assume-role .*JumpCloudDeveloper.*OrganizationAccountAccessRole/),
      ]);
      const headings = await page.$$eval('li.finding .body h4', (nodes) => nodes.map((node) => node.textContent));
      expect(headings).toEqual(['Escalation path', 'Why it matters', 'How to fix']);
      expect(await page.$eval('li.finding .body', (node) => node.textContent)).toContain('fixtures/demo-org/accounts/311842569027.json:');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('renders hostile names from the snapshot as text and runs none of them', async () => {
      const folder = await tempDir();
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
      await writeSnapshot(folder, 'snap', {
        organization: { managementAccountId: '222222222222', accounts: [{ id: '111111111111', name: HOSTILE_ACCOUNT }, { id: '222222222222', name: 'management' }] },
        accounts: {
          '111111111111': {
            roles: [
              { roleName: HOSTILE, trustPolicy: trust },
              { roleName: HOSTILE_SCRIPT, trustPolicy: trust },
            ],
          },
        },
      });
      const report = join(folder, 'hostile.html');
      const run = await runCli(['audit', 'snap', '-f', 'html', '-o', report], { cwd: folder });
      expect(run.stderr).toBe('');
      const html = await readFile(report, 'utf8');
      expect(html).not.toContain(HOSTILE);
      expect(html).not.toContain('<script>window.__pwned');

      const { page, problems } = await open(report);
      const text = await page.$eval('#findings', (node) => node.textContent);
      expect(text).toContain(HOSTILE);
      expect(text).toContain(HOSTILE_SCRIPT);
      expect(await page.$eval('#organization', (node) => node.textContent)).toContain(`111111111111 (${HOSTILE_ACCOUNT})`);
      expect(await page.$$eval('svg', (svgs) => svgs.length)).toBe(0);
      for (const summary of await page.$$('li.finding summary')) await summary.evaluate((node) => node.click());
      await page.waitForFunction("document.querySelectorAll('li.finding .body').length === document.querySelectorAll('li.finding').length");
      expect(await page.$$eval('li.finding .body', (bodies) => bodies.length)).toBeGreaterThanOrEqual(2);
      expect(await page.$$eval('img', (images) => images.length)).toBe(0);
      expect(await page.$$eval('script', (scripts) => scripts.length)).toBe(2);
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('paints something: a screenshot of the report is not blank', async () => {
      const { page } = await open(demoReport);
      const png = await page.screenshot({ encoding: 'base64' });
      await page.close();
      const canvas = await session.browser.newPage();
      // Runs in the page (as text: the tests compile without DOM types).
      const stats = (await canvas.evaluate(`(async () => {
        const image = new Image();
        image.src = 'data:image/png;base64,${png}';
        await image.decode();
        const context = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height }).getContext('2d');
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        const colors = new Set();
        let inked = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          colors.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
          if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 600) inked++;
        }
        return { width: image.width, colors: colors.size, inked: inked / (pixels.length / 4) };
      })()`)) as { width: number; colors: number; inked: number };
      await canvas.close();
      expect(stats.width).toBe(1280);
      expect(stats.colors).toBeGreaterThan(50);
      expect(stats.inked).toBeGreaterThan(0.02);
    });
  });
}
