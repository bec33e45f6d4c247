/**
 * The genre timeline's layout, apart from the drawing: the windows as bands that tile the track
 * (a long track's musicnn patches are spread out, so each band reaches halfway to its
 * neighbours), raw or smoothed as the verdict smooths them (src/model/verdict.ts smoothWindows),
 * the top-genre strip (the verdict's segments where it has them), and what lies under the
 * pointer in the stacked probabilities.
 */
import { smoothWindows, type GenreSegment } from '../../model/verdict.ts';
import { GTZAN_GENRES, type TimelineEntry } from '../state/types.ts';
import type { PlotFrame } from './timeView.ts';

export type TimelineMode = 'raw' | 'smoothed';

/** One stretch of the timeline drawn with one set of probabilities (GTZAN_GENRES order). */
export interface TimelineBand {
  startSec: number;
  endSec: number;
  probabilities: readonly number[];
}

/** A stretch of the strip above the stacked probabilities: one genre (its index in GTZAN_GENRES). */
export interface StripSegment {
  startSec: number;
  endSec: number;
  genre: number;
}

/**
 * The windows as bands tiling the track: neighbours meet halfway between their centres (where
 * contiguous windows meet, in the middle of a gap, or within an overlap); the first band starts
 * with its window, the last ends with its window.
 */
export function timelineBands(timeline: readonly TimelineEntry[], mode: TimelineMode): TimelineBand[] {
  const windows = [...timeline].sort((a, b) => a.start - b.start);
  const probabilities = mode === 'smoothed' ? smoothWindows(windows.map((w) => w.probabilities)) : windows.map((w) => w.probabilities);
  const centre = (w: TimelineEntry) => (w.start + w.end) / 2;
  return windows.map((w, i) => ({
    startSec: i === 0 ? w.start : (centre(windows[i - 1]) + centre(w)) / 2,
    endSec: i === windows.length - 1 ? w.end : (centre(w) + centre(windows[i + 1])) / 2,
    probabilities: probabilities[i],
  }));
}

const topIndex = (p: readonly number[]) => p.reduce((best, v, k) => (v > p[best] ? k : best), 0);

/**
 * The strip: in the smoothed view the verdict's segments (what the one-line summary says), where
 * the result has them; otherwise each band's top genre, neighbours of one genre joined.
 */
export function stripSegments(bands: readonly TimelineBand[], mode: TimelineMode, verdictSegments?: readonly GenreSegment[]): StripSegment[] {
  if (mode === 'smoothed' && verdictSegments && verdictSegments.length > 0) {
    return verdictSegments.map((s) => ({ startSec: s.startSec, endSec: s.endSec, genre: GTZAN_GENRES.indexOf(s.genre) }));
  }
  const out: StripSegment[] = [];
  for (const b of bands) {
    const genre = topIndex(b.probabilities);
    const last = out[out.length - 1];
    if (last && last.genre === genre && Math.abs(last.endSec - b.startSec) < 1e-6) last.endSec = b.endSec;
    else out.push({ startSec: b.startSec, endSec: b.endSec, genre });
  }
  return out;
}

/** The band at time t, or null where no window reaches. */
export function bandAt(bands: readonly TimelineBand[], t: number): TimelineBand | null {
  return bands.find((b) => t >= b.startSec && t <= b.endSec) ?? null;
}

/**
 * The genre under a point of the stacked probabilities (genres stacked bottom up in GTZAN
 * order, each as tall as its probability): `fromBottom` 0 at the bottom, 1 at the top.
 */
export function stackedGenreAt(probabilities: readonly number[], fromBottom: number): number {
  const total = probabilities.reduce((a, b) => a + b, 0) || 1;
  let below = 0;
  for (let k = 0; k < probabilities.length; k++) {
    below += probabilities[k] / total;
    if (fromBottom < below) return k;
  }
  return probabilities.length - 1;
}

/** Height of the strip (the top genre along the track) above the stacked probabilities. */
export const TIMELINE_STRIP_PX = 18;
const TIMELINE_GAP_PX = 4;

/** The timeline's two parts inside its plotting area: the top-genre strip and the stacked probabilities below it. */
export function timelineFrames(f: PlotFrame): { strip: PlotFrame; stack: PlotFrame } {
  const stripH = Math.min(TIMELINE_STRIP_PX, f.height / 4);
  const gap = Math.min(TIMELINE_GAP_PX, f.height / 10);
  return {
    strip: { x: f.x, y: f.y, width: f.width, height: stripH },
    stack: { x: f.x, y: f.y + stripH + gap, width: f.width, height: Math.max(1, f.height - stripH - gap) },
  };
}

/** What the pointer is on: the strip's genre, or one genre's share of the stacked probabilities. */
export type TimelinePoint = { part: 'strip'; genre: number } | { part: 'stack'; genre: number; probability: number };

/** The genre under the point (time t, y in css px) of a timeline drawn in frame f; null off the bands. */
export function timelineAt(bands: readonly TimelineBand[], strip: readonly StripSegment[], t: number, y: number, f: PlotFrame): TimelinePoint | null {
  const parts = timelineFrames(f);
  if (y >= parts.strip.y && y < parts.strip.y + parts.strip.height) {
    const s = strip.find((x) => t >= x.startSec && t <= x.endSec);
    return s ? { part: 'strip', genre: s.genre } : null;
  }
  const band = bandAt(bands, t);
  if (!band || y < parts.stack.y || y > parts.stack.y + parts.stack.height) return null;
  const genre = stackedGenreAt(band.probabilities, (parts.stack.y + parts.stack.height - y) / parts.stack.height);
  return { part: 'stack', genre, probability: band.probabilities[genre] };
}
