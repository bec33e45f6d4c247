/**
 * The occlusion map (occlusion.ts) in words and the windows that voted most strongly: the strongest
 * region of evidence (its time and frequency span), and the timeline's windows ranked by their
 * probability of the genre. Shared by `genrescope why` and the page's "Why this genre" panel.
 */
import { clockTime } from '../verdict.ts';
import type { OcclusionMap } from './occlusion.ts';

export interface EvidenceRegion {
  startSec: number;
  endSec: number;
  lowHz: number;
  highHz: number;
  /** The region's cells' evidence, summed: the fall in the track's head probability when all are masked one at a time. */
  evidence: number;
}

/**
 * The cell with the most evidence, grown along time through the contiguous cells of its band
 * that hold at least half of its evidence; null when no cell has any (masking never lowered the
 * probability).
 */
export function strongestRegion(map: OcclusionMap): EvidenceRegion | null {
  let best = { t: -1, b: -1, e: 0 };
  map.evidence.forEach((row, t) => row.forEach((e, b) => {
    if (e > best.e) best = { t, b, e };
  }));
  if (best.t < 0) return null;
  const band = best.b;
  const order = map.times.map((_, i) => i).sort((x, y) => map.times[x].startSec - map.times[y].startSec);
  const at = order.indexOf(best.t);
  const strong = (i: number) => map.evidence[i][band] >= best.e / 2;
  const touches = (a: number, b: number) => map.times[b].startSec <= map.times[a].endSec + 1e-6;
  let lo = at;
  let hi = at;
  while (lo > 0 && strong(order[lo - 1]) && touches(order[lo - 1], order[lo])) lo--;
  while (hi < order.length - 1 && strong(order[hi + 1]) && touches(order[hi], order[hi + 1])) hi++;
  const cells = order.slice(lo, hi + 1);
  return {
    startSec: map.times[cells[0]].startSec,
    endSec: Math.max(...cells.map((i) => map.times[i].endSec)),
    lowHz: map.bandEdgesHz[band],
    highHz: map.bandEdgesHz[band + 1],
    evidence: cells.reduce((s, i) => s + map.evidence[i][band], 0),
  };
}

/** 760, 1700, 8000: two significant figures, as a frequency band is read. */
export function roundHz(hz: number): number {
  return hz < 10 ? Math.round(hz) : Number(hz.toPrecision(2));
}

/** Where the evidence is, in words: "strongest evidence 0:12-0:18, 760-1700 Hz", or that there is none. */
export function whereEvidence(map: OcclusionMap): string {
  const r = strongestRegion(map);
  if (!r) return 'no region lowers its probability when hidden';
  return `strongest evidence ${clockTime(r.startSec)}-${clockTime(r.endSec)}, ${roundHz(r.lowHz)}-${roundHz(r.highHz)} Hz`;
}

/** "jazz: strongest evidence 0:12-0:18, 760-1700 Hz". */
export function describeEvidence(map: OcclusionMap): string {
  return `${map.genre}: ${whereEvidence(map)}`;
}

export interface ScoredWindow {
  startSec: number;
  endSec: number;
  /** The window's probability of the genre. */
  p: number;
}

/** The `n` windows with the highest probability of the genre, best first (no-music windows left out). */
export function strongestWindows(windows: readonly (ScoredWindow & { noMusic?: boolean })[], n: number): ScoredWindow[] {
  return windows
    .filter((w) => !w.noMusic)
    .map(({ startSec, endSec, p }) => ({ startSec, endSec, p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, n);
}
