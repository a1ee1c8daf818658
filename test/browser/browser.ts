import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots of each step, for a human to look at after a run (gitignored). */
export const ARTIFACTS = path.join(process.cwd(), 'test', 'browser', 'artifacts');

/** Debian's chromium (Playwright's own download cannot work here); CHROMIUM_BIN to point elsewhere. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found: apt-get install -y chromium (.ci/run does it), or set CHROMIUM_BIN');
  }
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Every URL the page asked for that is not on a loopback address (each was refused). */
  foreign: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * Headless Chromium with no way out: any request to a non-local URL is refused and recorded, so a
 * page that needs the internet fails its test here as it would for a developer offline.
 */
export async function openBrowser(prefix: string): Promise<BrowserSession> {
  // Playwright gives each launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (LOCAL.test(url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // A step that does not happen fails in seconds, not after jest's minute.
  page.setDefaultTimeout(10_000);
  page.on('websocket', (ws) => {
    if (!LOCAL.test(ws.url())) foreign.push(ws.url());
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  let step = 0;
  return {
    browser, page, foreign,
    async shot(name) {
      step += 1;
      await page.screenshot({ path: path.join(ARTIFACTS, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`) });
    },
    async close() {
      await browser.close();
    },
  };
}
