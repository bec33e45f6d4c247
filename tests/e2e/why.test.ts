/**
 * "Why this genre" in Chromium: a 4-second music-like WAV analysed, its map computed on request
 * in the worker (2 patches, 18 musicnn passes), drawn over the panel's mel spectrogram and taken
 * off again by the toggle (the map's vermillion cells are the only red-dominant pixels: viridis
 * has none), the strongest windows seek the player, and a screenshot of the panel.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { musicWav } from './support/audio.ts';
import { MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const NAME = 'why-4s.wav';

/** Pixels of the canvas whose red clearly exceeds both green and blue. */
function redPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid=why-canvas]') as HTMLCanvasElement | null;
    if (!c || c.width === 0) return -1;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > d[i + 1] + 40 && d[i] > d[i + 2] + 40) n++;
    return n;
  });
}

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('why this genre, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('computes the map on request, draws it over the spectrogram, toggles it, and its windows seek', async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await chooseFiles(page, musicWav(4, NAME));
    expect(await waitForTrack(page, NAME)).toBe('done');
    const panel = page.getByTestId('why-panel');
    await panel.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('why-windows').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('why-tags').locator('li').count()).toBe(5);
    expect(await page.getByTestId('why-canvas').count()).toBe(0); // nothing computed until asked

    await page.getByTestId('why-compute').click();
    await page.getByTestId('why-canvas').waitFor({ timeout: 60_000 });
    await expect.poll(() => redPixels(page), { timeout: 10_000 }).toBeGreaterThan(50);
    expect(await page.getByTestId('why-summary').innerText()).toMatch(/^(Strongest evidence \d:\d\d-\d:\d\d, \d+-\d+ Hz|No region lowers)/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'why-this-genre', false);

    await page.getByTestId('why-overlay-toggle').uncheck();
    await expect.poll(() => page.getByTestId('why-map').getAttribute('data-overlay')).toBe('off');
    await expect.poll(() => redPixels(page)).toBe(0);
    await page.getByTestId('why-overlay-toggle').check();
    await expect.poll(() => redPixels(page)).toBeGreaterThan(50);

    const first = page.getByTestId('why-windows').locator('button').first();
    const label = (await first.getAttribute('aria-label')) ?? '';
    await first.click();
    const seekTo = await page.evaluate(() => window.__genrescope?.store.getState().playback.seek?.timeSec ?? null);
    expect(label).toMatch(/^Play from /);
    expect(seekTo).not.toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
