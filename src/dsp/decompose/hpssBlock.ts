/**
 * The per-block work of the streaming HPSS (hpssWaveforms.ts), behind one interface with two
 * engines that give bit-identical results (tests/dsp/hpssBlock.test.ts):
 * - 'wasm': WebAssembly SIMD kernels (wasm/assembly/hpssKernels.ts) over buffers in the
 *   kernel's memory (hpssBlockWasm.ts), used with librosa's default kernel size 31;
 * - 'js': the same loops in JavaScript with the sorted-window SlidingMedian, for other kernel
 *   sizes and for runtimes without WebAssembly SIMD.
 * The FFTs stay with the caller (fft.js, on the Float64Array buffers given here).
 *
 * Layout: frame-major rows of `stride` floats (nBins rounded up to a multiple of 4, one SIMD
 * slot holding 4 bins): loaded frame j of |STFT| at mag[j * stride + k]; the block's own frame i
 * at harm/perc/re/im[i * stride + k].
 */
import { ParameterError } from '../errors.ts';
import { SlidingMedian } from '../util/medianFilter.ts';
import { hpssMasksInto, type ResolvedHpss } from './hpss.ts';
import { roundUp, wasmHpssBlock } from './hpssBlockWasm.ts';

export interface HpssBlockOptions {
  nFft: number;
  hop: number;
  /** Most frames a block loads: its own frames plus the harmonic halo. */
  maxLoaded: number;
  /** Most frames a block outputs. */
  block: number;
  hpss: ResolvedHpss;
  /** Analysis window (nFft, float64). */
  window: Float64Array;
  /** Synthesis window with the inverse FFT's 1/nFft folded in (nFft, float64). */
  synthesis: Float64Array;
  /** Also copy the block's own magnitudes out bin-major (into `rows`). */
  keepRows: boolean;
  /** 'auto' (default) takes WebAssembly where it applies; 'js' forces JavaScript. */
  engine?: 'auto' | 'js';
}

/** The buffers a block shares with its caller (views of the WebAssembly memory for 'wasm'). */
export interface HpssBlockBuffers {
  /** Padded samples of the loaded frames, written by the caller: loaded frame j starts at j * hop. */
  segment: Float32Array;
  /** One windowed frame (nFft) and its rfft (interleaved, 2 * nFft). */
  frame: Float64Array;
  spec: Float64Array;
  /** conj(H + iP) of one frame (interleaved, 2 * nFft) and its forward FFT. */
  packed: Float64Array;
  inverse: Float64Array;
  /** Overlap-add accumulators of the harmonic and percussive waveforms (block * hop + nFft). */
  accH: Float32Array;
  accP: Float32Array;
  /** The block's own magnitudes, bin-major: rows[k * count + i] (when keepRows). */
  rows: Float32Array | undefined;
}

export type HpssEngine = 'wasm' | 'js';

export interface HpssBlock {
  readonly engine: HpssEngine;
  readonly buffers: HpssBlockBuffers;
  /** frame = window * the samples of loaded frame j. */
  windowFrame(j: number): void;
  /** |spec| into the magnitude row of loaded frame j; with own >= 0, also spec's complex64 parts into own frame `own`. */
  storeSpectrum(j: number, own: number): void;
  /** Percussive medians of loaded frames first .. first + count - 1 into perc. */
  percussive(first: number, count: number): void;
  /** Harmonic medians of count frames: output i's window reads loaded frames extFrames[i .. i + winHarm) (reflection resolved by the caller). */
  harmonic(extFrames: Int32Array, count: number): void;
  /** The two soft masks of count frames, over harm and perc. */
  masks(count: number): void;
  /** packed = conj(H + iP) of own frame i. */
  packInverse(i: number): void;
  /** acc[shift + s] += synthesis[s] * inverse[s] (harmonic: real part; percussive: minus the imaginary part), s in [from, to). */
  overlapAdd(shift: number, from: number, to: number): void;
}

/**
 * Buffers and kernels for one hpssWaveforms call: WebAssembly where it applies, else JavaScript.
 * A 'wasm' block is valid until the next one is made (they share the module's memory).
 */
export function hpssBlock(options: HpssBlockOptions): HpssBlock {
  const { maxLoaded, block, nFft } = options;
  if (!(maxLoaded >= block && block >= 1 && nFft >= 2 && nFft % 2 === 0)) throw new ParameterError(`bad HPSS block geometry: nFft ${nFft}, ${block} frames, ${maxLoaded} loaded`);
  return (options.engine !== 'js' && wasmHpssBlock(options)) || new JsHpssBlock(options);
}

class JsHpssBlock implements HpssBlock {
  readonly engine = 'js';
  readonly buffers: HpssBlockBuffers;
  private readonly stride: number;
  private readonly nBins: number;
  /** |STFT| of the loaded frames, frame-major. */
  private readonly mag: Float32Array;
  /** The block's own frames: complex64 STFT, then the medians, then the masks. */
  private readonly re: Float32Array;
  private readonly im: Float32Array;
  private readonly harm: Float32Array;
  private readonly perc: Float32Array;
  private readonly medHarm: SlidingMedian;
  private readonly medPerc: SlidingMedian;
  private readonly line: Int32Array;
  private readonly lineOut: Int32Array;
  /** mag, harm and perc as int32 bit patterns, for the integer median path. */
  private readonly magBits: Int32Array;
  private readonly harmBits: Int32Array;
  private readonly percBits: Int32Array;

  constructor(private readonly o: HpssBlockOptions) {
    const { nFft, hop, maxLoaded, block } = o;
    this.nBins = (nFft >> 1) + 1;
    this.stride = roundUp(this.nBins, 4);
    this.buffers = {
      segment: new Float32Array((maxLoaded - 1) * hop + nFft),
      frame: new Float64Array(nFft),
      spec: new Float64Array(2 * nFft),
      packed: new Float64Array(2 * nFft),
      inverse: new Float64Array(2 * nFft),
      accH: new Float32Array(block * hop + nFft),
      accP: new Float32Array(block * hop + nFft),
      rows: o.keepRows ? new Float32Array(this.nBins * block) : undefined,
    };
    this.mag = new Float32Array(this.stride * maxLoaded);
    this.harm = new Float32Array(this.stride * block);
    this.perc = new Float32Array(this.stride * block);
    this.re = new Float32Array(this.stride * block);
    this.im = new Float32Array(this.stride * block);
    this.medHarm = new SlidingMedian(o.hpss.winHarm);
    this.medPerc = new SlidingMedian(o.hpss.winPerc);
    this.line = new Int32Array(block + o.hpss.winHarm - 1);
    this.lineOut = new Int32Array(block);
    this.magBits = new Int32Array(this.mag.buffer);
    this.harmBits = new Int32Array(this.harm.buffer);
    this.percBits = new Int32Array(this.perc.buffer);
  }

  windowFrame(j: number): void {
    const { frame, segment } = this.buffers;
    const w = this.o.window;
    const off = j * this.o.hop;
    for (let i = 0; i < this.o.nFft; i++) frame[i] = w[i] * segment[off + i];
  }

  storeSpectrum(j: number, own: number): void {
    const { mag, re, im, nBins } = this;
    const { spec } = this.buffers;
    const mBase = j * this.stride;
    const base = own * this.stride;
    for (let k = 0; k < nBins; k++) {
      // complex64 parts, then |.| as numpy's hypotf (computed in double by glibc)
      const xr = Math.fround(spec[2 * k]);
      const xi = Math.fround(spec[2 * k + 1]);
      mag[mBase + k] = Math.sqrt(xr * xr + xi * xi);
      if (own >= 0) {
        re[base + k] = xr;
        im[base + k] = xi;
      }
    }
  }

  percussive(first: number, count: number): void {
    for (let t = 0; t < count; t++) this.medPerc.filterLineBits(this.magBits, (first + t) * this.stride, 1, this.nBins, this.percBits, t * this.stride, 1);
  }

  harmonic(extFrames: Int32Array, count: number): void {
    const { stride, line, lineOut, mag, magBits: bits, harmBits } = this;
    const { rows } = this.buffers;
    const span = count + this.medHarm.size - 1;
    const mine = this.medHarm.before;
    for (let k = 0; k < this.nBins; k++) {
      for (let j = 0; j < span; j++) line[j] = bits[extFrames[j] * stride + k] & 0x7fffffff;
      this.medHarm.runBits(line, 0, count, lineOut, 0, 1);
      for (let i = 0; i < count; i++) harmBits[i * stride + k] = lineOut[i];
      if (rows) for (let i = 0; i < count; i++) rows[k * count + i] = mag[extFrames[mine + i] * stride + k];
    }
  }

  masks(count: number): void {
    hpssMasksInto(this.harm, 0, 1, this.perc, 0, 1, count * this.stride, this.o.hpss, this.harm, this.perc);
  }

  packInverse(i: number): void {
    const { re, im, harm, perc } = this;
    const { packed } = this.buffers;
    const nFft = this.o.nFft;
    const half = nFft >> 1;
    const base = i * this.stride;
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
      const hi = Math.fround(xi * mh);
      const pi = Math.fround(xi * mp);
      // conj(H + iP) at bin k, and at bin nFft - k from the Hermitian symmetry of H and P
      packed[2 * k] = hr - pi;
      packed[2 * k + 1] = -(hi + pr);
      packed[2 * (nFft - k)] = hr + pi;
      packed[2 * (nFft - k) + 1] = hi - pr;
    }
  }

  overlapAdd(shift: number, from: number, to: number): void {
    const { accH, accP, inverse } = this.buffers;
    const w = this.o.synthesis;
    for (let s = from; s < to; s++) {
      accH[shift + s] += w[s] * inverse[2 * s];
      accP[shift + s] -= w[s] * inverse[2 * s + 1];
    }
  }
}
