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
import { reflectIndex } from '../core/pad.ts';
import { type ResolvedStft, resolveStft, stftFrameCount, type StftOptions } from '../core/spectrum.ts';
import { paddedWindow } from '../core/window.ts';
import { SlidingMedian, scipyReflectIndex } from '../util/medianFilter.ts';
import { type MeanVar, meanVar } from '../util/stats.ts';
import { FLOAT32_TINY } from '../util/float32.ts';
import { hpssMasksInto, resolveHpss, type HpssOptions } from './hpss.ts';

export type LengthConvention = 'exact' | 'librosa-0.7';

export interface HpssWaveformOptions extends HpssOptions, StftOptions {
  /** Audio time series. */
  y: Float32Array;
  /** How the inverse STFT is fitted to len(y) (default 'exact'). */
  lengthConvention?: LengthConvention;
  /** Frames per processing block (default 512): bounds memory, not the result. */
  blockFrames?: number;
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
  /** |STFT| when keepMagnitude was set. */
  magnitude?: Matrix;
}

export interface HpssWaveformStats {
  harmonic: MeanVar;
  percussive: MeanVar;
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
  const magnitude = streamHpss(options, (h, p, offset) => {
    harmonic.set(h, offset);
    percussive.set(p, offset);
  });
  return magnitude ? { harmonic, percussive, magnitude } : { harmonic, percussive };
}

/**
 * Mean and population variance of the two waveforms of hpssWaveforms (what the GTZAN table
 * keeps), without holding the waveforms: meanVar of each finished chunk, merged exactly
 * (Chan et al.), equal to meanVar of the whole waveform up to float64 rounding.
 */
export function hpssWaveformStats(options: HpssWaveformOptions): HpssWaveformStats {
  const h = new RunningMeanVar();
  const p = new RunningMeanVar();
  const magnitude = streamHpss(options, (hc, pc) => {
    h.add(hc);
    p.add(pc);
  });
  const stats = { harmonic: h.result(), percussive: p.result() };
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

/** Frequency bins whose harmonic (along time) lines are gathered together: 16 float32 = one cache line. */
const TILE = 16;

/** Scratch for one block, frame-major (frame t's bins contiguous); reused across blocks. */
interface BlockBuffers {
  /** Magnitudes of the loaded frames (the block and its halo). */
  mag: Float32Array;
  magBits: Int32Array;
  re: Float32Array;
  im: Float32Array;
  /** Percussive (along frequency) and harmonic (along time) medians of the block's frames. */
  perc: Float32Array;
  percBits: Int32Array;
  harm: Float32Array;
  harmBits: Int32Array;
}

function blockBuffers(nBins: number, block: number, loaded: number): BlockBuffers {
  const mag = new Float32Array(nBins * loaded);
  const perc = new Float32Array(nBins * block);
  const harm = new Float32Array(nBins * block);
  return {
    mag,
    magBits: new Int32Array(mag.buffer),
    re: new Float32Array(nBins * block),
    im: new Float32Array(nBins * block),
    perc,
    percBits: new Int32Array(perc.buffer),
    harm,
    harmBits: new Int32Array(harm.buffer),
  };
}

/** Forward spectrum of frame t into `spec` (interleaved re, im), exactly as stft() computes it. */
function frameSpectra(y: Float32Array, st: ResolvedStft, X: ComplexMatrix | undefined, F: number, spec: Float64Array): (t: number) => void {
  const { nFft, hopLength: hop, padMode } = st;
  const n = y.length;
  const nBins = (nFft >> 1) + 1;
  const start = st.center ? nFft >> 1 : 0;
  if (X) {
    return (t) => {
      for (let k = 0; k < nBins; k++) {
        const xr = X.re[k * F + t];
        const xi = X.im[k * F + t];
        if (!Number.isFinite(xr) || !Number.isFinite(xi)) throw new ParameterError(`stftMatrix is not finite at bin ${k}, frame ${t}`);
        spec[2 * k] = xr;
        spec[2 * k + 1] = xi;
      }
    };
  }
  const w = paddedWindow(st.window, st.winLength, nFft);
  const plan = fftPlan(nFft);
  const frame = new Float64Array(nFft);
  return (t) => {
    const off = t * hop - start;
    if (off >= 0 && off + nFft <= n) {
      for (let i = 0; i < nFft; i++) frame[i] = w[i] * y[off + i];
    } else {
      // the centring pad, read in place (pad() of spectrum.ts gives the same values)
      for (let i = 0; i < nFft; i++) {
        const j = off + i;
        let v: number;
        if (j >= 0 && j < n) v = y[j];
        else if (padMode === 'constant') v = 0;
        else if (padMode === 'edge') v = y[j < 0 ? 0 : n - 1];
        else v = y[reflectIndex(j, n)];
        frame[i] = w[i] * v;
      }
    }
    rfftInto(plan, frame, spec);
  };
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
function streamHpss(options: HpssWaveformOptions, sink: Sink): Matrix | undefined {
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
  const wSynth = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) wSynth[i] = w[i] / nFft;
  const normalize = overlapNormalizer(w, hop, F, start);
  const plan = fftPlan(nFft);
  const spec = new Float64Array(2 * nFft);
  const frameSpectrum = frameSpectra(y, st, X, F, spec);
  const packed = new Float64Array(2 * nFft);
  const inverse = new Float64Array(2 * nFft);
  // overlap-add accumulators: output samples [accStart, accStart + length)
  const accH = new Float32Array(block * hop + nFft);
  const accP = new Float32Array(block * hop + nFft);
  let accStart = 0;
  let accUsed = 0;

  const hBefore = r.winHarm >> 1;
  const hSpan = r.winHarm - 1;
  const medHarm = new SlidingMedian(r.winHarm);
  const medPerc = new SlidingMedian(r.winPerc);
  // per block: where in `mag` each harmonic window sample lives (frame offset)
  const extIndex = new Int32Array(block + hSpan);
  const tileIn = new Int32Array(TILE * (block + hSpan));
  const tileOut = new Int32Array(TILE * block);
  const magnitudeBits = magnitude ? new Int32Array(magnitude.data.buffer, magnitude.data.byteOffset, magnitude.data.length) : undefined;
  let buf = blockBuffers(nBins, block, Math.min(F, block + hSpan));

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
    const loaded = hi - lo;
    for (let j = 0; j < count + hSpan; j++) extIndex[j] = (extIndex[j] - lo) * nBins;
    if (buf.mag.length < nBins * loaded) buf = blockBuffers(nBins, block, loaded);
    const { mag, magBits, re, im, perc, percBits, harm, harmBits } = buf;

    // forward STFT of every loaded frame; the block's own frames keep their complex values
    for (let t = lo; t < hi; t++) {
      frameSpectrum(t);
      const mBase = (t - lo) * nBins;
      if (t >= t0 && t < t1) {
        const base = (t - t0) * nBins;
        for (let k = 0; k < nBins; k++) {
          // complex64 parts, then |.| as numpy's hypotf (computed in double by glibc)
          const xr = Math.fround(spec[2 * k]);
          const xi = Math.fround(spec[2 * k + 1]);
          re[base + k] = xr;
          im[base + k] = xi;
          mag[mBase + k] = Math.sqrt(xr * xr + xi * xi);
        }
      } else {
        for (let k = 0; k < nBins; k++) {
          const xr = Math.fround(spec[2 * k]);
          const xi = Math.fround(spec[2 * k + 1]);
          mag[mBase + k] = Math.sqrt(xr * xr + xi * xi);
        }
      }
    }

    // percussive medians along frequency: a frame's bins are contiguous
    for (let t = t0; t < t1; t++) medPerc.filterLineBits(magBits, (t - lo) * nBins, 1, nBins, percBits, (t - t0) * nBins, 1);

    // harmonic medians along time, TILE bins at a time: the tile's lines are gathered across
    // frames (one cache line per frame), filtered contiguously and scattered back frame-major;
    // the block's own frames of each line are |STFT| rows, copied out whole
    const span = count + hSpan;
    for (let k0 = 0; k0 < nBins; k0 += TILE) {
      const kn = Math.min(TILE, nBins - k0);
      for (let j = 0; j < span; j++) {
        const src = extIndex[j] + k0;
        for (let kk = 0; kk < kn; kk++) tileIn[kk * span + j] = magBits[src + kk];
      }
      for (let kk = 0; kk < kn; kk++) {
        medHarm.runBits(tileIn, kk * span, count, tileOut, kk * count, 1);
        if (magnitudeBits) magnitudeBits.set(tileIn.subarray(kk * span + hBefore, kk * span + hBefore + count), (k0 + kk) * F + t0);
      }
      for (let i = 0; i < count; i++) {
        const dst = i * nBins + k0;
        for (let kk = 0; kk < kn; kk++) harmBits[dst + kk] = tileOut[kk * count + i];
      }
    }

    // masks of the whole block, written over the medians they come from (element by element)
    hpssMasksInto(harm, 0, 1, perc, 0, 1, count * nBins, r, harm, perc);

    // inverse transform of harmonic + i * percussive, overlap-add
    for (let t = t0; t < t1; t++) {
      const base = (t - t0) * nBins;
      // DC and Nyquist: irfft ignores their imaginary parts, so the loop's formula with those
      // parts at +0 (written out so that signed zeros come out the same)
      packed[0] = Math.fround(re[base] * harm[base]);
      packed[1] = -(0 + Math.fround(re[base] * perc[base]));
      packed[2 * half] = Math.fround(re[base + half] * harm[base + half]);
      packed[2 * half + 1] = -(0 + Math.fround(re[base + half] * perc[base + half]));
      for (let k = 1; k < half; k++) {
        const mh = harm[base + k];
        const mp = perc[base + k];
        const xr = re[base + k];
        const xi = im[base + k];
        // D * mask as complex64
        const hr = Math.fround(xr * mh);
        const pr = Math.fround(xr * mp);
        const hi2 = Math.fround(xi * mh);
        const pi2 = Math.fround(xi * mp);
        // conj(H + iP) at bin k, and at bin nFft - k from the Hermitian symmetry of H and P
        packed[2 * k] = hr - pi2;
        packed[2 * k + 1] = -(hi2 + pr);
        packed[2 * (nFft - k)] = hr + pi2;
        packed[2 * (nFft - k) + 1] = hi2 - pr;
      }
      // fft(conj(Z)) = nFft * conj(ifft(Z)): real part nFft * h, imaginary part -nFft * p
      plan.transform(inverse, packed);
      const p0 = t * hop - start;
      const iLo = Math.max(0, -p0);
      const iHi = Math.min(nFft, valid - p0);
      const shift = p0 - accStart;
      for (let i = iLo; i < iHi; i++) {
        accH[shift + i] += wSynth[i] * inverse[2 * i];
        accP[shift + i] -= wSynth[i] * inverse[2 * i + 1];
      }
      if (iHi > iLo) accUsed = Math.max(accUsed, shift + iHi);
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
  return magnitude;
}
