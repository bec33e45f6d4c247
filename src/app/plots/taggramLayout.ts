/**
 * Where the taggram's cells go, apart from the drawing (and from the DOM, so Node tests check
 * it): one cell per patch and tag row, from the patch's start to its end second on the plots'
 * shared time axis, in whole pixels, with a one-pixel gap between rows so each tag reads as its
 * own strip. Patches past the analysed audio (padding) get no cell; one running past the end is
 * cut at it. Only cells that reach into the visible span are laid out.
 */

import { fullSpan, xOfTime, type PlotFrame, type TimeSpan } from './timeView.ts';

export type { PlotFrame };

export interface TaggramCell {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The tag's probability in that patch, 0..1. */
  value: number;
  row: number;
}

export function taggramCells(
  f: PlotFrame,
  patches: readonly { start: number; end: number; values: readonly number[] }[],
  /** Each row's index into the patches' values, top row first. */
  rowIndices: readonly number[],
  durationSec: number,
  span: TimeSpan = fullSpan(durationSec),
): TaggramCell[] {
  if (rowIndices.length === 0 || durationSec <= 0) return [];
  const rowH = f.height / rowIndices.length;
  const xAt = (t: number) => Math.round(xOfTime(Math.min(durationSec, Math.max(0, t)), f, span));
  const cells: TaggramCell[] = [];
  for (const p of patches) {
    if (p.start >= durationSec || p.end <= span.startSec || p.start >= span.endSec) continue;
    const x = xAt(p.start);
    const w = Math.max(1, xAt(p.end) - x);
    rowIndices.forEach((index, row) => {
      const y = Math.round(f.y + row * rowH);
      const h = Math.max(1, Math.round(f.y + (row + 1) * rowH) - y - 1);
      cells.push({ x, y, w, h, value: Math.min(1, Math.max(0, p.values[index] ?? 0)), row });
    });
  }
  return cells;
}
