/**
 * The queue and the history in Chromium: three files chosen at once (a 62 s one first, two short
 * ones) show their places in the queue; one is cancelled while it waits and is never analysed; the
 * short one finishes before the long one's whole analysis (short files first); the same audio
 * dropped again under another name shows the existing result without a second analysis; a reload
 * during the long analysis keeps it as "interrupted" (run again with the file chosen again), the
 * others with their date and length; "Clear finished" takes them away and Undo brings them back.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { FIXTURES_DIR, musicWav } from './support/audio.ts';
import { MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, dropFile, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const LONG = 'queue-long-62s.wav';
const SHORT = 'queue-short-4s.wav';
const CANCELLED = 'queue-cancel-5s.wav';
const COPY = 'queue-short-copy.wav';

const item = (page: Page, name: string) => page.locator('[data-testid=track-list] li', { hasText: name });
const status = (page: Page, name: string) => item(page, name).getAttribute('data-status');
const trackCount = (page: Page) => page.evaluate(() => window.__genrescope!.store.getState().tracks.length);
/** Entries in the history database (the app writes them asynchronously: a reload must not come first). */
const storedCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((ok, fail) => {
        const r = indexedDB.open('genrescope');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const c = r.result.transaction('history').objectStore('history').count();
          c.onsuccess = () => {
            r.result.close();
            ok(c.result);
          };
        };
      }),
  );

/**
 * In the page: the history's finished entries rewritten as a version-2 database (version 3's
 * fields dropped, the store and its addedAt index made with the raw API, as the code before did).
 */
async function writeVersion2(): Promise<void> {
  const done = <T>(r: IDBRequest<T>) => new Promise<T>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
  const current = await done(indexedDB.open('genrescope'));
  const entries = (await done(current.transaction('history').objectStore('history').getAll())) as Record<string, unknown>[];
  current.close();
  await done(indexedDB.deleteDatabase('genrescope')); // the app's connection steps aside (versionchange)
  const open = indexedDB.open('genrescope', 2);
  open.onupgradeneeded = () => open.result.createObjectStore('history', { keyPath: 'id' }).createIndex('addedAt', 'addedAt');
  const db = await done(open);
  const tx = db.transaction('history', 'readwrite');
  // it kept finished results only, without the fields version 3 added
  for (const e of entries.filter((e) => e.outcome === 'done')) {
    for (const field of ['outcome', 'contentHash', 'analysisSec', 'error']) delete e[field];
    tx.objectStore('history').put(e);
  }
  await new Promise((ok) => (tx.oncomplete = ok));
  db.close();
}

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('queue and history, in Chromium', () => {
  let browser: Browser;
  const files = { long: '', short: '', cancelled: '', copy: '' };
  beforeAll(async () => {
    files.long = musicWav(62, LONG);
    files.short = musicWav(4, SHORT);
    files.cancelled = musicWav(5, CANCELLED);
    files.copy = join(FIXTURES_DIR, COPY);
    copyFileSync(files.short, files.copy);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('queues, cancels, runs short files first, reuses duplicates, survives a reload, clears with undo', async () => {
    const { page, errors, requests } = await openApp(browser, baseUrl);
    await chooseFiles(page, files.long, files.short, files.cancelled);

    // the long file's opening goes first; the two short ones wait, numbered
    await expect.poll(() => page.getByTestId('queue-position').count(), { timeout: 15_000 }).toBe(2);
    expect(await item(page, SHORT).getAttribute('data-position')).toBe('1');
    expect(await item(page, CANCELLED).getAttribute('data-position')).toBe('2');
    expect(await item(page, SHORT).getByTestId('queue-position').innerText()).toBe('#1 in the queue');
    await screenshot(page, 'queue-positions');

    await page.getByRole('button', { name: `Cancel ${CANCELLED}` }).click();
    expect(await status(page, CANCELLED)).toBe('cancelled');

    // short first: done while the long one still waits for (or runs) its whole analysis
    expect(await waitForTrack(page, SHORT)).toBe('done');
    expect(['queued', 'analysing']).toContain(await status(page, LONG));
    expect(await status(page, CANCELLED)).toBe('cancelled');
    expect(await item(page, CANCELLED).innerText()).not.toMatch(/BPM|%/); // never analysed

    // the same audio under another name: the existing result, no new track, no analysis
    await dropFile(page, files.copy, 'audio/wav');
    await expect.poll(() => page.getByTestId('notice').locator('p').innerText()).toBe(`“${COPY}” is the same audio as “${SHORT}”: already analysed, so its result is shown again.`);
    expect(await trackCount(page)).toBe(3);
    await expect.poll(() => page.locator('#result-title').innerText()).toBe(SHORT);

    // reload in the middle of the long analysis
    await expect.poll(() => status(page, LONG), { timeout: 15_000 }).toBe('analysing');
    await page.reload();
    await expect.poll(() => status(page, LONG), { timeout: 10_000 }).toBe('interrupted');
    await expect.poll(() => status(page, SHORT)).toBe('done');
    expect(await item(page, LONG).innerText()).toContain('The page was closed or reloaded before the analysis finished.');
    expect(await status(page, CANCELLED)).toBe('cancelled');
    const when = await item(page, SHORT).locator('time').getAttribute('datetime');
    expect(Math.abs(Date.now() - Date.parse(when!))).toBeLessThan(5 * 60_000);
    expect(await item(page, SHORT).innerText()).toContain('4.0 s');
    expect(await item(page, SHORT).innerText()).toMatch(/analysed in \d+\.\d s/);
    await screenshot(page, 'history-after-reload');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'history-after-reload-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // run again: the audio was not kept, so the file is asked for, and matched by its content
    const chooser = page.waitForEvent('filechooser');
    await item(page, LONG).getByRole('button', { name: `Run ${LONG} again (choose the file)` }).click();
    await (await chooser).setFiles(files.long);
    await expect.poll(() => status(page, LONG)).toMatch(/decoding|queued|analysing/);
    await page.getByRole('button', { name: `Cancel ${LONG}` }).click();
    expect(await status(page, LONG)).toBe('cancelled');
    // the files were hashed in the content-hash worker, off the page's thread
    expect(requests.some((u) => u.includes('contentHash.worker'))).toBe(true);

    // clear, then undo
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => trackCount(page)).toBe(0);
    await expect.poll(() => page.getByTestId('undo-clear').innerText()).toMatch(/^Cleared 3 analyses\./);
    await screenshot(page, 'history-cleared-undo');
    await page.getByTestId('undo-clear').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => trackCount(page)).toBe(3);
    await expect.poll(() => storedCount(page)).toBe(3);
    await page.reload();
    await expect.poll(() => status(page, SHORT), { timeout: 10_000 }).toBe('done');
    expect(await trackCount(page)).toBe(3);

    // the database as the code before schema 3 wrote it (version 2, entries without outcome and hash) opens migrated
    await page.evaluate(writeVersion2);
    await page.reload();
    await expect.poll(() => status(page, SHORT), { timeout: 10_000 }).toBe('done');
    expect(await trackCount(page)).toBe(1);
    expect(await storedCount(page)).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
