/**
 * musicnn in the page against the PyTorch reference (../shared/models/musicnn/reference), on the
 * backend the page really uses (WebAssembly here, where WebGL is software): a reference clip
 * (lossless FLAC at 22.05 kHz from ../shared/data) chosen in the page goes through Chromium's
 * decoder, the worker's kaiser_best resampling, mel and float16 log, and musicnn; its taggram
 * matches the reference's within 1e-3, the bound tests/model/musicnn.test.ts holds in Node for the
 * same front end (one float16 step of the log-mel moves a tag by less than that).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, waitForTrack } from './support/browser.ts';
import { dataDir, hasMusicnnRef, hasSharedData, readMusicnnRef } from '../support/sharedData.ts';

const baseUrl = inject('baseUrl');
const STEM = 'metal.00000';
const PATCHES = 4;

describe.skipIf(!hasChromium || !MODELS_SHIPPED || !hasSharedData || !hasMusicnnRef)('musicnn in the page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`gives the reference taggram of ${STEM} within 1e-3 on the page's own backend`, async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await chooseFiles(page, join(dataDir, 'gtzan', 'audio', 'metal', `${STEM}.flac`));
    expect(await waitForTrack(page, `${STEM}.flac`, 90_000)).toBe('done');
    const got = await page.evaluate(() => {
      const t = window.__genrescope!.store.getState().tracks.find((x) => x.name.endsWith('.flac'));
      const g = t?.genre.status === 'ready' ? t.genre.result : null;
      return { backend: g?.backend ?? null, stage: g?.stage ?? null, names: g?.tags?.names ?? [], patches: g?.tags?.patches.map((p) => p.values) ?? [] };
    });
    expect(got.stage).toBe('final');
    expect(['wasm', 'webgl', 'cpu']).toContain(got.backend);
    expect(got.names).toHaveLength(50);
    const ref = readMusicnnRef(`${STEM}.MSD_musicnn.taggram.f32`);
    let worst = 0;
    for (let k = 0; k < PATCHES; k++) for (let j = 0; j < 50; j++) worst = Math.max(worst, Math.abs(got.patches[k][j] - ref[k * 50 + j]));
    expect(worst, `largest taggram difference on ${got.backend}`).toBeLessThan(1e-3);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
