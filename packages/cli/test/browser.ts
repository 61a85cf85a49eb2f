import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's headless Chromium (`apt-get install chromium-headless-shell`), or IAMLINT_CHROMIUM. Never a downloaded one. */
export const BROWSER_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'];

export function browserCandidates(env: Readonly<Record<string, string | undefined>> = process.env): readonly string[] {
  return env.IAMLINT_CHROMIUM ? [env.IAMLINT_CHROMIUM] : BROWSER_CANDIDATES;
}

export function findBrowser(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  return browserCandidates(env).find((path) => existsSync(path));
}

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  browser: Browser;
  close(): Promise<void>;
}

/** A browser with a fresh profile folder, removed on close. */
export async function launchBrowser(executablePath: string): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'iamlint-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true,
    args: [...BROWSER_ARGS, `--user-data-dir=${profile}`],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
