/**
 * The linked time plots in headless Chromium, on a dropped 12 s WAV: the wheel zooms every plot
 * (waveform, spectrogram, chromagram, taggram, genre timeline) to one span around the pointer, a
 * drag pans them all without seeking, the read-out names the time and the frequency, pitch class
 * or genre under the pointer, a click seeks the <audio> there, a double click and the 0 key show
 * the whole track, + and the arrow keys zoom and pan the focused group; the genre timeline is
 * drawn in the palette's colours, raw or smoothed. Screenshots of the zoomed plots and the timeline.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GENRE_COLORS } from '../../src/app/components/charts/palette.ts';
import { MARGIN } from '../../src/app/plots/timeView.ts';
import { GTZAN_GENRES } from '../../src/app/state/types.ts';
import { musicWav } from './support/audio.ts';
import { expectPlotsDrawn, MODELS_SHIPPED } from './support/app.ts';
import { dropFile, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const CLIP_SEC = 12;

/** Each linked plot's drawn span (data-view-start/end, set when it draws). */
async function spans(page: Page, ids: readonly string[]): Promise<Record<string, [number, number]>> {
  return page.evaluate((list) => {
    const out: Record<string, [number, number]> = {};
    for (const id of list) {
      const c = document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement | null;
      out[id] = [Number(c?.dataset.viewStart ?? NaN), Number(c?.dataset.viewEnd ?? NaN)];
    }
    return out;
  }, ids);
}

/** The one span every plot shows, once they all agree (within a millisecond) and it passes `predicate`. */
async function sharedSpan(page: Page, ids: readonly string[], predicate: (s: [number, number]) => boolean, message: string): Promise<[number, number]> {
  const agree = (all: Record<string, [number, number]>) => {
    const list = Object.values(all);
    return list.every((s) => Math.abs(s[0] - list[0][0]) < 1e-3 && Math.abs(s[1] - list[0][1]) < 1e-3 && predicate(s));
  };
  await expect.poll(() => spans(page, ids), { timeout: 3_000, message }).toSatisfy(agree);
  return Object.values(await spans(page, ids))[0];
}

/** The css x of time t on a plot whose box is `box` and which shows span s. */
function xOn(box: { x: number; width: number }, t: number, s: [number, number]): number {
  return box.x + MARGIN.left + ((t - s[0]) / (s[1] - s[0])) * (box.width - MARGIN.left - MARGIN.right);
}

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('linked time plots, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('zoom, pan, read-out, seek and reset move every plot together; the timeline is in the palette', { timeout: 120_000 }, async () => {
    const { page, errors } = await openApp(browser, baseUrl, { width: 1280, height: 1000 });
    await dropFile(page, musicWav(CLIP_SEC), 'audio/wav');
    const t0 = Date.now();
    expect(await waitForTrack(page, `music-${CLIP_SEC}s.wav`, 90_000)).toBe('done');
    console.log(`analysed in ${Date.now() - t0} ms`);
    await expectPlotsDrawn(page);
    const ids = ['waveform', 'spectrogram', 'chromagram', 'genre-timeline'];
    if ((await page.getByTestId('taggram').count()) > 0) ids.push('taggram');
    const whole = await sharedSpan(page, ids, (s) => s[0] === 0 && Math.abs(s[1] - CLIP_SEC) < 0.05, 'every plot starts on the whole track');
    const duration = whole[1];

    // The wheel over the spectrogram, at 3/4 of its width, zooms every plot in around that time.
    const spec = (await page.getByTestId('spectrogram').boundingBox())!;
    const xAt = (t: number, s: [number, number]) => xOn(spec, t, s);
    const anchor = 0.75 * duration;
    await page.mouse.move(xAt(anchor, whole), spec.y + spec.height / 2);
    await page.mouse.wheel(0, -400);
    const zoomed = await sharedSpan(page, ids, (s) => s[1] - s[0] < duration * 0.8, 'the wheel zooms every plot');
    // The time under the pointer stays put.
    expect((anchor - zoomed[0]) / (zoomed[1] - zoomed[0])).toBeCloseTo(0.75, 1);
    await expect.poll(() => page.getByTestId('time-shown').innerText()).toMatch(/^Showing \d+\.\d s to \d+\.\d s of 12\.0 s$/);

    // The read-out under the pointer: the time and the frequency there.
    await page.mouse.move(xAt(zoomed[0] + 1, zoomed), spec.y + spec.height * 0.3);
    const readout = page.getByTestId('plot-readout');
    await expect.poll(() => readout.innerText()).toMatch(/^\d+\.\d s · [\d.]+ k?Hz · -?\d+ dB$/);
    const chroma = (await page.getByTestId('chromagram').boundingBox())!;
    await page.mouse.move(chroma.x + chroma.width / 2, chroma.y + MARGIN.top + 3);
    await expect.poll(() => readout.innerText()).toMatch(/^\d+\.\d s · B \d+ %$/);
    await screenshot(page, 'plots-zoomed');

    // A drag pans them all to earlier, and is no click: the player stays where it was.
    const before = await page.evaluate(() => window.__genrescope!.store.getState().playback.timeSec);
    const y = spec.y + spec.height / 2;
    await page.mouse.move(spec.x + spec.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(spec.x + spec.width / 2 + 80, y, { steps: 4 });
    await page.mouse.move(spec.x + spec.width / 2 + 160, y, { steps: 4 });
    await page.mouse.up();
    const panned = await sharedSpan(page, ids, (s) => s[0] < zoomed[0] - 0.1, 'a drag pans every plot');
    expect(panned[1] - panned[0]).toBeCloseTo(zoomed[1] - zoomed[0], 3);
    expect(await page.evaluate(() => window.__genrescope!.store.getState().playback.timeSec)).toBe(before);

    // A click on the waveform seeks the audio to the time under it.
    const wave = (await page.getByTestId('waveform').boundingBox())!;
    const target = (panned[0] + panned[1]) / 2;
    await page.mouse.click(xOn(wave, target, panned), wave.y + wave.height / 2);
    await expect.poll(() => page.evaluate(() => (document.querySelector('audio.player') as HTMLAudioElement).currentTime)).toBeCloseTo(target, 1);

    // A double click shows the whole track again.
    await page.mouse.dblclick(spec.x + spec.width / 2, y);
    await sharedSpan(page, ids, (s) => s[0] === 0 && Math.abs(s[1] - duration) < 1e-3, 'a double click shows the whole track');

    // Keyboard: the group zooms with +, pans with the arrow keys, shows the whole track with 0.
    const group = page.getByTestId('time-plots-group');
    expect(await group.getAttribute('aria-label')).toMatch(/\+ and − zoom, the arrow keys pan, 0 shows the whole track/);
    expect(await page.getByTestId('spectrogram').getAttribute('aria-label')).toMatch(/^Mel spectrogram: .*\+ and − zoom, 0 shows the whole track/);
    await group.focus();
    await page.keyboard.press('+');
    const keyZoomed = await sharedSpan(page, ids, (s) => Math.abs(s[1] - s[0] - duration / 1.5) < 0.01, '+ zooms every plot by 1.5');
    await page.keyboard.press('ArrowRight');
    await sharedSpan(page, ids, (s) => s[0] > keyZoomed[0] + 0.1, 'ArrowRight pans every plot later');
    await page.keyboard.press('0');
    await sharedSpan(page, ids, (s) => s[0] === 0 && Math.abs(s[1] - duration) < 1e-3, '0 shows the whole track');

    // The timeline's read-out: the genre under the pointer and its probability.
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    const timeline = (await page.getByTestId('genre-timeline').boundingBox())!;
    await page.mouse.move(timeline.x + timeline.width / 2, timeline.y + timeline.height - MARGIN.bottom - 4);
    await expect.poll(() => readout.innerText()).toMatch(new RegExp(`^\\d+\\.\\d s · (${GTZAN_GENRES.join('|')}) \\d+ %$`));

    // The timeline: the stacked probabilities down its middle column are all palette colours.
    const colours = await page.getByTestId('genre-timeline').evaluate((c: HTMLCanvasElement, margin) => {
      const ctx = c.getContext('2d')!;
      const x = Math.round(c.width / 2);
      const top = Math.ceil((margin.top + 18 + 4 + 1) * (c.height / c.clientHeight));
      const bottom = Math.floor((c.clientHeight - margin.bottom - 1) * (c.height / c.clientHeight));
      const d = ctx.getImageData(x, top, 1, bottom - top).data;
      const seen = new Set<string>();
      for (let i = 0; i < d.length; i += 4) seen.add(`#${[d[i], d[i + 1], d[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
      return [...seen];
    }, MARGIN);
    expect(colours.filter((c) => !(GENRE_COLORS as readonly string[]).includes(c)), 'colours outside the palette').toEqual([]);
    expect(colours.length, 'several genres stacked').toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('timeline-summary').innerText()).toMatch(/^(No change of genre along the track|The genre changes along the track: mostly \w+, .+)\.$/);
    const smoothed = await page.getByTestId('genre-timeline').evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.getByRole('button', { name: 'Raw', exact: true }).click();
    await expect.poll(() => page.getByTestId('genre-timeline').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(smoothed);
    expect(await page.getByRole('button', { name: 'Raw', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'plots-timeline', false);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
