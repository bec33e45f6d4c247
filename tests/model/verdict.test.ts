/** The answer in words (src/model/verdict.ts): sure, close, no music, and a genre that changes along the track. */
import { describe, expect, it } from 'vitest';
import { GENRES, type Genre } from '../../src/model/metadata.ts';
import type { GenrePrediction, GenreProbabilities, TimelineWindow } from '../../src/model/types.ts';
import { clockTime, describeVerdict, genreSegments } from '../../src/model/verdict.ts';

function probs(weights: Partial<Record<Genre, number>>): GenreProbabilities {
  const rest = (1 - Object.values(weights).reduce((a, b) => a + b, 0)) / (GENRES.length - Object.keys(weights).length);
  return Object.fromEntries(GENRES.map((g) => [g, weights[g] ?? rest])) as GenreProbabilities;
}

/** 3-second windows, each the genre `at(t)` gives for its start time. */
function timeline(seconds: number, at: (t: number) => Genre): TimelineWindow[] {
  return Array.from({ length: Math.floor(seconds / 3) }, (_, i) => ({
    startSec: 3 * i, endSec: 3 * i + 3, probabilities: probs({ [at(3 * i)]: 0.7 }), silent: false, noMusic: false,
  }));
}

function prediction(p: GenreProbabilities, windows: TimelineWindow[] = [], noMusic: string | null = null): GenrePrediction {
  const top = GENRES.reduce((a, b) => (p[b] > p[a] ? b : a));
  return {
    stage: 'final', genre: noMusic ? null : top, confidence: noMusic ? 0 : p[top], noMusic: noMusic !== null, noMusicReason: noMusic, short: false,
    probabilities: p, models: { cnn: p, table: null, head: p }, weights: { head: 1, cnn: 0, table: 0 }, timeline: windows, tags: null,
  };
}

describe('describeVerdict', () => {
  it('names one genre when the runner-up is far behind, two when it is at least half as likely', () => {
    expect(describeVerdict(prediction(probs({ rock: 0.8, country: 0.1 }))).text).toBe('Rock');
    const close = describeVerdict(prediction(probs({ rock: 0.45, country: 0.3 })));
    expect(close.text).toBe('Rock or country');
    expect(close.genres).toEqual(['rock', 'country']);
  });

  it('says it does not sound like music, with the reason, and names no genre', () => {
    const v = describeVerdict(prediction(probs({}), [], 'steady noise with no pitch or rhythm'));
    expect(v).toEqual({ text: 'This does not sound like music: steady noise with no pitch or rhythm', genres: [], segments: [] });
  });

  it('says where the genre changes along the track, in m:ss', () => {
    const w = timeline(300, (t) => (t >= 130 && t < 185 ? 'rock' : 'jazz'));
    const v = describeVerdict(prediction(probs({ jazz: 0.7, rock: 0.2 }), w));
    expect(v.segments.map((s) => s.genre)).toEqual(['jazz', 'rock', 'jazz']);
    expect(v.text).toMatch(/^Jazz; the genre changes along the track: mostly jazz, rock from 2:1\d to 3:0\d$/);
  });

  it('a stretch shorter than 30 s, or a 30 s clip, is no change of genre', () => {
    expect(genreSegments(timeline(300, (t) => (t >= 60 && t < 75 ? 'metal' : 'pop')))).toEqual([{ genre: 'pop', startSec: 0, endSec: 300 }]);
    expect(genreSegments(timeline(30, (t) => (t < 15 ? 'disco' : 'pop')))).toHaveLength(1);
  });
});

describe('clockTime', () => {
  it('writes m:ss, and h:mm:ss past an hour', () => {
    expect([clockTime(5), clockTime(130), clockTime(3725)]).toEqual(['0:05', '2:10', '1:02:05']);
  });
});
