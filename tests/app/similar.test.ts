/** soundsLike: the page's "Sounds like" ranking over the list's tracks. */
import { describe, expect, it } from 'vitest';
import { soundsLike } from '../../src/app/state/similar.ts';
import type { GenreResult, Track } from '../../src/app/state/types.ts';
import { genre } from './fakes.ts';

function track(id: string, embedding?: number[], status: GenreResult['status'] = 'ok'): Track {
  return {
    id,
    name: `${id}.wav`,
    source: 'file',
    addedAt: 0,
    status: 'done',
    stage: 'model',
    progress: 1,
    progressScope: 'track',
    audioUrl: null,
    sourceDurationSec: null,
    warnings: [],
    result: null,
    partial: false,
    genre: { status: 'ready', result: { ...genre(0), status, ...(embedding ? { embedding } : {}) } },
    genreFromPreview: false,
    error: null,
    restored: false,
  };
}

describe('soundsLike', () => {
  const tracks = [track('q', [1, 0, 0]), track('far', [0, 1, 0]), track('near', [0.9, 0.1, 0]), track('mid', [1, 1, 0]), track('quick'), { ...track('pending'), genre: { status: 'pending' } } as Track];

  it('ranks the other tracks with embeddings by cosine similarity, best first, without the track itself', () => {
    const r = soundsLike(tracks, 'q', 5);
    expect(r.map((n) => n.id)).toEqual(['near', 'mid', 'far']);
    expect(r[0]).toMatchObject({ name: 'near.wav' });
    expect(r[0].similarity).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 6);
    expect(r[1].similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(r[2].similarity).toBeCloseTo(0, 6);
  });

  it('keeps the top k', () => {
    expect(soundsLike(tracks, 'q', 2).map((n) => n.id)).toEqual(['near', 'mid']);
  });

  it('is empty for a track without an embedding, or one not in the list', () => {
    expect(soundsLike(tracks, 'quick', 5)).toEqual([]);
    expect(soundsLike(tracks, 'pending', 5)).toEqual([]);
    expect(soundsLike(tracks, 'gone', 5)).toEqual([]);
  });

  it('leaves out tracks judged not music', () => {
    const withNoise = [...tracks, track('noise', [1, 0, 0], 'no-music')];
    expect(soundsLike(withNoise, 'q', 5).map((n) => n.id)).not.toContain('noise');
    expect(soundsLike(withNoise, 'noise', 5)).toEqual([]);
  });
});
