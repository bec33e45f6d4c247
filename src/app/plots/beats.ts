/**
 * Beat markers thinned to what the zoom can show: every beat where they stand apart, else every
 * 2nd, 4th, 8th... beat (counted from the track's first, so the kept ones stay put while panning),
 * keeping markers at least MIN_BEAT_GAP_PX apart: a 5-minute track's 600 beats make 20 bar
 * lines at full width instead of a solid band, and every beat returns as one zooms in.
 */
import type { TimeSpan } from './timeView.ts';

/** The closest two drawn beat markers may be, in css pixels. */
export const MIN_BEAT_GAP_PX = 8;

export interface ThinnedBeats {
  /** The beats to draw, inside the span. */
  times: number[];
  /** One drawn for every this many beats (1: all). */
  every: number;
}

/** The median gap between neighbouring beats (s); 0 with fewer than two beats. */
function medianGap(beatTimes: readonly number[]): number {
  if (beatTimes.length < 2) return 0;
  const gaps = beatTimes.slice(1).map((t, i) => t - beatTimes[i]).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** First index with beatTimes[i] >= t (beats are sorted). */
function lowerBound(beatTimes: readonly number[], t: number): number {
  let lo = 0;
  let hi = beatTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beatTimes[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function thinBeats(beatTimes: readonly number[], span: TimeSpan, widthPx: number, minGapPx = MIN_BEAT_GAP_PX): ThinnedBeats {
  const length = span.endSec - span.startSec;
  if (beatTimes.length === 0 || !(length > 0) || !(widthPx > 0)) return { times: [], every: 1 };
  const gapPx = (medianGap(beatTimes) / length) * widthPx;
  let every = 1;
  while (gapPx > 0 && every * gapPx < minGapPx && every < beatTimes.length) every *= 2;
  const times: number[] = [];
  const first = lowerBound(beatTimes, span.startSec);
  for (let i = first + ((every - (first % every)) % every); i < beatTimes.length && beatTimes[i] <= span.endSec; i += every) times.push(beatTimes[i]);
  return { times, every };
}
