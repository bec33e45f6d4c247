/**
 * Your own classes and the history map in Chromium: four short clips of two kinds (generated
 * songs, a drum-machine groove) analysed and taught as two classes, the leave-one-out accuracy
 * shown; two new files get their class, one joins a class from its result view; the model
 * exported parses with the CLI's reader, a model written by `genrescope teach` (its own code, run
 * here on the same WAVs) imports and classifies the page's tracks, the export imports back, a bad
 * file changes nothing, and the classes are kept across a reload. The map shows every track,
 * coloured by genre or class, names a point on hover and opens its track on a click.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readCustomModel } from '../../src/cli/classify.ts';
import { runTeach } from '../../src/cli/teach.ts';
import { checkEmbedding, predictCustom } from '../../src/model/custom/modelFile.ts';
import { embeddingId } from '../../src/model/custom/embeddingId.ts';
import { parseMusicnnMetadata } from '../../src/model/musicnn/metadata.ts';
import { song } from '../support/signals.ts';
import { encodeWav16 } from '../support/wav.ts';
import { FIXTURES_DIR, musicLike, wavBytes } from './support/audio.ts';
import { MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const ID = embeddingId(parseMusicnnMetadata(JSON.parse(readFileSync('public/models/musicnn/msd/metadata.json', 'utf8'))));

/** Two kinds: the generated song (100 BPM, melody, pad) and the groove (120 BPM chords and kit), each of its own seed. */
function clip(kind: 'song' | 'groove', n: number): string {
  const path = join(FIXTURES_DIR, `teach-${kind}-${n}.wav`);
  mkdirSync(FIXTURES_DIR, { recursive: true });
  writeFileSync(path, kind === 'song' ? encodeWav16(song(6, { seed: n })) : wavBytes([musicLike(6, 22050, n)], 22050));
  return path;
}
const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

const card = (page: Page, cls: string) => page.locator(`[data-testid=teach-class][data-class="${cls}"]`);
const classNames = (page: Page) => page.getByTestId('teach-class').evaluateAll((els) => els.map((e) => e.getAttribute('data-class')));
const shownClass = (page: Page) => page.getByTestId('custom-class').getAttribute('data-class');
const title = (page: Page) => page.locator('#result-title').innerText();
const openTrack = (page: Page, n: string) => page.locator('[data-testid=track-list] li', { hasText: n }).locator('button.track-open').click();
const embeddingOf = (page: Page, n: string) =>
  page.evaluate((x) => {
    const g = window.__genrescope!.store.getState().tracks.find((t) => t.name === x)!.genre;
    return g.status === 'ready' ? (g.result.embedding ?? null) : null;
  }, n);

async function makeClass(page: Page, cls: string): Promise<void> {
  await page.getByTestId('teach-name').fill(cls);
  await page.getByRole('button', { name: 'Make class' }).click();
  await card(page, cls).waitFor();
}

async function addTo(page: Page, cls: string, track: string): Promise<void> {
  await card(page, cls).getByTestId('teach-pick').selectOption({ label: track });
  await card(page, cls).getByRole('button', { name: `Add the chosen track to ${cls}` }).click();
  await expect.poll(() => card(page, cls).locator('.teach-example-name', { hasText: track }).count()).toBe(1);
}

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('your classes and the history map, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('teaches two classes, classifies new tracks, exports and imports (the CLI both ways), and maps the tracks', async () => {
    const songs = [1, 2, 3].map((n) => clip('song', n));
    const grooves = [1, 2, 3].map((n) => clip('groove', n));
    // `genrescope teach` on the same files, on this process's core while the page analyses on its own
    const dir = mkdtempSync(join(tmpdir(), 'genrescope-teach-e2e-'));
    process.env.GENRESCOPE_CACHE_DIR = join(dir, 'cache');
    const cliModel = join(dir, 'cli-model.json');
    const taughtByCli = runTeach({ values: { class: [`band demos=${songs[0]},${songs[1]}`, `dance=${grooves[0]},${grooves[1]}`], out: cliModel, jobs: '1' }, files: [] });

    const { page, errors } = await openApp(browser, baseUrl);
    await chooseFiles(page, songs[0], songs[1], grooves[0], grooves[1]);
    for (const p of [...songs.slice(0, 2), ...grooves.slice(0, 2)]) expect(await waitForTrack(page, name(p))).toBe('done');

    await expect.poll(() => page.getByTestId('teach-overall').innerText()).toMatch(/Make a class/);
    await makeClass(page, 'songs');
    await makeClass(page, 'grooves');
    await addTo(page, 'songs', name(songs[0]));
    await addTo(page, 'grooves', name(grooves[0]));
    await expect.poll(() => card(page, 'songs').getByTestId('teach-guidance').innerText()).toMatch(/Add at least 2 tracks to this class/);
    await addTo(page, 'songs', name(songs[1]));
    await addTo(page, 'grooves', name(grooves[1]));
    for (const cls of ['songs', 'grooves']) {
      await expect.poll(() => card(page, cls).getByTestId('teach-guidance').innerText(), { timeout: 10_000 }).toBe('Leave-one-out: 100 % (2 of 2 recognised when left out)');
    }
    await expect.poll(() => page.getByTestId('teach-status').innerText()).toMatch(/^Learnt in \d+ ms/);
    await page.getByTestId('teach-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'teach-panel', false);

    // new files: classified as they finish; one then joins its class from its result view
    await chooseFiles(page, songs[2], grooves[2]);
    for (const p of [songs[2], grooves[2]]) expect(await waitForTrack(page, name(p))).toBe('done');
    await openTrack(page, name(songs[2]));
    await expect.poll(() => shownClass(page)).toBe('songs');
    await expect.poll(() => page.locator('[data-testid=track-list] li', { hasText: name(grooves[2]) }).getByTestId('custom-class-badge').getAttribute('data-class')).toBe('grooves');
    await openTrack(page, name(grooves[2]));
    await expect.poll(() => shownClass(page)).toBe('grooves');
    await page.getByRole('button', { name: `Add ${name(grooves[2])} to songs` }).click(); // a slip, then moved
    await page.getByRole('button', { name: `Add ${name(grooves[2])} to grooves` }).click();
    await expect.poll(() => card(page, 'grooves').getAttribute('data-examples')).toBe('3');
    await expect.poll(() => card(page, 'songs').getAttribute('data-examples')).toBe('2');

    // export: the file classify --custom reads
    await expect.poll(() => page.getByTestId('teach-status').innerText()).toMatch(/^Learnt/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
    const exported = join(dir, download.suggestedFilename());
    await download.saveAs(exported);
    const fromPage = readCustomModel(exported);
    checkEmbedding(fromPage, ID);
    expect(fromPage.file.classes).toEqual(['songs', 'grooves']);
    expect(fromPage.file.examples.map((e) => e.name)).toEqual([songs[0], songs[1], grooves[0], grooves[1], grooves[2]].map(name));

    // genrescope teach's model: imported, it classifies the page's tracks as the CLI would
    expect(await taughtByCli).toBe(0);
    await page.getByTestId('teach-import').setInputFiles(cliModel);
    await expect.poll(() => page.getByTestId('teach-message').innerText()).toMatch(/^Imported cli-model\.json: 2 classes, 4 examples\./);
    expect(await classNames(page)).toEqual(['band demos', 'dance']);
    await openTrack(page, name(songs[2]));
    await expect.poll(() => shownClass(page)).toBe('band demos');
    const cli = readCustomModel(cliModel);
    const expected = predictCustom(cli, (await embeddingOf(page, name(songs[2])))!);
    const bars = await page.getByTestId('custom-class-bars').locator('li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-class'), Number(e.getAttribute('data-p'))] as const));
    for (const [cls, p] of bars) expect(p).toBeCloseTo(expected.probabilities[cls!], 9);

    // a bad file: said, nothing lost; then the page's own export comes back
    await page.getByTestId('teach-import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "genrescope-custom", "version": 1}') });
    await expect.poll(() => page.getByTestId('teach-message').getAttribute('data-kind')).toBe('error');
    expect(await page.getByTestId('teach-message').innerText()).toMatch(/notes\.json is not a custom model file \(custom model\.embedding must be an object\)\. Your classes are unchanged\./);
    expect(await classNames(page)).toEqual(['band demos', 'dance']);
    await page.getByTestId('teach-import').setInputFiles(exported);
    await expect.poll(() => classNames(page)).toEqual(['songs', 'grooves']);
    await expect.poll(() => shownClass(page)).toBe('songs');
    expect(await card(page, 'grooves').getByTestId('teach-guidance').innerText()).toMatch(/^Leave-one-out: \d+ %/);

    // the map: every track, by genre or by class; hover names a point, a click opens its track
    const map = page.getByTestId('history-map');
    await expect.poll(() => map.locator('[data-testid=map-point]').count(), { timeout: 10_000 }).toBe(6);
    await map.getByRole('button', { name: 'Your class' }).click();
    await expect.poll(() => map.locator('[data-testid=map-point]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-group')))].sort())).toEqual(['grooves', 'songs']);
    // tracks that sound nearly the same may overlap: take a point on top
    await map.scrollIntoViewIfNeeded();
    const onTop = await map.locator('[data-testid=map-point]').evaluateAll((els) =>
      els.find((e) => {
        const r = e.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === e;
      })?.getAttribute('data-track'),
    );
    const onTopName = await page.evaluate((id) => window.__genrescope!.store.getState().tracks.find((t) => t.id === id)!.name, onTop);
    const target = map.locator(`[data-testid=map-point][data-track="${onTop}"]`);
    await target.hover();
    await expect.poll(() => map.getByTestId('map-tooltip').innerText()).toContain(onTopName);
    await screenshot(page, 'history-map', false);
    await target.click();
    await expect.poll(() => title(page)).toBe(onTopName);

    // kept across a reload
    await page.waitForTimeout(300); // the databases write
    await page.reload();
    await expect.poll(() => classNames(page), { timeout: 10_000 }).toEqual(['songs', 'grooves']);
    await expect.poll(() => page.locator('[data-testid=track-list] li', { hasText: name(songs[2]) }).getByTestId('custom-class-badge').getAttribute('data-class')).toBe('songs');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
