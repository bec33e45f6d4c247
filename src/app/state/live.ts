/**
 * Live mode's scrolling spectrogram: each rolling window's newest second of mel power, turned
 * into dB against the loudest power seen so far in the session (each analysis scales its own
 * melDb to its own peak, which would make the picture flicker), appended on the right.
 */
import type { Matrix } from '../../dsp/matrix.ts';

const FLOOR_DB = -80;

export function appendLiveColumns(
  prev: Matrix | null,
  melPower: Matrix,
  peak: number,
  everySec: number,
  secondsPerFrame: number,
  spanSec: number,
): { melDb: Matrix; peak: number } {
  const rows = melPower.rows;
  const take = Math.min(melPower.cols, Math.max(1, Math.round(everySec / secondsPerFrame)));
  const from = melPower.cols - take;
  let newPeak = peak;
  for (let r = 0; r < rows; r++) {
    for (let c = from; c < melPower.cols; c++) {
      const v = melPower.data[r * melPower.cols + c];
      if (v > newPeak) newPeak = v;
    }
  }
  const ref = Math.max(newPeak, 1e-10);
  const keep = Math.max(take, Math.round(spanSec / secondsPerFrame));
  const prevCols = prev && prev.rows === rows ? prev.cols : 0;
  const cols = Math.min(keep, prevCols + take);
  const fromPrev = cols - take;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    if (prev && fromPrev > 0) out.set(prev.data.subarray(r * prevCols + (prevCols - fromPrev), (r + 1) * prevCols), r * cols);
    for (let c = 0; c < take; c++) {
      const p = melPower.data[r * melPower.cols + from + c];
      out[r * cols + fromPrev + c] = Math.max(FLOOR_DB, 10 * Math.log10(Math.max(p, 1e-10) / ref));
    }
  }
  return { melDb: { rows, cols, data: out }, peak: newPeak };
}
