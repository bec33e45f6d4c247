/**
 * Harmonic and percussive waveforms, as librosa.effects.hpss: STFT of y, decompose.hpss, and
 * the ISTFT of each part.
 *
 * Runs in blocks of frames so that a long signal never holds a spectrogram-sized matrix: each
 * block computes its frames' STFT (plus a halo of frames for the harmonic filter, which runs
 * along time, with scipy's reflection at the signal's ends), the medians and masks, and
 * overlap-adds the inverse frames; samples no later frame touches are then final and are
 * handed on. The result does not depend on the block size. Both parts are inverted with one
 * complex FFT (harmonic + i * percussive). The overlap-add accumulates in float32 frame by
 * frame and divides by the float32 window sum of squares, as librosa's istft.
 *
 * Length conventions:
 * - 'exact' (librosa >= 0.8): istft(..., length=len(y)).
 * - 'librosa-0.7' (the GTZAN feature table): istft without a length, giving
 *   hop * (frames - 1) samples when centred, then zero-padded at the end to len(y).
 */
import { ParameterError } from '../errors.ts';
import { type ComplexMatrix, type Matrix, zeros } from '../matrix.ts';
import { fftPlan, rfftInto } from '../core/fft.ts';
import { padRun } from '../core/pad.ts';
import { type ResolvedStft, resolveStft, stftFrameCount, type StftOptions } from '../core/spectrum.ts';
import { paddedWindow } from '../core/window.ts';
import { scipyReflectIndex } from '../util/medianFilter.ts';
import { type MeanVar, meanVar } from '../util/stats.ts';
import { FLOAT32_TINY } from '../util/float32.ts';
import { resolveHpss, type HpssOptions } from './hpss.ts';
import { hpssBlock, type HpssEngine } from './hpssBlock.ts';

export type LengthConvention = 'exact' | 'librosa-0.7';

export interface HpssWaveformOptions extends HpssOptions, StftOptions {
  /** Audio time series. */
  y: Float32Array;
  /** How the inverse STFT is fitted to len(y) (default 'exact'). */
  lengthConvention?: LengthConvention;
  /** Frames per processing block (default 512): bounds memory, not the result. */
  blockFrames?: number;
  /** 'js' forces the JavaScript engine (same values; see hpssBlock.ts); default 'auto'. */
  engine?: 'auto' | 'js';
  /**
   * The complex STFT of y with the same parameters, when the caller has it: skips the forward
   * transforms. Must equal stft({ y, ...sameOptions }).
   */
  stftMatrix?: ComplexMatrix;
  /**
   * Also return |STFT| (bins x frames, numpy.abs of the complex64 STFT), so that the caller's
   * spectral features need no STFT of their own.
   */
  keepMagnitude?: boolean;
}

export interface HpssWaveforms {
  harmonic: Float32Array;
  percussive: Float32Array;
  /** Which engine of hpssBlock.ts ran (same values either way). */
  engine: HpssEngine;
  /** |STFT| when keepMagnitude was set. */
  magnitude?: Matrix;
}

export interface HpssWaveformStats {
  harmonic: MeanVar;
  percussive: MeanVar;
  /** Which engine of hpssBlock.ts ran (same values either way). */
  engine: HpssEngine;
  /** |STFT| when keepMagnitude was set. */
  magnitude?: Matrix;
}

/** The GTZAN feature table's conventions (librosa 0.7): reflect-padded STFT, old ISTFT length. */
export const GTZAN_HPSS_OPTIONS = { padMode: 'reflect', lengthConvention: 'librosa-0.7' } as const;

/**
 * Receives the output in order, chunk by chunk: samples [offset, offset + harmonic.length).
 * The arrays are views into scratch, valid during the call only.
 */
type Sink = (harmonic: Float32Array, percussive: Float32Array, offset: number) => void;

/** librosa.effects.hpss(y): the harmonic and percussive waveforms, len(y) samples each. */
export function hpssWaveforms(options: HpssWaveformOptions): HpssWaveforms {
  const n = options.y.length;
  const harmonic = new Float32Array(n);
  const percussive = new Float32Array(n);
  const { magnitude, engine } = streamHpss(options, (h, p, offset) => {
    harmonic.set(h, offset);
    percussive.set(p, offset);
  });
  return magnitude ? { harmonic, percussive, engine, magnitude } : { harmonic, percussive, engine };
}

/**
 * Mean and population variance of the two waveforms of hpssWaveforms (what the GTZAN table
 * keeps), without holding the waveforms: meanVar of each finished chunk, merged exactly
 * (Chan et al.), equal to meanVar of the whole waveform up to float64 rounding.
 */
export function hpssWaveformStats(options: HpssWaveformOptions): HpssWaveformStats {
  const h = new RunningMeanVar();
  const p = new RunningMeanVar();
  const { magnitude, engine } = streamHpss(options, (hc, pc) => {
    h.add(hc);
    p.add(pc);
  });
  const stats = { harmonic: h.result(), percussive: p.result(), engine };
  return magnitude ? { ...stats, magnitude } : stats;
}

class RunningMeanVar {
  private n = 0;
  private mean = 0;
  private m2 = 0;

  add(x: Float32Array): void {
    if (x.length === 0) return;
    const c = meanVar(x);
    const total = this.n + x.length;
    const delta = c.mean - this.mean;
    this.mean += (delta * x.length) / total;
    this.m2 += c.variance * x.length + (delta * delta * this.n * x.length) / total;
    this.n = total;
  }

  result(): MeanVar {
    return this.n === 0 ? { mean: NaN, variance: NaN } : { mean: this.mean, variance: this.m2 / this.n };
  }
}

/**
 * The samples of frames lo .. hi - 1 as stft() frames them: padded sample lo * hop + j into
 * segment[j], with the centring pad pad() would give (core/pad.ts).
 */
function loadSegment(y: Float32Array, st: ResolvedStft, lo: number, hi: number, segment: Float32Array): void {
  const { nFft, hopLength: hop, padMode } = st;
  const n = y.length;
  const from = lo * hop - (st.center ? nFft >> 1 : 0);
  const length = (hi - lo - 1) * hop + nFft;
  const inLo = Math.min(length, Math.max(0, -from));
  const inHi = Math.max(inLo, Math.min(length, n - from));
  segment.set(padRun(y, from, inLo, padMode));
  segment.set(y.subarray(from + inLo, from + inHi), inLo);
  segment.set(padRun(y, from + inHi, length - inHi, padMode), inHi);
}

/** Frame t of a given complex STFT into spec (interleaved re, im), as the rfft of that frame would give it. */
function copyFrame(X: ComplexMatrix, t: number, spec: Float64Array): void {
  const F = X.cols;
  for (let k = 0; k < X.rows; k++) {
    const xr = X.re[k * F + t];
    const xi = X.im[k * F + t];
    if (!Number.isFinite(xr) || !Number.isFinite(xi)) throw new ParameterError(`stftMatrix is not finite at bin ${k}, frame ${t}`);
    spec[2 * k] = xr;
    spec[2 * k + 1] = xi;
  }
}

/**
 * Divides output samples by librosa's window_sumsquare where it exceeds float32's tiny: the
 * squared window summed in float32, frame by frame in order.
 */
function overlapNormalizer(w: Float64Array, hop: number, F: number, start: number): (a: Float32Array, b: Float32Array, offset: number, qFrom: number, qTo: number) => void {
  const nFft = w.length;
  const w2 = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) w2[i] = w[i] * w[i];
  const sumAt = (p: number): number => {
    const tMin = Math.max(0, Math.ceil((p - nFft + 1) / hop));
    const tMax = Math.min(F - 1, Math.floor(p / hop));
    let acc = 0;
    for (let t = tMin; t <= tMax; t++) acc = Math.fround(acc + w2[p - t * hop]);
    return acc;
  };
  // where every frame covering padded sample p exists, the sum depends on p mod hop only
  const interiorLo = Math.max(0, nFft - hop);
  const interiorHi = F * hop;
  const periodic = new Float64Array(hop);
  for (let p = interiorLo; p < Math.min(interiorHi, interiorLo + hop); p++) periodic[p % hop] = sumAt(p);
  // samples q of the output live at a[q - offset], b[q - offset]
  return (a, b, offset, qFrom, qTo) => {
    const divide = (q: number, sum: number): void => {
      if (sum > FLOAT32_TINY) {
        a[q - offset] /= sum;
        b[q - offset] /= sum;
      }
    };
    const inLo = Math.min(qTo, Math.max(qFrom, interiorLo - start));
    const inHi = Math.max(inLo, Math.min(qTo, interiorHi - start));
    for (let q = qFrom; q < inLo; q++) divide(q, sumAt(q + start));
    let phase = (inLo + start) % hop;
    for (let q = inLo; q < inHi; q++) {
      divide(q, periodic[phase]);
      if (++phase === hop) phase = 0;
    }
    for (let q = inHi; q < qTo; q++) divide(q, sumAt(q + start));
  };
}

/** The block-wise engine behind both front-ends; returns |STFT| when asked to keep it. */
function streamHpss(options: HpssWaveformOptions, sink: Sink): { magnitude: Matrix | undefined; engine: HpssEngine } {
  const { y, stftMatrix: X } = options;
  const convention = options.lengthConvention ?? 'exact';
  if (convention !== 'exact' && convention !== 'librosa-0.7') throw new ParameterError(`unknown lengthConvention ${String(convention)}`);
  const st = resolveStft(options);
  const r = resolveHpss(options);
  const n = y.length;
  if (n === 0) throw new ParameterError('audio signal is empty');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new ParameterError(`audio signal is not finite at sample ${i}`);
  }
  const { nFft, hopLength: hop, center } = st;
  const half = nFft >> 1;
  const nBins = half + 1;
  const F = stftFrameCount(n, st);
  if (F === 0) throw new ParameterError(`signal of ${n} samples is shorter than nFft=${nFft} (use center=true)`);
  if (X && (X.rows !== nBins || X.cols !== F)) throw new ParameterError(`stftMatrix is ${X.rows}x${X.cols}, expected ${nBins}x${F} for these options`);
  const block = Math.min(F, options.blockFrames ?? 512);
  if (!Number.isInteger(block) || block < 1) throw new ParameterError(`blockFrames must be a positive integer, got ${options.blockFrames}`);

  // output geometry: padded sample p is output sample p - start; samples from `valid` on are zeros
  const start = center ? half : 0;
  const expected = nFft + hop * (F - 1);
  const kept = !center ? expected : convention === 'librosa-0.7' ? Math.max(0, expected - 2 * half) : expected - half;
  const valid = Math.min(n, kept);
  const magnitude = options.keepMagnitude ? zeros(nBins, F) : undefined;

  const w = paddedWindow(st.window, st.winLength, nFft);
  // 1/nFft of the inverse transform folded into the synthesis window (exact: a power of two)
  const synthesis = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) synthesis[i] = w[i] / nFft;
  const normalize = overlapNormalizer(w, hop, F, start);
  const plan = fftPlan(nFft);
  const hBefore = r.winHarm >> 1;
  const hSpan = r.winHarm - 1;
  const blk = hpssBlock({ nFft, hop, maxLoaded: Math.min(F, block + hSpan), block, hpss: r, window: w, synthesis, keepRows: magnitude !== undefined, engine: options.engine });
  const { segment, frame, spec, packed, inverse, accH, accP, rows } = blk.buffers;
  // overlap-add accumulators hold output samples [accStart, accStart + accUsed)
  let accStart = 0;
  let accUsed = 0;
  // per block: which loaded frame each harmonic window sample reads
  const extIndex = new Int32Array(block + hSpan);

  for (let t0 = 0; t0 < F; t0 += block) {
    const t1 = Math.min(F, t0 + block);
    const count = t1 - t0;
    // frames the harmonic windows of this block read (scipy reflection at the signal's ends)
    let lo = t0;
    let hi = t1;
    for (let j = 0; j < count + hSpan; j++) {
      const t = scipyReflectIndex(t0 - hBefore + j, F);
      extIndex[j] = t;
      if (t < lo) lo = t;
      if (t + 1 > hi) hi = t + 1;
    }
    for (let j = 0; j < count + hSpan; j++) extIndex[j] -= lo;

    // forward STFT of every loaded frame: |STFT|, and the block's own frames' complex values
    if (!X) loadSegment(y, st, lo, hi, segment);
    for (let t = lo; t < hi; t++) {
      if (X) copyFrame(X, t, spec);
      else {
        blk.windowFrame(t - lo);
        rfftInto(plan, frame, spec);
      }
      blk.storeSpectrum(t - lo, t >= t0 && t < t1 ? t - t0 : -1);
    }

    blk.percussive(t0 - lo, count);
    blk.harmonic(extIndex, count);
    if (magnitude && rows) {
      for (let k = 0; k < nBins; k++) magnitude.data.set(rows.subarray(k * count, (k + 1) * count), k * F + t0);
    }
    blk.masks(count);

    // inverse transform of harmonic + i * percussive: fft(conj(Z)) = nFft * conj(ifft(Z)), whose
    // real part is nFft * h and imaginary part -nFft * p; overlap-added
    for (let t = t0; t < t1; t++) {
      blk.packInverse(t - t0);
      plan.transform(inverse, packed);
      const p0 = t * hop - start;
      const iLo = Math.max(0, -p0);
      const iHi = Math.min(nFft, valid - p0);
      const shift = p0 - accStart;
      if (iHi > iLo) {
        blk.overlapAdd(shift, iLo, iHi);
        accUsed = Math.max(accUsed, shift + iHi);
      }
    }

    // samples no later frame reaches are final: normalise, hand on, keep the rest
    const done = t1 === F ? valid : Math.min(valid, Math.max(0, t1 * hop - start));
    if (done > accStart) {
      normalize(accH, accP, accStart, accStart, done);
      sink(accH.subarray(0, done - accStart), accP.subarray(0, done - accStart), accStart);
      const keep = Math.max(0, accUsed - (done - accStart));
      accH.copyWithin(0, done - accStart, accUsed);
      accP.copyWithin(0, done - accStart, accUsed);
      accH.fill(0, keep, accUsed);
      accP.fill(0, keep, accUsed);
      accUsed = keep;
      accStart = done;
    }
  }
  if (valid < n) {
    const tail = new Float32Array(n - valid);
    sink(tail, tail, valid);
  }
  return { magnitude, engine: blk.engine };
}
