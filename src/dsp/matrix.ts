/**
 * The one matrix layout of the DSP layer: row-major, rows = frequency (or feature) bins,
 * columns = frames, as librosa's (bins, frames) arrays. Element (bin, frame) lives at
 * data[bin * cols + frame], so a row is one bin's time series.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

/** A complex matrix in the same layout, real and imaginary parts apart. */
export interface ComplexMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float32Array;
  readonly im: Float32Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/** One bin's values over all frames (a view, not a copy). */
export function row(m: Matrix, bin: number): Float32Array {
  return m.data.subarray(bin * m.cols, (bin + 1) * m.cols);
}

/** One frame's values over all bins (a copy: columns are strided). */
export function column(m: Matrix, frame: number): Float32Array {
  const out = new Float32Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + frame];
  return out;
}

/** Frames x bins (time-major) copy, for models that want time first. */
export function transpose(m: Matrix): Matrix {
  const out = zeros(m.cols, m.rows);
  for (let r = 0; r < m.rows; r++) {
    const base = r * m.cols;
    for (let c = 0; c < m.cols; c++) out.data[c * m.rows + r] = m.data[base + c];
  }
  return out;
}
