/**
 * The microphone in Chromium, fed by a fake capture device playing a WAV the tests make:
 * recording (level meter, elapsed time, then analysed like a file), live mode (rolling
 * windows, scrolling spectrogram), a denied permission and a missing input device.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { musicWav } from './support/audio.ts';
import { expectGenreShown, expectPlotsDrawn, MODELS_SHIPPED } from './support/app.ts';
import { canvasStats, fakeMicFlags, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');

describe.skipIf(!hasChromium)('microphone with a fake capture device', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(fakeMicFlags(musicWav(30)));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('records with a live level and elapsed time, then analyses the recording', async () => {
    const { page } = await openApp(browser, baseUrl);
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByTestId('recorder').waitFor();
    await expect.poll(() => page.evaluate(() => window.__genrescope!.store.getState().recorder.elapsedSec), { timeout: 15_000 }).toBeGreaterThan(4);
    expect(await page.locator('meter.level').evaluate((m) => (m as HTMLMeterElement).value)).toBeGreaterThan(0.1);
    await screenshot(page, 'recording');
    await page.getByRole('button', { name: 'Stop and analyse' }).click();
    const name = await page.locator('[data-testid=track-list] li .track-name').first().innerText();
    expect(name).toMatch(/^Recording /);
    expect(await waitForTrack(page, name)).toBe('done');
    await expectPlotsDrawn(page);
    if (MODELS_SHIPPED) await expectGenreShown(page);
    await screenshot(page, 'recording-result');
    await page.context().close();
  });

  it('live mode classifies a rolling window about every second, with a scrolling spectrogram', async () => {
    const { page } = await openApp(browser, baseUrl);
    await page.getByRole('button', { name: 'Live mode' }).click();
    await expect.poll(() => page.evaluate(() => window.__genrescope!.store.getState().live.updates), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await canvasStats(page, 'live-spectrogram')).colours, { timeout: 5_000 }).toBeGreaterThan(20);
    if (MODELS_SHIPPED) await expect.poll(() => page.getByTestId('live-genre').getAttribute('data-genre'), { timeout: 10_000 }).toMatch(/^[a-z]+$/);
    await screenshot(page, 'live');
    await page.getByRole('button', { name: 'Stop live mode' }).click();
    expect(await page.evaluate(() => window.__genrescope!.store.getState().recorder.status)).toBe('idle');
    await page.context().close();
  });
});

describe.skipIf(!hasChromium)('microphone problems', () => {
  it('a denied permission gets a clear message', async () => {
    // A fake device but no auto-accept: headless Chromium denies the permission prompt.
    const browser = await launch(['--use-fake-device-for-media-stream']);
    try {
      const { page } = await openApp(browser, baseUrl);
      await page.getByRole('button', { name: 'Record' }).click();
      await expect.poll(() => page.getByTestId('error').innerText(), { timeout: 10_000 }).toMatch(/Microphone access was denied/);
      expect(await page.evaluate(() => window.__genrescope!.store.getState().recorder.status)).toBe('idle');
      await screenshot(page, 'mic-denied');
    } finally {
      await browser.close();
    }
  });

  it('no input device gets a clear message', async () => {
    // Permission granted, but this machine has no capture device and no fake one is given.
    const browser = await launch(['--use-fake-ui-for-media-stream']);
    try {
      const { page } = await openApp(browser, baseUrl);
      await page.getByRole('button', { name: 'Live mode' }).click();
      await expect.poll(() => page.getByTestId('error').innerText(), { timeout: 10_000 }).toMatch(/No microphone was found/);
    } finally {
      await browser.close();
    }
  });
});
