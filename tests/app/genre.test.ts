import { describe, expect, it } from 'vitest';
import { backendNote, genreHeadline, toGenreResult } from '../../src/app/state/genre.ts';
import { backendRequestFromQuery } from '../../src/app/services/backendQuery.ts';
import type { BackendChoice } from '../../src/model/backend.ts';
import { GTZAN_GENRES, type GenreResult } from '../../src/app/state/types.ts';
import type { GenrePrediction } from '../../src/model/types.ts';
import type { GenreSegment } from '../../src/model/verdict.ts';

const record = (hot: string) => Object.fromEntries(GTZAN_GENRES.map((g) => [g, g === hot ? 0.91 : 0.01])) as GenrePrediction['probabilities'];

describe('toGenreResult', () => {
  it('maps the models’ records to arrays in GTZAN order, with each model’s view and the timeline', () => {
    const p: GenrePrediction = {
      genre: 'jazz',
      confidence: 0.91,
      noMusic: false,
      noMusicReason: null,
      short: true,
      probabilities: record('jazz'),
      models: { cnn: record('blues'), table: null, head: null },
      weights: { head: 0, cnn: 1, table: 0 },
      timeline: [{ startSec: 0, endSec: 2.97, probabilities: record('rock'), silent: false, noMusic: false }],
      tags: null,
      stage: 'quick',
    };
    const g = toGenreResult(p, 'cpu');
    expect(g.status).toBe('ok');
    expect(g.probabilities[GTZAN_GENRES.indexOf('jazz')]).toBe(0.91);
    expect(g.models.cnn![0]).toBe(0.91);
    expect(g.models.table).toBeUndefined();
    expect(g.timeline).toEqual([{ start: 0, end: 2.97, probabilities: GTZAN_GENRES.map((x) => (x === 'rock' ? 0.91 : 0.01)), noMusic: false }]);
    expect(g).toMatchObject({ shortClip: true, backend: 'cpu' });
  });

  it('keeps musicnn’s track embedding as a plain array, and has none for a quick answer', () => {
    const p: GenrePrediction = { genre: 'jazz', confidence: 0.91, noMusic: false, noMusicReason: null, short: false, probabilities: record('jazz'), models: { cnn: record('jazz'), table: null, head: null }, weights: { head: 0, cnn: 1, table: 0 }, timeline: [], tags: null, stage: 'final', embedding: Float32Array.of(0.5, -0.25, 0) };
    const g = toGenreResult(p, 'webgl');
    expect(g.embedding).toEqual([0.5, -0.25, 0]);
    expect(Array.isArray(g.embedding)).toBe(true);
    expect(toGenreResult({ ...p, stage: 'quick', embedding: undefined }, 'webgl')).not.toHaveProperty('embedding');
  });

  it('keeps "no music" as its own status, with its reason and the verdict in words', () => {
    const flat = Object.fromEntries(GTZAN_GENRES.map((x) => [x, 0.1])) as GenrePrediction['probabilities'];
    const g = toGenreResult({ genre: null, confidence: 0, noMusic: true, noMusicReason: 'a steady tone', short: false, probabilities: flat, models: { cnn: flat, table: null, head: null }, weights: { head: 0, cnn: 1, table: 0 }, timeline: [], tags: null, stage: 'quick' }, 'webgl');
    expect(g).toMatchObject({ status: 'no-music', noMusicReason: 'a steady tone', verdict: { text: 'This does not sound like music: a steady tone', genres: [] } });
  });
});

describe('genreHeadline', () => {
  const base = (top: string, second: string, p1: number, p2: number, segments: GenreSegment[] = []): GenreResult => {
    const prediction: GenrePrediction = {
      genre: top as GenrePrediction['genre'], confidence: p1, noMusic: false, noMusicReason: null, short: false,
      probabilities: Object.fromEntries(GTZAN_GENRES.map((x) => [x, x === top ? p1 : x === second ? p2 : (1 - p1 - p2) / 8])) as GenrePrediction['probabilities'],
      models: { cnn: {} as GenrePrediction['probabilities'], table: null, head: null }, weights: { head: 1, cnn: 0, table: 0 },
      timeline: segments.flatMap((s) => Array.from({ length: Math.round((s.endSec - s.startSec) / 3) }, (_, i) => ({
        startSec: s.startSec + 3 * i, endSec: s.startSec + 3 * i + 3, silent: false, noMusic: false,
        probabilities: Object.fromEntries(GTZAN_GENRES.map((x) => [x, x === s.genre ? 0.9 : 0.1 / 9])) as GenrePrediction['probabilities'],
      }))),
      tags: null, stage: 'final',
    };
    return toGenreResult(prediction, 'wasm');
  };

  it('names one genre when sure, the top two when the runner-up is close, as the CLI does', () => {
    expect(genreHeadline(base('rock', 'country', 0.8, 0.1))).toEqual({ genres: ['rock'], changes: null });
    expect(genreHeadline(base('rock', 'country', 0.42, 0.3))).toEqual({ genres: ['rock', 'country'], changes: null });
  });

  it('says where the genre changes along the track', () => {
    const h = genreHeadline(base('jazz', 'rock', 0.7, 0.2, [{ genre: 'jazz', startSec: 0, endSec: 120 }, { genre: 'rock', startSec: 120, endSec: 180 }]));
    expect(h.changes).toBe('the genre changes along the track: mostly jazz, rock from 2:00 to 3:00');
  });

  it('results saved before verdicts existed name their top genre', () => {
    const old: GenreResult = { ...base('blues', 'rock', 0.4, 0.35) };
    delete old.verdict;
    expect(genreHeadline(old)).toEqual({ genres: ['blues'], changes: null });
  });
});

describe('which backend ran, and why', () => {
  const flat = Object.fromEntries(GTZAN_GENRES.map((x) => [x, 0.1])) as GenrePrediction['probabilities'];
  const p: GenrePrediction = { genre: 'blues', confidence: 0.1, noMusic: false, noMusicReason: null, short: false, probabilities: flat, models: { cnn: flat, table: null, head: null }, weights: { head: 0, cnn: 1, table: 0 }, timeline: [], tags: null, stage: 'quick' };
  const swiftShader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
  const choice = (c: Partial<BackendChoice> & Pick<BackendChoice, 'backend'>): BackendChoice => ({ skipped: [], requested: 'auto', renderer: null, ...c });

  it('keeps the choice with the result and says nothing for WebGL on a GPU', () => {
    const g = toGenreResult(p, 'webgl', choice({ backend: 'webgl', renderer: 'Mali-G78' }));
    expect(g.backendChoice).toEqual({ requested: 'auto', renderer: 'Mali-G78', skipped: [] });
    expect(backendNote(g)).toBeNull();
  });

  it('says in one plain line that it runs on the processor, and names the software rasteriser in the details', () => {
    const g = toGenreResult(p, 'cpu', choice({ backend: 'cpu', renderer: swiftShader, skipped: [{ backend: 'webgl', code: 'software-renderer', reason: 'software rasteriser (SwiftShader)' }] }));
    expect(backendNote(g)?.summary).toBe('Running on the processor: no graphics acceleration available.');
    expect(backendNote(g)?.details).toMatch(/^WebGL here runs on a software rasteriser \(SwiftShader\), slower than the CPU: the models ran on the CPU backend instead/);
  });

  it('says when there is no WebGL at all (also for results kept from before the choice was recorded)', () => {
    const failed = toGenreResult(p, 'cpu', choice({ backend: 'cpu', skipped: [{ backend: 'webgl', code: 'failed', reason: 'failed to initialise' }] }));
    expect(backendNote(failed)?.summary).toBe('Running on the processor: no graphics acceleration available.');
    expect(backendNote(failed)?.details).toMatch(/^No GPU acceleration \(WebGL\) here: the models ran on the CPU backend instead/);
    expect(backendNote(toGenreResult(p, 'wasm'))?.details).toMatch(/^No GPU acceleration \(WebGL\) here: the models ran on the WASM backend/);
  });

  it('says when the page address chose the backend', () => {
    expect(backendNote(toGenreResult(p, 'cpu', choice({ backend: 'cpu', requested: 'cpu' })))).toEqual({ summary: 'Running on the processor, as the page address asks.', details: 'The models ran on the CPU backend, as the page address asks (?backend=cpu).' });
    expect(backendNote(toGenreResult(p, 'webgl', choice({ backend: 'webgl', requested: 'webgl', renderer: swiftShader })))?.details).toMatch(/^The models ran on WebGL, as the page address asks \(\?backend=webgl\) \(renderer: ANGLE .*SwiftShader/);
  });

  it('reads ?backend= from the page address, ignoring what it does not know', () => {
    expect(backendRequestFromQuery('?backend=webgl')).toBe('webgl');
    expect(backendRequestFromQuery('?x=1&backend=CPU')).toBe('cpu');
    expect(backendRequestFromQuery('?backend=wasm')).toBe('auto');
    expect(backendRequestFromQuery('')).toBe('auto');
  });
});
