/**
 * The export bar in Chromium, each file downloaded (playwright's download event) and read back:
 * the JSON (app and model versions of this build, settings, warnings, the genre on screen), the
 * track CSV and the all-tracks CSV (the table's columns, one row per track, a name with a comma
 * and quotes intact), the windows CSV (a row per window), and the PNG card (its header's size,
 * and drawn back in the page: not blank, the probability bars there). The file is named
 * `Björk – Jóga.wav`, and every export keeps that name.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBuildInfo } from '../../scripts/buildInfo.ts';
import { TRACK_CSV_COLUMNS, WINDOW_CSV_COLUMNS } from '../../src/app/state/exportCsv.ts';
import { GTZAN_GENRES } from '../../src/dsp/gtzan/columns.ts';
import { csvRecords } from '../support/csv.ts';
import { song } from '../support/signals.ts';
import { MODELS_SHIPPED, shownGenre } from './support/app.ts';
import { FIXTURES_DIR, RESULTS_DIR, wavBytes } from './support/audio.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const BJORK = 'Björk – Jóga.wav';
const SIGUR = 'Sigur Rós, "Hoppípolla".wav';

function clip(name: string, seconds: number, seed: number): string {
  const path = join(FIXTURES_DIR, name);
  mkdirSync(FIXTURES_DIR, { recursive: true });
  writeFileSync(path, wavBytes([song(seconds, { seed })], 22050));
  return path;
}

/** Clicks an export button and returns the downloaded file's suggested name and bytes. */
async function download(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

/** Width and height from a PNG's signature and IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1'), 'IHDR first').toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.skipIf(!hasChromium)('exports in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(browser, baseUrl));
    await chooseFiles(page, clip(SIGUR, 5, 3), clip(BJORK, 8, 7));
    expect(await waitForTrack(page, 'Hoppípolla')).toBe('done');
    expect(await waitForTrack(page, BJORK)).toBe('done');
    await page.locator('[data-testid=track-list] li', { hasText: BJORK }).locator('button.track-open').click();
    await page.locator('#result-title', { hasText: BJORK }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('JSON: this build’s versions, the settings, warnings and the genre on screen', async () => {
    const { name, bytes } = await download(page, 'JSON');
    expect(name).toBe('Björk – Jóga.json');
    const json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const build = readBuildInfo(process.cwd());
    expect(json.appVersion).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    expect(json.modelVersions).toEqual(build.models);
    expect(Object.keys(build.models)).toEqual(expect.arrayContaining(['cnn', 'table', 'musicnn/msd', 'musicnn-head', 'no-music', 'ensemble']));
    expect(json.settings).toMatchObject({ probabilitiesView: 'ensemble', backendRequested: 'auto', sampleRateHz: 22050, hopLength: 512, maxAnalysisSec: 600 });
    expect(json.warnings).toEqual(expect.any(Array));
    expect(json.file).toBe(BJORK);
    if (MODELS_SHIPPED) expect(json.genre).toBe((await shownGenre(page)).genre);
  });

  it('CSVs: the track’s row, its windows, and every track of the list', async () => {
    const track = await download(page, 'Track CSV');
    expect(track.name).toBe('Björk – Jóga.csv');
    const one = csvRecords(track.bytes.toString('utf8'));
    expect(one.columns).toEqual(TRACK_CSV_COLUMNS);
    expect(one.records).toHaveLength(1);
    expect(one.records[0]).toMatchObject({ filename: BJORK, length: String(8 * 22050) });
    expect(Number.isFinite(Number(one.records[0].tempo))).toBe(true);
    if (MODELS_SHIPPED) {
      expect(one.records[0].genre).toBe((await shownGenre(page)).genre);
      expect(GTZAN_GENRES.reduce((s, g) => s + Number(one.records[0][`p_${g}`]), 0)).toBeCloseTo(1, 4);
    }

    const windows = await download(page, 'Windows CSV');
    expect(windows.name).toBe('Björk – Jóga.windows.csv');
    const w = csvRecords(windows.bytes.toString('utf8'));
    expect(w.columns).toEqual(WINDOW_CSV_COLUMNS);
    if (MODELS_SHIPPED) {
      expect(w.records.length, 'about one window per 3 s').toBeGreaterThanOrEqual(2);
      for (const r of w.records) {
        expect(Number(r.end_sec)).toBeGreaterThan(Number(r.start_sec));
        expect(['true', 'false']).toContain(r.no_music);
        expect(GTZAN_GENRES.reduce((s, g) => s + Number(r[`p_${g}`]), 0)).toBeCloseTo(1, 4);
      }
    }

    const all = await download(page, 'All tracks CSV');
    expect(all.name).toMatch(/^Genrescope tracks \d{4}-\d\d-\d\d\.csv$/);
    const both = csvRecords(all.bytes.toString('utf8'));
    expect(both.columns).toEqual(TRACK_CSV_COLUMNS);
    expect(both.records.map((r) => r.filename)).toEqual([SIGUR, BJORK]);
  });

  it('PNG: the result card, its size in its header, drawn back: not blank, bars and plots there', async () => {
    const { name, bytes } = await download(page, 'Result PNG');
    expect(name).toBe('Björk – Jóga.png');
    const size = pngSize(bytes);
    expect(size.width).toBe(1200);
    expect(size.height).toBeGreaterThan(900);
    const drawn = await page.evaluate(async (base64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      let bar = 0;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) {
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        if (d[i] === 0x00 && d[i + 1] === 0x72 && d[i + 2] === 0xb2) bar++;
        if (d[i] + d[i + 1] + d[i + 2] < 150) dark++;
      }
      return { width: bitmap.width, height: bitmap.height, colours: colours.size, bar, dark };
    }, bytes.toString('base64'));
    expect({ width: drawn.width, height: drawn.height }).toEqual(size);
    expect(drawn.colours, 'colour maps and text, not a blank card').toBeGreaterThan(200);
    expect(drawn.dark, 'text').toBeGreaterThan(2000);
    // the bars (and the waveform) in the theme's blue: the top genre's bar alone is over 1,000 px
    expect(drawn.bar).toBeGreaterThan(MODELS_SHIPPED ? 5000 : 500);
    await screenshot(page, 'exports-bar', false);
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'exports-bar-dark', false);
    await page.emulateMedia({ colorScheme: 'light' });
    writeFileSync(join(RESULTS_DIR, 'screenshots', 'export-card.png'), bytes);
    expect(errors, 'console errors on the page').toEqual([]);
  });
});
