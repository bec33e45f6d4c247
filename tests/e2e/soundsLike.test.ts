/**
 * "Sounds like" in Chromium: three short music-like WAVs analysed, one opened; its list names the
 * other two with their similarity, a click opens one, and the list is still there after a reload
 * (the embeddings are kept with the history).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { musicWav } from './support/audio.ts';
import { MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
// Different lengths of the same generator: alike, but not the same file.
const NAMES = ['alike-a-6s.wav', 'alike-b-8s.wav', 'alike-c-10s.wav'];
const FILES = [musicWav(6, NAMES[0]), musicWav(8, NAMES[1]), musicWav(10, NAMES[2])];

const open = (page: Page, name: string) => page.locator('[data-testid=track-list] li', { hasText: name }).locator('button.track-open').click();
const title = (page: Page) => page.locator('#result-title').innerText();
const listed = (page: Page) => page.getByTestId('sounds-like').locator('li').allInnerTexts();

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('sounds like, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the other analysed tracks with their similarity; a click opens one; kept across a reload', async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await chooseFiles(page, ...FILES);
    for (const name of NAMES) expect(await waitForTrack(page, name)).toBe('done');

    await open(page, NAMES[0]);
    await expect.poll(() => title(page)).toBe(NAMES[0]);
    await expect.poll(async () => (await listed(page)).length, { timeout: 10_000 }).toBe(2);
    const items = await listed(page);
    expect(items.join('\n')).toContain(NAMES[1]);
    expect(items.join('\n')).toContain(NAMES[2]);
    for (const t of items) expect(t).toMatch(/-?\d+ %$/);
    await screenshot(page, 'sounds-like');

    await page.getByTestId('sounds-like').locator('button', { hasText: NAMES[2] }).click();
    await expect.poll(() => title(page)).toBe(NAMES[2]);
    await expect.poll(async () => (await listed(page)).join('\n')).toContain(NAMES[0]);

    await page.waitForTimeout(300); // the history writes
    await page.reload();
    for (const name of NAMES) expect(await waitForTrack(page, name)).toBe('done');
    await open(page, NAMES[1]);
    await expect.poll(() => title(page)).toBe(NAMES[1]);
    await expect.poll(async () => (await listed(page)).length, { timeout: 10_000 }).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
