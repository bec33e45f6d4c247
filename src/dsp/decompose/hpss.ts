/**
 * Harmonic/percussive source separation of a spectrogram by median filtering, as
 * librosa.decompose.hpss (the same in 0.7 to 0.10): the harmonic filter runs along time
 * (kernel_size[0] frames), the percussive one along frequency (kernel_size[1] bins), both with
 * scipy.ndimage's mode='reflect'; soft masks as librosa.util.softmask, with split_zeros on
 * exactly when both margins are 1 (librosa's rule: where both medians vanish each part takes
 * half). Arithmetic is float32 as numpy's on float32 arrays. For a complex STFT the masks
 * multiply the complex values: D * mask, which is librosa's (|D| * mask) * phase up to float32
 * rounding.
 */
import { ParameterError } from '../errors.ts';
import type { ComplexMatrix, Matrix } from '../matrix.ts';
import { medianFilter } from '../util/medianFilter.ts';
import { FLOAT32_TINY } from '../util/float32.ts';
import { magnitude } from '../core/spectrum.ts';

/** numpy.finfo(float32).tiny: softmask treats a larger value below it as zero. */

export interface HpssOptions {
  /** Median filter lengths: one for both, or [harmonic (frames), percussive (bins)] (default 31). */
  kernelSize?: number | readonly [number, number];
  /** Exponent of the soft mask, > 0; Infinity gives librosa's hard mask (default 2). */
  power?: number;
  /** Mask margins >= 1: one for both, or [harmonic, percussive] (default 1). */
  margin?: number | readonly [number, number];
}

export interface ResolvedHpss {
  winHarm: number;
  winPerc: number;
  power: number;
  marginHarm: number;
  marginPerc: number;
  /** librosa: margin_harm == 1 and margin_perc == 1. */
  splitZeros: boolean;
}

export function resolveHpss({ kernelSize = 31, power = 2, margin = 1 }: HpssOptions = {}): ResolvedHpss {
  const [winHarm, winPerc] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  const [marginHarm, marginPerc] = typeof margin === 'number' ? [margin, margin] : margin;
  for (const [name, k] of [['harmonic', winHarm], ['percussive', winPerc]] as const) {
    if (!Number.isInteger(k) || k < 1) throw new ParameterError(`${name} kernel size must be a positive integer, got ${k}`);
  }
  if (!(marginHarm >= 1) || !(marginPerc >= 1)) throw new ParameterError(`margins must be >= 1.0, got ${marginHarm}, ${marginPerc}`);
  if (!(power > 0)) throw new ParameterError(`power must be strictly positive, got ${power}`);
  return { winHarm, winPerc, power, marginHarm, marginPerc, splitZeros: marginHarm === 1 && marginPerc === 1 };
}

/** librosa.util.softmask for one pair of values (non-negative), in float32 arithmetic. */
export function softmaskValue(x: number, ref: number, power: number, splitZeros: boolean): number {
  if (power === Infinity) return x > ref ? 1 : 0;
  const z = x > ref ? x : ref;
  if (z < FLOAT32_TINY) return splitZeros ? 0.5 : 0;
  const a = Math.fround(x / z);
  const b = Math.fround(ref / z);
  // numpy squares for a power of 2; otherwise powf, here pow rounded to float32
  const pa = power === 2 ? Math.fround(a * a) : Math.fround(a ** power);
  const pb = power === 2 ? Math.fround(b * b) : Math.fround(b ** power);
  return Math.fround(pa / Math.fround(pa + pb));
}

export interface SoftmaskOptions {
  power?: number;
  splitZeros?: boolean;
}

/**
 * librosa.util.softmask: X^p / (X^p + X_ref^p), computed relative to max(X, X_ref) so it cannot
 * overflow; where both are below float32's tiny the mask is 0 (0.5 with splitZeros).
 * power Infinity gives the hard mask X > X_ref (ties go to X_ref).
 */
export function softmask(X: Float32Array, Xref: Float32Array, { power = 1, splitZeros = false }: SoftmaskOptions = {}): Float32Array {
  if (X.length !== Xref.length) throw new ParameterError(`shape mismatch: ${X.length} != ${Xref.length}`);
  if (!(power > 0)) throw new ParameterError(`power must be strictly positive, got ${power}`);
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) {
    if (!(X[i] >= 0) || !(Xref[i] >= 0)) throw new ParameterError('X and X_ref must be non-negative');
    out[i] = softmaskValue(X[i], Xref[i], power, splitZeros);
  }
  return out;
}

/**
 * Both hpss masks for n elements, from the harmonic medians harm[hOff + i * hStride] and the
 * percussive medians perc[pOff + i * pStride], into maskH[i] and maskP[i]. The common case
 * (power 2, margins 1) shares the rescaling and the denominator between the two masks, which
 * gives the same float32 values as two softmask calls.
 */
export function hpssMasksInto(
  harm: Float32Array,
  hOff: number,
  hStride: number,
  perc: Float32Array,
  pOff: number,
  pStride: number,
  n: number,
  r: ResolvedHpss,
  maskH: Float32Array,
  maskP: Float32Array,
): void {
  if (r.power === 2 && r.marginHarm === 1 && r.marginPerc === 1) {
    for (let i = 0; i < n; i++) {
      const h = harm[hOff + i * hStride];
      const p = perc[pOff + i * pStride];
      const z = h > p ? h : p;
      if (z < FLOAT32_TINY) {
        maskH[i] = 0.5;
        maskP[i] = 0.5;
        continue;
      }
      const a = Math.fround(h / z);
      const b = Math.fround(p / z);
      const a2 = Math.fround(a * a);
      const b2 = Math.fround(b * b);
      const s = Math.fround(a2 + b2);
      maskH[i] = a2 / s;
      maskP[i] = b2 / s;
    }
    return;
  }
  const { power, marginHarm, marginPerc, splitZeros } = r;
  for (let i = 0; i < n; i++) {
    const h = harm[hOff + i * hStride];
    const p = perc[pOff + i * pStride];
    maskH[i] = softmaskValue(h, Math.fround(p * marginHarm), power, splitZeros);
    maskP[i] = softmaskValue(p, Math.fround(h * marginPerc), power, splitZeros);
  }
}

function checkSpectrogram(S: Matrix): void {
  if (S.rows === 0 || S.cols === 0) throw new ParameterError('spectrogram is empty');
  for (let i = 0; i < S.data.length; i++) {
    if (!(S.data[i] >= 0) || S.data[i] === Infinity) throw new ParameterError(`spectrogram must be finite and non-negative (index ${i})`);
  }
}

/** The two masks of a magnitude spectrogram (librosa.decompose.hpss(S, mask=True)). */
function masksOf(S: Matrix, r: ResolvedHpss): { maskH: Matrix; maskP: Matrix } {
  checkSpectrogram(S);
  const harm = medianFilter(S, { size: r.winHarm, axis: 1 });
  const perc = medianFilter(S, { size: r.winPerc, axis: 0 });
  // masks overwrite the medians they are computed from, element by element
  hpssMasksInto(harm.data, 0, 1, perc.data, 0, 1, S.data.length, r, harm.data, perc.data);
  return { maskH: harm, maskP: perc };
}

export interface HpssResult<T> {
  harmonic: T;
  percussive: T;
}

export type HpssInput = HpssOptions & ({ S: Matrix; D?: undefined } | { D: ComplexMatrix; S?: undefined });

/**
 * librosa.decompose.hpss(..., mask=True): the harmonic and percussive soft masks of a
 * magnitude spectrogram S, or of |D| for a complex STFT D.
 */
export function hpssMasks(input: HpssInput): HpssResult<Matrix> {
  const r = resolveHpss(input);
  const S = input.D ? magnitude(input.D) : input.S;
  if (!S) throw new ParameterError('give S (a magnitude spectrogram) or D (a complex STFT)');
  const { maskH, maskP } = masksOf(S, r);
  return { harmonic: maskH, percussive: maskP };
}

/**
 * librosa.decompose.hpss: harmonic and percussive parts, S * mask for a magnitude spectrogram
 * S, or D * mask (complex) for a complex STFT D.
 */
export function hpss(input: HpssOptions & { S: Matrix }): HpssResult<Matrix>;
export function hpss(input: HpssOptions & { D: ComplexMatrix }): HpssResult<ComplexMatrix>;
export function hpss(input: HpssInput): HpssResult<Matrix> | HpssResult<ComplexMatrix> {
  const r = resolveHpss(input);
  if (input.D) {
    const D = input.D;
    const { maskH, maskP } = masksOf(magnitude(D), r);
    const n = D.re.length;
    const hRe = new Float32Array(n);
    const hIm = new Float32Array(n);
    const pRe = new Float32Array(n);
    const pIm = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const mh = maskH.data[i];
      const mp = maskP.data[i];
      hRe[i] = D.re[i] * mh;
      hIm[i] = D.im[i] * mh;
      pRe[i] = D.re[i] * mp;
      pIm[i] = D.im[i] * mp;
    }
    return {
      harmonic: { rows: D.rows, cols: D.cols, re: hRe, im: hIm },
      percussive: { rows: D.rows, cols: D.cols, re: pRe, im: pIm },
    };
  }
  const S = input.S;
  if (!S) throw new ParameterError('give S (a magnitude spectrogram) or D (a complex STFT)');
  const { maskH, maskP } = masksOf(S, r);
  // the components overwrite the masks: S * mask rounded to float32, as numpy
  for (let i = 0; i < S.data.length; i++) {
    maskH.data[i] = S.data[i] * maskH.data[i];
    maskP.data[i] = S.data[i] * maskP.data[i];
  }
  return { harmonic: maskH, percussive: maskP };
}
