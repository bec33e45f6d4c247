/**
 * Headless Debian Chromium through playwright-core, with the flags the tests need, and page
 * helpers: open the app while recording every request, add files by the picker or by a real
 * drop event, wait for an analysis, check that a canvas is not blank, save screenshots.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type {} from '../../../src/app/testHooks.ts';
import { RESULTS_DIR } from './audio.ts';

export const CHROMIUM = process.env.GENRESCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

export function fakeMicFlags(wavPath: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wavPath}`];
}

export function launch(extraFlags: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_FLAGS, ...extraFlags] });
}

export interface AppPage {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export async function openApp(browser: Browser, baseUrl: string, { width = 1280, height = 900 } = {}): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(baseUrl);
  await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
  return { page, requests, errors };
}

export async function chooseFiles(page: Page, ...paths: string[]): Promise<void> {
  await page.setInputFiles('[data-testid=file-input]', paths);
}

/** Drops a file on the page the way a user's drag and drop does (dragenter, dragover, drop). */
export async function dropFile(page: Page, path: string, mime = 'application/octet-stream'): Promise<void> {
  const base64 = readFileSync(path).toString('base64');
  await page.evaluate(
    ({ base64, name, mime }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: mime }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { base64, name: basename(path), mime },
  );
}

/** Waits until the named track has finished (done, error, cancelled or interrupted) and returns its status. */
export async function waitForTrack(page: Page, name: string, timeoutMs = 60_000): Promise<string> {
  const item = page.locator('[data-testid=track-list] li', { hasText: name }).first();
  await item.waitFor({ timeout: timeoutMs });
  const handle = await page.waitForFunction(
    (n) => {
      const li = Array.from(document.querySelectorAll('[data-testid=track-list] li')).find((x) => x.textContent?.includes(n));
      const s = li?.getAttribute('data-status');
      return s === 'done' || s === 'error' || s === 'cancelled' || s === 'interrupted' ? s : false;
    },
    name,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

/** Pixel statistics of a canvas: distinct colours and the spread of brightness. */
export async function canvasStats(page: Page, testId: string): Promise<{ width: number; colours: number; spread: number }> {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement | null;
    if (!c || c.width === 0) return { width: 0, colours: 0, spread: 0 };
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let sum = 0;
    let sum2 = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      const l = (d[i] + d[i + 1] + d[i + 2]) / 3;
      sum += l;
      sum2 += l * l;
    }
    const mean = sum / n;
    return { width: c.width, colours: seen.size, spread: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
  }, testId);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const dir = join(RESULTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Hosts other than the app's own that the page contacted (blob: and data: URLs are local). */
export function foreignRequests(requests: readonly string[], baseUrl: string): string[] {
  const own = new URL(baseUrl).host;
  return requests.filter((u) => {
    if (u.startsWith('blob:') || u.startsWith('data:')) return false;
    try {
      return new URL(u).host !== own;
    } catch {
      return true;
    }
  });
}
