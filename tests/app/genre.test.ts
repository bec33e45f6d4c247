import { describe, expect, it } from 'vitest';
import { toGenreResult } from '../../src/app/state/genre.ts';
import { GTZAN_GENRES } from '../../src/app/state/types.ts';
import type { GenrePrediction } from '../../src/model/types.ts';

const record = (hot: string) => Object.fromEntries(GTZAN_GENRES.map((g) => [g, g === hot ? 0.91 : 0.01])) as GenrePrediction['probabilities'];

describe('toGenreResult', () => {
  it('maps the models’ records to arrays in GTZAN order, with each model’s view and the timeline', () => {
    const p: GenrePrediction = {
      genre: 'jazz',
      confidence: 0.91,
      noMusic: false,
      short: true,
      probabilities: record('jazz'),
      models: { cnn: record('blues'), table: null },
      cnnWeight: 1,
      timeline: [{ startSec: 0, endSec: 2.97, probabilities: record('rock'), silent: false }],
    };
    const g = toGenreResult(p, 'cpu');
    expect(g.status).toBe('ok');
    expect(g.probabilities[GTZAN_GENRES.indexOf('jazz')]).toBe(0.91);
    expect(g.models.cnn![0]).toBe(0.91);
    expect(g.models.table).toBeUndefined();
    expect(g.timeline).toEqual([{ start: 0, end: 2.97, probabilities: GTZAN_GENRES.map((x) => (x === 'rock' ? 0.91 : 0.01)) }]);
    expect(g).toMatchObject({ shortClip: true, backend: 'cpu' });
  });

  it('keeps "no music" as its own status', () => {
    const flat = Object.fromEntries(GTZAN_GENRES.map((x) => [x, 0.1])) as GenrePrediction['probabilities'];
    const g = toGenreResult({ genre: null, confidence: 0, noMusic: true, short: false, probabilities: flat, models: { cnn: flat, table: null }, cnnWeight: 1, timeline: [] }, 'webgl');
    expect(g.status).toBe('no-music');
  });
});
