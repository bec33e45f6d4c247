/**
 * Bad and unusual input in the browser: each gets a clear message where the result would be,
 * and the result already on screen stays. Also a long file (an hour-long MP3: the opening ten
 * minutes are analysed and the page says so; a quick first result comes before the whole one),
 * cancelling, a worker crash, and a browser without WebGL.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyFile, hasFfmpeg, longMp3, musicWav, silenceWav, textFile, truncatedMp3, wavBytes, FIXTURES_DIR } from './support/audio.ts';
import { song } from '../support/signals.ts';
import { expectGenreShown, expectPlotsDrawn, MODELS_SHIPPED, shownTrackId } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const baseUrl = inject('baseUrl');

function twoSecondClip(): string {
  const path = join(FIXTURES_DIR, 'clip-2s.wav');
  // the generated song: two seconds of a synthetic groove alone can pass for a tone and clicks
  writeFileSync(path, wavBytes([song(2, { seed: 9 })], 22050));
  return path;
}

describe.skipIf(!hasChromium)('bad input in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let goodId: string | null;

  beforeAll(async () => {
    browser = await launch();
    ({ page } = await openApp(browser, baseUrl));
    await chooseFiles(page, musicWav(30));
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    goodId = await shownTrackId(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The earlier result is still the one on screen, plots and all. */
  async function expectEarlierResultKept(): Promise<void> {
    expect(await shownTrackId(page)).toBe(goodId);
    await expectPlotsDrawn(page);
  }

  async function expectError(pattern: RegExp): Promise<void> {
    await expect.poll(() => page.getByTestId('error').innerText(), { timeout: 30_000 }).toMatch(pattern);
  }

  it('a non-audio file', async () => {
    await chooseFiles(page, textFile());
    expect(await waitForTrack(page, 'not-audio.mp3')).toBe('error');
    await expectError(/could not be decoded as audio/);
    await expectEarlierResultKept();
    await screenshot(page, 'error-not-audio');
  });

  it('an empty file', async () => {
    await chooseFiles(page, emptyFile());
    expect(await waitForTrack(page, 'empty.wav')).toBe('error');
    await expectError(/empty \(0 bytes\)/);
    await expectEarlierResultKept();
  });

  it.skipIf(!hasFfmpeg)('a truncated MP3: what decodes is analysed, with a note that the file is cut short', async () => {
    await chooseFiles(page, truncatedMp3(0.35));
    expect(await waitForTrack(page, 'truncated-0.35.mp3')).toBe('done');
    await page.locator('[data-testid=track-list] li', { hasText: 'truncated-0.35.mp3' }).locator('button.track-open').click();
    await expect.poll(() => page.getByTestId('warnings').innerText()).toMatch(/truncated or damaged: only 1\d\.\d s of the 30\.0 s/);
    await screenshot(page, 'truncated-mp3');
  });

  it('a truncated MP3 cut inside its first frames is refused with a message', async () => {
    const path = join(FIXTURES_DIR, 'truncated-head.mp3');
    writeFileSync(path, Buffer.from([0xff, 0xfb, 0x90, 0x64, 0x00, 0x00]));
    await chooseFiles(page, path);
    expect(await waitForTrack(page, 'truncated-head.mp3')).toBe('error');
    await expectError(/could not be decoded as audio|Too short to analyse/);
  });

  it('silence: no music detected, no genre claimed', async () => {
    await chooseFiles(page, silenceWav(10));
    expect(await waitForTrack(page, 'silence-10s.wav')).toBe('done');
    await page.locator('[data-testid=track-list] li', { hasText: 'silence-10s.wav' }).locator('button.track-open').click();
    await expect.poll(() => page.getByTestId('genre-result').getAttribute('data-genre')).toBe('none');
    expect(await page.getByTestId('genre-result').innerText()).toMatch(/does not sound like music/);
    await screenshot(page, 'silence');
  });

  it('white noise: "This does not sound like music" with the reason, no genre', async () => {
    const path = join(FIXTURES_DIR, 'white-noise.wav');
    let seed = 9;
    const noise = Float32Array.from({ length: 8 * 22050 }, () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.6);
    writeFileSync(path, wavBytes([noise], 22050));
    await chooseFiles(page, path);
    expect(await waitForTrack(page, 'white-noise.wav')).toBe('done');
    await page.locator('[data-testid=track-list] li', { hasText: 'white-noise.wav' }).locator('button.track-open').click();
    await expect.poll(() => page.getByTestId('genre-result').getAttribute('data-genre')).toBe('none');
    expect(await page.getByTestId('genre-result').innerText()).toMatch(/does not sound like music/i);
    expect(await page.getByTestId('no-music-reason').innerText()).toMatch(/noise/i);
    await screenshot(page, 'white-noise');
  });

  it('a 2-second clip: analysed, and flagged as a short clip', async () => {
    await chooseFiles(page, twoSecondClip());
    expect(await waitForTrack(page, 'clip-2s.wav')).toBe('done');
    await page.locator('[data-testid=track-list] li', { hasText: 'clip-2s.wav' }).locator('button.track-open').click();
    await expect.poll(() => page.getByTestId('warnings').innerText()).toMatch(/Short clip \(2\.0 s\)/);
    if (MODELS_SHIPPED) await expectGenreShown(page);
    await screenshot(page, 'short-clip');
  });

  it.skipIf(!hasFfmpeg)('an hour-long MP3: a quick first result, then the first 10 minutes, and the page says so', async () => {
    const path = longMp3(3600);
    const t0 = Date.now();
    await chooseFiles(page, path);
    await page.getByTestId('progress').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('#result-title').innerText(), { timeout: 60_000 }).toBe('long-3600s.mp3');
    const firstMs = Date.now() - t0;
    await expect.poll(() => page.getByTestId('warnings').innerText()).toMatch(/Only the first 10 min 00 s of 1 h 00 min were analysed/);
    await screenshot(page, 'hour-long-first-result');
    expect(await waitForTrack(page, 'long-3600s.mp3', 120_000)).toBe('done');
    const finalMs = Date.now() - t0;
    await expect.poll(() => page.locator('.result-head').innerText()).toMatch(/10 min 00 s analysed of 1 h 00 min/);
    await expectPlotsDrawn(page);
    console.log(`hour-long MP3: first result ${firstMs} ms, final ${finalMs} ms`);
    await screenshot(page, 'hour-long-final');
  });

  it.skipIf(!hasFfmpeg)('cancel stops one analysis and keeps what is on screen', async () => {
    const before = await shownTrackId(page);
    await chooseFiles(page, longMp3(660));
    await page.getByTestId('progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('progress').getByRole('button', { name: 'Cancel' }).click();
    expect(await waitForTrack(page, 'long-660s.mp3')).toBe('cancelled');
    expect(await page.getByTestId('progress').count()).toBe(0);
    const after = await shownTrackId(page);
    // Either the earlier result, or the quick look at the opening if it had arrived: never blank.
    expect(after === before || after !== null).toBe(true);
    await expectPlotsDrawn(page);
  });

  it('a worker crash: a clear message, the result on screen stays, and the next file works', async () => {
    const before = await shownTrackId(page);
    await chooseFiles(page, musicWav(31, 'crash-victim-31s.wav'));
    await page.locator('[data-testid=track-list] li', { hasText: 'crash-victim-31s.wav' }).waitFor();
    await page.waitForFunction(() => window.__genrescope!.store.getState().tracks.some((t) => t.name === 'crash-victim-31s.wav' && (t.status === 'queued' || t.status === 'analysing')));
    await page.evaluate(() => window.__genrescope!.crashWorker());
    expect(await waitForTrack(page, 'crash-victim-31s.wav')).toBe('interrupted');
    await expectError(/analysis engine crashed/);
    expect(await shownTrackId(page)).toBe(before);
    await screenshot(page, 'worker-crash');
    await chooseFiles(page, musicWav(32, 'after-crash-32s.wav'));
    expect(await waitForTrack(page, 'after-crash-32s.wav')).toBe('done');
  });
});

describe.skipIf(!hasChromium)('a browser without WebGL', () => {
  it('still classifies (on the CPU or WASM backend) and says so', async () => {
    // No GPU and no software rasteriser: no WebGL in the page or in the worker (OffscreenCanvas).
    const browser = await launch(['--disable-software-rasterizer', '--disable-3d-apis']);
    try {
      const { page } = await openApp(browser, baseUrl);
      await chooseFiles(page, musicWav(30));
      expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
      await expectPlotsDrawn(page);
      if (MODELS_SHIPPED) {
        await expectGenreShown(page);
        await expect.poll(() => page.getByTestId('backend-note').innerText()).toBe('Running on the processor: no graphics acceleration available.');
        expect(await page.getByTestId('backend-details').textContent()).toMatch(/No GPU acceleration \(WebGL\) here: the models ran on the (CPU|WASM) backend/);
        expect(await page.getByTestId('genre-result').getAttribute('data-backend')).toMatch(/^(cpu|wasm)$/);
      }
      await screenshot(page, 'no-webgl');
    } finally {
      await browser.close();
    }
  });
});
