/**
 * The genre timeline's layout: windows as bands that tile the track (spread musicnn patches meet
 * half way), the smoothed view being the verdict's own smoothing (so its strip is the verdict's
 * segments), the stacked genre under the pointer.
 */
import { describe, expect, it } from 'vitest';
import { plotArea } from '../../../src/app/plots/timeView.ts';
import { bandAt, stackedGenreAt, stripSegments, timelineAt, timelineBands, timelineFrames } from '../../../src/app/plots/genreTimeline.ts';
import { GTZAN_GENRES, type TimelineEntry } from '../../../src/app/state/types.ts';
import { genreSegments, smoothWindows } from '../../../src/model/verdict.ts';

const p = (top: string, share = 0.7) => GTZAN_GENRES.map((g) => (g === top ? share : (1 - share) / 9));

/** 3 s windows over `seconds`, the genre `at` gives for each start. */
const windows = (seconds: number, at: (t: number) => string): TimelineEntry[] =>
  Array.from({ length: Math.floor(seconds / 3) }, (_, i) => ({ start: 3 * i, end: 3 * i + 3, probabilities: p(at(3 * i)) }));

describe('genre timeline layout', () => {
  it('contiguous windows are their own bands; spread patches meet half way between them; the ends stay the windows’', () => {
    expect(timelineBands(windows(9, () => 'jazz'), 'raw').map((b) => [b.startSec, b.endSec])).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
    ]);
    const spread: TimelineEntry[] = [0, 10, 20].map((s) => ({ start: s, end: s + 3, probabilities: p('rock') }));
    expect(timelineBands(spread, 'raw').map((b) => [b.startSec, b.endSec])).toEqual([
      [0, 6.5],
      [6.5, 16.5],
      [16.5, 23],
    ]);
  });

  it('the smoothed view is the verdict’s smoothing, and its strip the verdict’s segments', () => {
    const w = windows(300, (t) => (t >= 120 && t < 180 ? 'rock' : 'jazz'));
    const smooth = timelineBands(w, 'smoothed');
    expect(smooth.map((b) => b.probabilities)).toEqual(smoothWindows(w.map((x) => x.probabilities)));
    expect(smooth[0].probabilities).not.toEqual(w[0].probabilities);
    const segments = genreSegments(
      w.map((x) => ({ startSec: x.start, endSec: x.end, silent: false, noMusic: false, probabilities: Object.fromEntries(GTZAN_GENRES.map((g, i) => [g, x.probabilities[i]])) as never })),
    );
    expect(stripSegments(smooth, 'smoothed', segments)).toEqual(segments.map((s) => ({ startSec: s.startSec, endSec: s.endSec, genre: GTZAN_GENRES.indexOf(s.genre) })));
    // the raw strip: each band's top genre, neighbours of one genre joined
    const raw = stripSegments(timelineBands(w, 'raw'), 'raw');
    expect(raw.map((s) => [GTZAN_GENRES[s.genre], s.startSec, s.endSec])).toEqual([
      ['jazz', 0, 120],
      ['rock', 120, 180],
      ['jazz', 180, 300],
    ]);
  });

  it('the stacked genre under a height: genres bottom up in GTZAN order, each as tall as its probability', () => {
    const probs = [0.5, 0.25, 0, 0, 0, 0, 0, 0, 0, 0.25];
    expect(stackedGenreAt(probs, 0.1)).toBe(0);
    expect(stackedGenreAt(probs, 0.6)).toBe(1);
    expect(stackedGenreAt(probs, 0.9)).toBe(9);
    expect(stackedGenreAt(probs, 1)).toBe(9);
  });

  it('under the pointer: the strip’s genre on top, a genre and its probability below, nothing off the bands', () => {
    const w = windows(12, (t) => (t < 6 ? 'blues' : 'metal'));
    const bands = timelineBands(w, 'raw');
    const strip = stripSegments(bands, 'raw');
    const f = plotArea(652, 200);
    const { strip: s, stack } = timelineFrames(f);
    expect(timelineAt(bands, strip, 7, s.y + 2, f)).toEqual({ part: 'strip', genre: GTZAN_GENRES.indexOf('metal') });
    expect(timelineAt(bands, strip, 1, stack.y + stack.height - 2, f)).toEqual({ part: 'stack', genre: 0, probability: 0.7 });
    expect(bandAt(bands, 20)).toBeNull();
    expect(timelineAt(bands, strip, 20, stack.y + 5, f)).toBeNull();
  });
});
