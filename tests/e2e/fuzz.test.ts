/**
 * Fuzzing the page: after one good analysis, a sample of the damaged files of
 * tests/support/fuzz.ts (every mutation kind of every format, plus mislabelled and empty files)
 * is chosen one at a time through the file input. Each must settle within a time limit as a
 * result or as a clear message in the error area, with no uncaught page error, the page never
 * blank, and the good result still the one on screen, plots and all, whenever a file fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mutants, sample, unclearReason } from '../support/fuzz.ts';
import { makeSources } from '../support/fuzzSources.ts';
import { expectPlotsDrawn, shownTrackId } from './support/app.ts';
import { FIXTURES_DIR, hasFfmpeg } from './support/audio.ts';
import { chooseFiles, hasChromium, launch, openApp, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const DIR = join(FIXTURES_DIR, 'fuzz');
/** Two of each (format, mutation kind): about 50 files, the first and the last of each group. */
const PER_GROUP = 2;
/** A damaged file settles (refused, or analysed whole: it is at most 1.5 s long) well within this. */
const SETTLE_MS = 20_000;
const GOOD = 'fuzz-good.wav';

/** Headers the page once misread (a 1 Hz rate taken for an 18-hour file; no channels): always in the sample. */
const REGRESSIONS = ['wav.huge-header-claim.sample-rate-1', 'wav.huge-header-claim.channels-0', 'flac.huge-header-claim.sample-rate-1'];

const sources = makeSources({ encoded: hasFfmpeg });
const all = mutants(sources);
const sampled = sample(all, PER_GROUP);
const picked = [...sampled, ...all.filter((m) => REGRESSIONS.includes(m.id) && !sampled.includes(m))];
/** Numbered so that no name is part of another (the track list is searched by text). */
const chosen = picked.map((m, i) => ({ ...m, name: `fz${String(i).padStart(2, '0')}.${m.id}.${m.ext}` }));

interface TrackState {
  id: string;
  status: string;
  error: string | null;
}

function trackState(page: Page, name: string): Promise<TrackState | null> {
  return page.evaluate((n) => {
    const t = window.__genrescope!.store.getState().tracks.find((x) => x.name === n);
    return t ? { id: t.id, status: t.status, error: t.error } : null;
  }, name);
}

describe.skipIf(!hasChromium)('damaged files in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let goodId: string | null;
  const pageErrors: string[] = [];
  /** What the files came to: "analysed", or each distinct message (the file's name taken out), with counts. */
  const outcomes = new Map<string, number>();

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    browser = await launch();
    ({ page } = await openApp(browser, baseUrl));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const good = join(DIR, GOOD);
    // One sample differs from the WAV the mutants are made of: the page reuses the result of the
    // same audio (content hash), and a mislabelled copy of that WAV must be analysed as a file of its own.
    const goodBytes = Uint8Array.from(sources.wav!);
    goodBytes[goodBytes.length - 1] ^= 1;
    writeFileSync(good, goodBytes);
    await chooseFiles(page, good);
    expect(await waitForTrack(page, GOOD)).toBe('done');
    goodId = await shownTrackId(page);
  });
  afterAll(async () => {
    await browser?.close();
    const rows = [...outcomes].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${n} x ${what}`);
    console.log(`fuzz (page), ${chosen.length} files:\n  ${rows.join('\n  ')}`);
  });

  /** The app still renders its frame and its file input: a crash in React would leave #root empty. */
  async function expectPageAlive(): Promise<void> {
    expect(await page.locator('#root > *').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=file-input]').count()).toBe(1);
  }

  it('first analyses a good file', async () => {
    expect(goodId).not.toBeNull();
    await expectPlotsDrawn(page);
  });

  for (const m of chosen) {
    it(`${m.name} (${m.bytes.length} bytes)`, async () => {
      const path = join(DIR, m.name);
      writeFileSync(path, m.bytes);
      const t0 = Date.now();
      await chooseFiles(page, path);
      const status = await waitForTrack(page, m.name, SETTLE_MS);
      const ms = Date.now() - t0;
      expect(status).toMatch(/^(done|error)$/);
      expect(ms).toBeLessThan(SETTLE_MS);
      const track = (await trackState(page, m.name))!;
      const outcome = status === 'error' ? (track.error ?? '').replaceAll(m.name, '<file>') : 'analysed';
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      await expectPageAlive();
      if (status === 'error') {
        expect(unclearReason(track.error ?? ''), `message: ${JSON.stringify(track.error)}`).toBeNull();
        // every source is 1.5 s long: a message that calls one long believed a damaged header
        expect(track.error).not.toMatch(/\blong\b/);
        // the file named once: by the message where it quotes the name, else before it
        const shown = track.error?.includes(`"${m.name}"`) ? track.error : `${m.name}: ${track.error}`;
        await expect.poll(() => page.getByTestId('error').locator('p').innerText()).toBe(shown);
        expect(await shownTrackId(page)).toBe(goodId);
        await expectPlotsDrawn(page);
      } else {
        // A file that decodes is a new result and is shown; the good one is opened again from the list.
        expect(await shownTrackId(page)).toBe(track.id);
        await page.locator('[data-testid=track-list] li', { hasText: GOOD }).locator('button.track-open').click();
        await expect.poll(() => shownTrackId(page)).toBe(goodId);
      }
      expect(pageErrors).toEqual([]);
    });
  }
});
