/**
 * Median filtering along one axis, as scipy.ndimage.median_filter with a size of 1 on the other
 * axis and mode='reflect' (what librosa.decompose.hpss runs). scipy's 'reflect' repeats the edge
 * sample (d c b a | a b c d | d c b a), unlike numpy.pad's 'reflect'; the extension is periodic,
 * so windows longer than the signal keep folding.
 *
 * Output i is the (size >> 1)-th smallest value of the window [i - (size >> 1), i + size - 1 -
 * (size >> 1)]: for odd sizes the centred median, for even sizes scipy's origin-0 window and rank.
 * A selection, so exact: no arithmetic touches the values.
 *
 * Speed: a sliding sorted window. Each step finds the outgoing value by a branch-free search
 * (up to size 31 in two levels of independent loads) and moves it to the incoming value's
 * place in one shift. Non-negative float32 values
 * (spectrograms) are compared as their bit patterns, which order like the values, so the
 * search is integer arithmetic; signed data takes a float64 path. Inputs must not be NaN.
 */
import { ParameterError } from '../errors.ts';
import type { Matrix } from '../matrix.ts';

/** Source index scipy.ndimage's mode='reflect' reads for a position outside [0, n). */
export function scipyReflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/** Above every finite or infinite float32 bit pattern (+Infinity is 0x7f800000). */
const KEY_TOP = 0x7fffffff;

/**
 * Scratch for sliding medians of one window size, reused across lines. The `Bits` methods take
 * non-negative float32 values as their int32 bit patterns (an Int32Array view of the data).
 */
export class SlidingMedian {
  readonly size: number;
  /** Window samples before the output sample (scipy's origin 0). */
  readonly before: number;
  /** Sorted window in keys[1..size], guarded: keys[0] = -1, keys[size + 1 ..] = KEY_TOP (sizes over 31; see SMALL_KEYS). */
  private readonly keys: Int32Array;
  private readonly topStep: number;
  private readonly sorted: Float64Array;
  private ext = new Int32Array(0);
  private extF = new Float64Array(0);

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new ParameterError(`median filter size must be a positive integer, got ${size}`);
    this.size = size;
    this.before = size >> 1;
    // binary-lifting steps of the search; 16 down to 1 covers any size up to 31
    this.topStep = size <= 31 ? 16 : 2 ** Math.floor(Math.log2(size));
    // guards: keys[0] below every key, keys[size + 1 ..] above (the search may read up to 2 * topStep - 1)
    this.keys = this.topStep === 16 ? SMALL_KEYS : new Int32Array(Math.max(size + 2, 2 * this.topStep + 1));
    this.sorted = new Float64Array(size + 2);
  }

  /** Extended-line buffer for n outputs (the line plus the window's overhang), grown on demand. */
  extBits(n: number): Int32Array {
    if (this.ext.length < n + this.size - 1) this.ext = new Int32Array(n + this.size - 1);
    return this.ext;
  }

  /**
   * Median filter of the strided line of non-negative float32 bit patterns src[offset + i *
   * stride], i < n, into out[outOffset + i * outStride], with scipy's reflect extension.
   * Negative zero is read as zero (the result may show +0 where scipy shows -0).
   */
  filterLineBits(src: Int32Array, offset: number, stride: number, n: number, out: Int32Array, outOffset: number, outStride: number): void {
    const ext = this.extBits(n);
    const before = this.before;
    const after = this.size - 1 - before;
    for (let i = 0; i < n; i++) ext[before + i] = src[offset + i * stride] & KEY_TOP;
    for (let i = 1; i <= before; i++) ext[before - i] = src[offset + scipyReflectIndex(-i, n) * stride] & KEY_TOP;
    for (let i = 0; i < after; i++) ext[before + n + i] = src[offset + scipyReflectIndex(n + i, n) * stride] & KEY_TOP;
    this.runBits(ext, 0, n, out, outOffset, outStride);
  }

  /**
   * The core: out[outOffset + i * outStride] = median of ext[extOffset + i .. extOffset + i +
   * size) for i < count, `ext` holding count + size - 1 keys in [0, 0x7f800000] from extOffset.
   */
  runBits(ext: Int32Array, extOffset: number, count: number, out: Int32Array, outOffset: number, outStride: number): void {
    const w = this.size;
    if (this.topStep === 16) {
      // SMALL_KEYS named here, not read from this.keys: see its comment
      sortFirstWindow(ext, extOffset, w, SMALL_KEYS);
      runSorted31(ext, extOffset, count, SMALL_KEYS, (w >> 1) + 1, w, out, outOffset, outStride);
    } else {
      sortFirstWindow(ext, extOffset, w, this.keys);
      runSorted(ext, extOffset, count, this.keys, (w >> 1) + 1, w, this.topStep, out, outOffset, outStride);
    }
  }

  /** The same filter for any non-NaN float values (a float64 sorted window): the signed-data path. */
  filterLine(src: Float32Array, offset: number, stride: number, n: number, out: Float32Array, outOffset: number, outStride: number): void {
    const w = this.size;
    const before = this.before;
    if (this.extF.length < n + w - 1) this.extF = new Float64Array(n + w - 1);
    const ext = this.extF;
    for (let i = 0; i < n + w - 1; i++) ext[i] = src[offset + scipyReflectIndex(i - before, n) * stride];
    const s = this.sorted;
    const mid = (w >> 1) + 1;
    s[0] = -Infinity;
    s[w + 1] = Infinity;
    for (let i = 0; i < w; i++) {
      const x = ext[i];
      let j = i + 1;
      while (s[j - 1] > x) {
        s[j] = s[j - 1];
        j--;
      }
      s[j] = x;
    }
    out[outOffset] = s[mid];
    for (let i = 1; i < n; i++) {
      const v = ext[i - 1];
      const u = ext[i + w - 1];
      let lo = 1;
      let hi = w;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (s[m] < v) lo = m + 1;
        else hi = m;
      }
      let j = lo;
      if (u > v) {
        while (s[j + 1] < u) {
          s[j] = s[j + 1];
          j++;
        }
      } else {
        while (s[j - 1] > u) {
          s[j] = s[j - 1];
          j--;
        }
      }
      s[j] = u;
      out[outOffset + i * outStride] = s[mid];
    }
  }
}

/**
 * The sorted window for sizes up to 31 (the search reads s[0..32]), shared by all instances:
 * runBits runs to completion. A module constant named in runBits, so that V8 compiles the step
 * loop for this very array: measured about 15 % faster per step than on an array read from the
 * instance.
 */
const SMALL_KEYS = new Int32Array(64);

/** Sorts the first window ext[from .. from + w) into s[1..w] by insertion (the guard s[0] stops the scan) and resets the guards. */
function sortFirstWindow(ext: Int32Array, from: number, w: number, s: Int32Array): void {
  s[0] = -1;
  s.fill(KEY_TOP, w + 1);
  for (let i = 0; i < w; i++) {
    const x = ext[from + i];
    let j = i + 1;
    while (s[j - 1] > x) {
      s[j] = s[j - 1];
      j--;
    }
    s[j] = x;
  }
}

/**
 * Slides the sorted window s[1..w] (first window sorted, guards set) along ext, writing the
 * median s[mid] of each window: for each step, the outgoing value v is found by a branch-free
 * lower bound, and the incoming u takes its place by shifting the values between them (the
 * guards end both scans). For sizes up to 31: the lower bound in two levels of independent
 * loads (which quarter s[1..4], .., s[29..32] holds it, then where in it), a shorter chain of
 * dependent loads than a binary search, which is the step's critical path.
 */
function runSorted31(ext: Int32Array, from: number, count: number, s: Int32Array, mid: number, w: number, out: Int32Array, outOffset: number, outStride: number): void {
  out[outOffset] = s[mid];
  for (let i = 1; i < count; i++) {
    const v = ext[from + i - 1];
    const u = ext[from + i + w - 1];
    // j - 1 counts the keys below v; (a - b) >>> 31 is 1 exactly when a < b
    const q = (((s[4] - v) >>> 31) + ((s[8] - v) >>> 31) + ((s[12] - v) >>> 31) + ((s[16] - v) >>> 31) + ((s[20] - v) >>> 31) + ((s[24] - v) >>> 31) + ((s[28] - v) >>> 31)) << 2;
    let j = q + 1 + ((s[q + 1] - v) >>> 31) + ((s[q + 2] - v) >>> 31) + ((s[q + 3] - v) >>> 31);
    if (u > v) {
      while (s[j + 1] < u) {
        s[j] = s[j + 1];
        j++;
      }
    } else {
      while (s[j - 1] > u) {
        s[j] = s[j - 1];
        j--;
      }
    }
    s[j] = u;
    out[outOffset + i * outStride] = s[mid];
  }
}

/** runSorted31 for any size: the lower bound by binary lifting from the largest power of two `top` <= size. */
function runSorted(ext: Int32Array, from: number, count: number, s: Int32Array, mid: number, w: number, top: number, out: Int32Array, outOffset: number, outStride: number): void {
  out[outOffset] = s[mid];
  for (let i = 1; i < count; i++) {
    const v = ext[from + i - 1];
    const u = ext[from + i + w - 1];
    let j = 1;
    for (let step = top; step > 0; step >>= 1) j += ((s[j + step - 1] - v) >>> 31) * step;
    if (u > v) {
      while (s[j + 1] < u) {
        s[j] = s[j + 1];
        j++;
      }
    } else {
      while (s[j - 1] > u) {
        s[j] = s[j - 1];
        j--;
      }
    }
    s[j] = u;
    out[outOffset + i * outStride] = s[mid];
  }
}

/** True when no value is negative (nor NaN): the integer path applies. Throws on NaN. */
function checkValues(x: Float32Array): boolean {
  let nonNegative = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= 0)) {
      if (v !== v) throw new ParameterError(`median filter input is NaN at ${i}`);
      nonNegative = false;
    }
  }
  return nonNegative;
}

function bitsOf(x: Float32Array): Int32Array {
  return new Int32Array(x.buffer, x.byteOffset, x.length);
}

/** 1-D median filter of x (scipy.ndimage.median_filter(x, size, mode='reflect')). */
export function medianFilter1d(x: Float32Array, size: number, out = new Float32Array(x.length)): Float32Array {
  if (out.length < x.length) throw new ParameterError(`output has ${out.length} samples, needs ${x.length}`);
  const f = new SlidingMedian(size);
  if (x.length === 0) return out;
  if (checkValues(x)) f.filterLineBits(bitsOf(x), 0, 1, x.length, bitsOf(out), 0, 1);
  else f.filterLine(x, 0, 1, x.length, out, 0, 1);
  return out;
}

export interface MedianFilterOptions {
  /** Window length along the axis. */
  size: number;
  /** 1: each row along the columns (hpss's harmonic filter, along time); 0: each column along the rows (percussive, along frequency). */
  axis: 0 | 1;
  /** Where to write: a matrix of the same shape, not the input. */
  out?: Matrix;
}

/** Columns gathered at once for an axis-0 filter: a strip transposed into cache. */
const STRIP = 16;

/**
 * scipy.ndimage.median_filter(m, size=(size, 1) for axis 0 or (1, size) for axis 1,
 * mode='reflect') on a bins x frames matrix.
 */
export function medianFilter(m: Matrix, { size, axis, out }: MedianFilterOptions): Matrix {
  const { rows, cols } = m;
  const result = out ?? { rows, cols, data: new Float32Array(rows * cols) };
  if (result.rows !== rows || result.cols !== cols) throw new ParameterError(`output is ${result.rows}x${result.cols}, input ${rows}x${cols}`);
  if (result.data.buffer === m.data.buffer) throw new ParameterError('median filter output must not share the input buffer');
  if (axis !== 0 && axis !== 1) throw new ParameterError(`axis must be 0 or 1, got ${String(axis)}`);
  const f = new SlidingMedian(size);
  if (rows === 0 || cols === 0) return result;
  const nonNegative = checkValues(m.data);
  if (axis === 1) {
    if (nonNegative) {
      const src = bitsOf(m.data);
      const dst = bitsOf(result.data);
      for (let r = 0; r < rows; r++) f.filterLineBits(src, r * cols, 1, cols, dst, r * cols, 1);
    } else {
      for (let r = 0; r < rows; r++) f.filterLine(m.data, r * cols, 1, cols, result.data, r * cols, 1);
    }
    return result;
  }
  // Columns are strided: copy a strip of columns to contiguous lines, filter, scatter back.
  const strip = new Float32Array(STRIP * rows);
  const filtered = new Float32Array(STRIP * rows);
  const stripBits = bitsOf(strip);
  const filteredBits = bitsOf(filtered);
  for (let c0 = 0; c0 < cols; c0 += STRIP) {
    const w = Math.min(STRIP, cols - c0);
    for (let r = 0; r < rows; r++) {
      const base = r * cols + c0;
      for (let j = 0; j < w; j++) strip[j * rows + r] = m.data[base + j];
    }
    for (let j = 0; j < w; j++) {
      if (nonNegative) f.filterLineBits(stripBits, j * rows, 1, rows, filteredBits, j * rows, 1);
      else f.filterLine(strip, j * rows, 1, rows, filtered, j * rows, 1);
    }
    for (let r = 0; r < rows; r++) {
      const base = r * cols + c0;
      for (let j = 0; j < w; j++) result.data[base + j] = filtered[j * rows + r];
    }
  }
  return result;
}
