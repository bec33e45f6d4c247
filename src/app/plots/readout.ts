/**
 * What lies under the pointer on each plot, as pure functions of the time and the height in the
 * plot (`fromBottom`: 0 at the bottom of the plotting area, 1 at its top): the mel band's
 * frequency (Slaney mel scale up to fmax, as the spectrogram is drawn), the pitch class of the
 * chromagram row, a matrix cell's value, the taggram's tag row and its value in that patch.
 */
import { hzToMel, melToHz, PITCH_CLASSES } from '../../dsp/core/convert.ts';
import type { Matrix } from '../../dsp/matrix.ts';

/** The height of css y in the frame, 0 at its bottom and 1 at its top; null above or below it. */
export function fromBottomIn(y: number, f: { y: number; height: number }): number | null {
  const v = (f.y + f.height - y) / f.height;
  return v >= 0 && v <= 1 ? v : null;
}

/** The frequency (Hz) at a height in a mel spectrogram drawn from 0 Hz to fmaxHz. */
export function frequencyAt(fromBottom: number, fmaxHz: number): number {
  return melToHz(Math.min(1, Math.max(0, fromBottom)) * hzToMel(fmaxHz));
}

/** "440 Hz", "2.35 kHz". */
export function formatHz(hz: number): string {
  return hz >= 1000 ? `${(hz / 1000).toFixed(hz >= 10_000 ? 1 : 2)} kHz` : `${Math.round(hz)} Hz`;
}

/** The row (0 at the bottom) of a matrix with `rows` rows drawn over the plot's height. */
export function rowAt(fromBottom: number, rows: number): number {
  return Math.min(rows - 1, Math.max(0, Math.floor(fromBottom * rows)));
}

/** The chromagram's pitch class at a height (C at the bottom). */
export function pitchClassAt(fromBottom: number): (typeof PITCH_CLASSES)[number] {
  return PITCH_CLASSES[rowAt(fromBottom, 12)];
}

/** A matrix's value in `row` at time t, or null past its columns. */
export function matrixValueAt(m: Matrix, row: number, t: number, secondsPerColumn: number): number | null {
  const col = Math.floor(t / secondsPerColumn);
  if (col < 0 || col >= m.cols || row < 0 || row >= m.rows) return null;
  return m.data[row * m.cols + col];
}

/** The taggram's row at a height (rows[0] at the top). */
export function taggramRowAt(fromBottom: number, rows: number): number {
  return rows - 1 - rowAt(fromBottom, rows);
}

/** The tag's value in the patch holding time t, or null where no patch was heard. */
export function patchValueAt(patches: readonly { start: number; end: number; values: readonly number[] }[], index: number, t: number): number | null {
  const p = patches.find((x) => t >= x.start && t < x.end);
  return p ? (p.values[index] ?? null) : null;
}
