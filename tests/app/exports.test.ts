/**
 * The exports read back: file names keep Unicode letters and lose only what file systems refuse;
 * the track CSV, windows CSV and all-tracks CSV parse back with the right columns and rows; the
 * JSON carries the app and model versions, settings and warnings; the build information is read
 * from this checkout’s package.json and public/models; the PNG card says what the genre panel says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBuildInfo } from '../../scripts/buildInfo.ts';
import { cardDate, resultCardText } from '../../src/app/services/resultCard.ts';
import { TRACK_CSV_COLUMNS, WINDOW_CSV_COLUMNS } from '../../src/app/state/exportCsv.ts';
import { allTracksName } from '../../src/app/state/exportFiles.ts';
import { resultJson } from '../../src/app/state/exports.ts';
import { safeFileName, trackFileName } from '../../src/app/state/fileNames.ts';
import { GTZAN_FEATURE_NAMES, GTZAN_GENRES, type GenreResult } from '../../src/app/state/types.ts';
import { csvRecords } from '../support/csv.ts';
import { decoded, FakeDecoder, flush, genre, SR } from './fakes.ts';
import { harness } from './slices/harness.ts';

const BJORK = 'Björk – Jóga.mp3';
const COMMA = 'Sigur Rós, "Hoppípolla".wav';

describe('export file names', () => {
  it('keep every letter and lose only what a file system refuses', () => {
    expect(trackFileName(BJORK, 'json')).toBe('Björk – Jóga.json');
    expect(trackFileName('Дмитрий Шостакович — Вальс №2.flac', 'csv')).toBe('Дмитрий Шостакович — Вальс №2.csv');
    expect(trackFileName('坂本龍一 戦場のメリークリスマス.ogg', 'png')).toBe('坂本龍一 戦場のメリークリスマス.png');
    expect(trackFileName('AC/DC: Back in Black? <live> "1980" | a*b\\c.mp3', 'json')).toBe('AC_DC_ Back in Black_ _live_ _1980_ _ a_b_c.json');
    expect(trackFileName('tab\there\u0000nul\u007f.wav', 'json')).toBe('tab_here_nul_.json');
    expect(trackFileName(COMMA, 'windows.csv')).toBe('Sigur Rós, _Hoppípolla_.windows.csv');
  });

  it('trim trailing dots and spaces, avoid Windows device names, and are NFC', () => {
    expect(safeFileName('ends with dots... ', 'json')).toBe('ends with dots.json');
    expect(trackFileName('CON.mp3', 'json')).toBe('_CON.json');
    expect(trackFileName('nul.live.mp3', 'json')).toBe('_nul.live.json');
    expect(trackFileName('lpt1.wav', 'csv')).toBe('_lpt1.csv');
    expect(trackFileName('Console.mp3', 'json')).toBe('Console.json');
    expect(trackFileName('Bjo\u0308rk.mp3', 'json')).toBe('Bj\u00f6rk.json');
    expect(trackFileName('.mp3', 'json')).toBe('.mp3.json');
    expect(trackFileName('...', 'json')).toBe('genrescope.json');
    expect(trackFileName('', 'json')).toBe('genrescope.json');
  });

  it('fit in 240 UTF-8 bytes without splitting a character', () => {
    const long = trackFileName(`${'ü'.repeat(100)}${'🎵'.repeat(40)}.mp3`, 'windows.csv');
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(240);
    expect(long.endsWith('🎵.windows.csv')).toBe(true);
    expect(long).not.toMatch(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('name the whole list by its day', () => {
    expect(allTracksName(new Date(2026, 11, 3, 23, 41).getTime())).toBe('Genrescope tracks 2026-12-03.csv');
  });
});

/** A final answer with three windows along the track, the middle one not music. */
function threeWindows(): GenreResult {
  const g = genre(3);
  const p = (top: number) => GTZAN_GENRES.map((_, i) => (i === top ? 0.73 : 0.03));
  const flat = GTZAN_GENRES.map(() => 0.1);
  return {
    ...g,
    stage: 'final',
    backendChoice: { requested: 'auto', renderer: null, skipped: [] },
    timeline: [
      { start: 0, end: 2.97, probabilities: p(3), noMusic: false },
      { start: 2.97, end: 5.94, probabilities: flat, noMusic: true },
      { start: 5.94, end: 8.91, probabilities: p(9), noMusic: false },
    ],
  };
}

/** Lets the store start the `n`th engine job (hashing and decoding run first, on promises). */
async function jobStarted(h: ReturnType<typeof harness>, n: number) {
  for (let i = 0; i < 200 && h.engine.jobs.length < n; i++) await flush();
  expect(h.engine.jobs, `engine job ${n} started`).toHaveLength(n);
  return h.engine.jobs[n - 1];
}

async function analysedStore() {
  const h = harness({ decoder: new FakeDecoder({ [BJORK]: decoded(30), [COMMA]: decoded(20), 'long.wav': decoded(120, { source: { durationSec: 120 } }) }) });
  h.s().addFiles([Object.assign(new Blob([new Uint8Array(10)]), { name: BJORK })]);
  (await jobStarted(h, 1)).finish(threeWindows());
  await flush();
  h.s().addFiles([Object.assign(new Blob([new Uint8Array(20)]), { name: COMMA })]);
  (await jobStarted(h, 2)).finish({ ...genre(9), stage: 'quick' });
  await flush();
  return h;
}

async function exported(h: Awaited<ReturnType<typeof analysedStore>>, kind: Parameters<ReturnType<typeof h.s>['exportResult']>[0], id?: string) {
  const before = h.exporter.saved.length;
  await h.s().exportResult(kind, id);
  await flush();
  expect(h.exporter.saved, `${kind} saved one file`).toHaveLength(before + 1);
  return h.exporter.saved[before];
}

describe('export files read back', () => {
  it('the track CSV: the table’s columns, then key, genre, the ten probabilities', async () => {
    const h = await analysedStore();
    const bjork = h.named(BJORK).id;
    const file = await exported(h, 'csv', bjork);
    expect(file.name).toBe('Björk – Jóga.csv');
    const { columns, records } = csvRecords(file.text);
    expect(columns).toEqual(TRACK_CSV_COLUMNS);
    expect(columns.slice(0, 59)).toEqual(['filename', 'length', ...GTZAN_FEATURE_NAMES]);
    expect(columns).toContain('tempo');
    expect(records).toHaveLength(1);
    const row = records[0];
    expect(row).toMatchObject({ filename: BJORK, length: String(30 * SR), key: 'C major', genre: 'disco', no_music: 'false', stage: 'final' });
    GTZAN_FEATURE_NAMES.forEach((name, i) => expect(Number(row[name]), name).toBe(i + 0.5));
    const ps = GTZAN_GENRES.map((g) => Number(row[`p_${g}`]));
    expect(ps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(new Date(row.analysed_at).getTime()).toBe(h.named(BJORK).addedAt);
  });

  it('the windows CSV: one row per window with its span, genre, probabilities and no-music flag', async () => {
    const h = await analysedStore();
    const file = await exported(h, 'windows-csv', h.named(BJORK).id);
    expect(file.name).toBe('Björk – Jóga.windows.csv');
    const { columns, records } = csvRecords(file.text);
    expect(columns).toEqual(WINDOW_CSV_COLUMNS);
    expect(records.map((r) => [r.start_sec, r.end_sec, r.genre, r.no_music])).toEqual([
      ['0', '2.97', 'disco', 'false'],
      ['2.97', '5.94', '', 'true'],
      ['5.94', '8.91', 'rock', 'false'],
    ]);
    for (const r of records) expect(GTZAN_GENRES.reduce((s, g) => s + Number(r[`p_${g}`]), 0)).toBeCloseTo(1, 9);
  });

  it('the all-tracks CSV: every whole result of the list, names with commas and quotes intact', async () => {
    const h = await analysedStore();
    // a long track whose opening alone is there so far gets no row
    h.decoder.openings['long.wav'] = decoded(30, { source: { durationSec: 120 } });
    h.s().addFiles([Object.assign(new Blob([new Uint8Array(30)]), { name: 'long.wav' })]);
    (await jobStarted(h, 3)).finish(genre(1));
    await flush();
    expect(h.named('long.wav')).toMatchObject({ partial: true, result: expect.anything() });
    const file = await exported(h, 'all-csv');
    expect(file.name).toMatch(/^Genrescope tracks \d{4}-\d\d-\d\d\.csv$/);
    const { columns, records } = csvRecords(file.text);
    expect(columns).toEqual(TRACK_CSV_COLUMNS);
    expect(records.map((r) => [r.filename, r.genre, r.stage, r.length])).toEqual([
      [BJORK, 'disco', 'final', String(30 * SR)],
      [COMMA, 'rock', 'quick', String(20 * SR)],
    ]);
  });

  it('the JSON: versions, settings, warnings and the windows, named after the track', async () => {
    const h = await analysedStore();
    h.s().setModelView('cnn');
    const file = await exported(h, 'json', h.named(BJORK).id);
    expect(file.name).toBe('Björk – Jóga.json');
    const json = JSON.parse(file.text) as Record<string, unknown>;
    expect(json).toMatchObject({
      file: BJORK,
      genre: 'disco',
      appVersion: 'unknown', // nothing injected in Node: vite.config.ts defines it for the page
      modelVersions: {},
      settings: { probabilitiesView: 'cnn', backendRequested: 'auto', sampleRateHz: SR, hopLength: 512, maxAnalysisSec: 600 },
      warnings: expect.any(Array),
    });
    expect(new Date(json.exportedAt as string).getTime()).not.toBeNaN();
    expect((json.timeline as { noMusic: boolean }[]).map((w) => w.noMusic)).toEqual([false, true, false]);

    const build = { appVersion: '9.8.7', models: { cnn: { format: 'genrescope-cnn', version: 1, sha256: '0123456789abcdef' } } };
    const direct = resultJson(h.named(BJORK), { build, exportedAt: Date.UTC(2026, 11, 3), probabilitiesView: 'ensemble' });
    expect(direct).toMatchObject({ appVersion: '9.8.7', modelVersions: build.models, exportedAt: '2026-12-03T00:00:00.000Z' });
  });

  it('nothing to export says so; the windows wait for the genre', async () => {
    const h = harness();
    await h.s().exportResult('all-csv');
    expect(h.s().alert).toMatchObject({ kind: 'info', text: 'There is no result to export yet.' });
    h.s().addFiles([Object.assign(new Blob([new Uint8Array(10)]), { name: 'a.wav' })]);
    (await jobStarted(h, 1)).handlers.features((await import('./fakes.ts')).fakeAnalysis(30), []);
    await flush();
    await h.s().exportResult('windows-csv');
    expect(h.s().alert?.text).toMatch(/not there yet/);
    expect(h.exporter.saved).toHaveLength(0);
  });
});

describe('build information', () => {
  it('is package.json’s version and every shipped model’s format, version and digest', () => {
    const info = readBuildInfo(process.cwd());
    expect(info.appVersion).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    for (const [key, file] of [['cnn', 'cnn/metadata.json'], ['table', 'table/metadata.json'], ['musicnn-head', 'musicnn-head/metadata.json'], ['musicnn/msd', 'musicnn/msd/metadata.json'], ['ensemble', 'ensemble.json']]) {
      const meta = JSON.parse(readFileSync(`public/models/${file}`, 'utf8')) as { format: string; version: number };
      expect(info.models[key], key).toEqual({ format: meta.format, version: meta.version, sha256: expect.stringMatching(/^[0-9a-f]{16}$/) });
    }
  });
});

describe('the PNG card’s words', () => {
  it('name the file, the date, the genre as the panel says it, and rank all ten genres', async () => {
    const h = await analysedStore();
    const card = resultCardText(h.named(BJORK), { appVersion: '1.2.3', models: {} });
    expect(card).toMatchObject({ title: BJORK, kicker: 'Genre', headline: 'Disco 55 %', detail: 'Runner-up: Blues (5 %)', footer: 'Genrescope 1.2.3' });
    expect(card.facts).toBe(`Analysed ${cardDate(h.named(BJORK).addedAt)} · 30.0 s · 120.0 BPM · C major`);
    expect(card.bars.map((b) => b.genre)).toHaveLength(10);
    expect(card.bars[0]).toEqual({ genre: 'disco', p: 0.55 });
    expect(resultCardText(h.named(COMMA), { appVersion: '1.2.3', models: {} }).kicker).toBe('Genre: first guess, musicnn did not finish');
  });

  it('say why there is no genre, with no bars', async () => {
    const h = await analysedStore();
    const t = h.named(BJORK);
    const card = resultCardText({ ...t, genre: { status: 'ready', result: { ...threeWindows(), status: 'no-music', noMusicReason: 'steady noise' } } }, { appVersion: 'x', models: {} });
    expect(card).toMatchObject({ headline: 'This does not sound like music', detail: 'Steady noise, so no genre is claimed.', bars: [] });
    expect(cardDate(new Date(2026, 0, 2, 3, 4).getTime())).toBe('2026-01-02 03:04');
  });
});
