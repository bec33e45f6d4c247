/**
 * The 'wasm' engine of hpssBlock.ts: its buffers are views of the WebAssembly memory of the
 * kernels in wasm/assembly/hpssKernels.ts (compiled into wasm/hpssKernelsWasm.ts), and each
 * method is one kernel call. The module (4.6 kB) is compiled once, synchronously: fine in a
 * worker and in Node; a browser's main thread refuses synchronous compiles over 4 kB, and there
 * (as wherever WebAssembly SIMD is missing) wasmHpssBlock returns undefined and the JavaScript
 * engine runs, with the same values. Analyses record which engine ran.
 */
import { hpssMasksInto } from './hpss.ts';
import type { HpssBlock, HpssBlockBuffers, HpssBlockOptions } from './hpssBlock.ts';
import { HPSS_KERNELS_WASM } from './wasm/hpssKernelsWasm.ts';

export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** Median kernel size the WebAssembly medians are built for (librosa's default). */
const WASM_MEDIAN_SIZE = 31;

interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  SCRATCH_SLOTS: { value: number };
  heapBase(): number;
  windowFrame(seg: number, win: number, nFft: number, frame: number): void;
  storeSpectrum(spec: number, nBins: number, mag: number, re: number, im: number): void;
  harmonicMedians(mag: number, frameOffsets: number, stride: number, nBins: number, count: number, harm: number, rows: number, ext: number, out: number, scratch: number): void;
  percussiveMedians(mag: number, stride: number, nBins: number, first: number, count: number, perc: number, ext: number, out: number, scratch: number): void;
  softMasks(harm: number, perc: number, n: number): void;
  packInverse(re: number, im: number, mh: number, mp: number, half: number, packed: number): void;
  overlapAdd(inverse: number, synthesis: number, from: number, to: number, accH: number, accP: number): void;
}

/** The few WebAssembly globals used here (the core layer's lib has no WebAssembly typings). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

let instance: KernelExports | null | undefined;

function kernels(): KernelExports | null {
  if (instance === undefined) {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    try {
      instance = api ? (new api.Instance(new api.Module(base64Bytes(HPSS_KERNELS_WASM)), {}).exports as KernelExports) : null;
    } catch {
      // no SIMD (a CompileError) or compilation forbidden: the JavaScript engine gives the same values
      instance = null;
    }
  }
  return instance;
}

/** The WebAssembly engine for these options, or undefined where it does not apply. */
export function wasmHpssBlock(options: HpssBlockOptions): HpssBlock | undefined {
  const { winHarm, winPerc } = options.hpss;
  if (winHarm !== WASM_MEDIAN_SIZE || winPerc !== WASM_MEDIAN_SIZE) return undefined;
  const k = kernels();
  if (!k) return undefined;
  try {
    return new WasmHpssBlock(k, options);
  } catch (err) {
    // the memory could not grow to this block (a huge blockFrames): JavaScript arrays may still fit
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** The newest block's number: an older block's views may be detached or shared, so it refuses to run. */
let liveBlock = 0;

const WASM_PAGE = 65536;
const SLOT = 16;

interface Pointers {
  segment: number;
  window: number;
  synthesis: number;
  frame: number;
  spec: number;
  packed: number;
  inverse: number;
  accH: number;
  accP: number;
  mag: number;
  harm: number;
  perc: number;
  re: number;
  im: number;
  rows: number;
  offsets: number;
  ext: number;
  out: number;
  scratch: number;
}

/**
 * Buffers laid out from the kernel's heap base up. One block is live at a time (hpssWaveforms
 * runs to completion synchronously); the next one reuses the space, and the memory only grows
 * to the largest block (about 16 MB for 512 frames of 2048 samples).
 */
class WasmHpssBlock implements HpssBlock {
  readonly engine = 'wasm';
  readonly buffers: HpssBlockBuffers;
  private readonly stride: number;
  /** Medians, then masks, of the block's own frames (for the JavaScript masks of other margins and powers). */
  private readonly harm: Float32Array;
  private readonly perc: Float32Array;
  private readonly frameOffsets: Int32Array;
  private readonly p: Pointers;
  private readonly nFft: number;
  private readonly hop: number;
  private readonly nBins: number;
  private readonly options: HpssBlockOptions;
  private readonly simpleMasks: boolean;
  private readonly id = ++liveBlock;

  constructor(
    private readonly k: KernelExports,
    options: HpssBlockOptions,
  ) {
    const { nFft, hop, maxLoaded, block, keepRows } = options;
    this.options = options;
    this.nFft = nFft;
    this.hop = hop;
    const nBins = (nFft >> 1) + 1;
    this.nBins = nBins;
    const stride = roundUp(nBins, 4);
    this.stride = stride;
    const { power, marginHarm, marginPerc } = options.hpss;
    this.simpleMasks = power === 2 && marginHarm === 1 && marginPerc === 1;
    // the percussive medians read up to 3 loaded frames past a block's last (4 lanes), and
    // lines are padded to a multiple of 8 plus 38 slots
    const ownRows = roundUp(block, 4);
    const lineSlots = roundUp(Math.max(block, nBins), 8) + 48;
    const segmentLength = (maxLoaded - 1) * hop + nFft;
    let at = roundUp(k.heapBase(), SLOT);
    const take = (bytes: number): number => {
      const ptr = at;
      at = roundUp(at + bytes, SLOT);
      return ptr;
    };
    this.p = {
      segment: take(4 * segmentLength + 8),
      window: take(8 * nFft),
      synthesis: take(8 * nFft),
      frame: take(8 * nFft),
      spec: take(16 * nFft),
      packed: take(16 * nFft),
      inverse: take(16 * nFft),
      accH: take(4 * (block * hop + nFft) + 8),
      accP: take(4 * (block * hop + nFft) + 8),
      mag: take(4 * stride * (maxLoaded + 4)),
      harm: take(4 * stride * ownRows),
      perc: take(4 * stride * ownRows),
      re: take(4 * stride * ownRows),
      im: take(4 * stride * ownRows),
      rows: keepRows ? take(4 * nBins * block) : 0,
      offsets: take(4 * (block + WASM_MEDIAN_SIZE)),
      ext: take(SLOT * lineSlots),
      out: take(SLOT * lineSlots),
      scratch: take(SLOT * k.SCRATCH_SLOTS.value),
    };
    const have = k.memory.buffer.byteLength;
    if (at > have) k.memory.grow(Math.ceil((at - have) / WASM_PAGE));
    const buffer = k.memory.buffer;
    const p = this.p;
    new Float64Array(buffer, p.window, nFft).set(options.window);
    new Float64Array(buffer, p.synthesis, nFft).set(options.synthesis);
    // the percussive kernel reads up to 3 rows past the loaded frames (lanes whose medians are
    // discarded): zeros at first, stale magnitudes later, compared as integers either way
    new Float32Array(buffer, p.mag, stride * (maxLoaded + 4)).fill(0);
    this.buffers = {
      segment: new Float32Array(buffer, p.segment, segmentLength),
      frame: new Float64Array(buffer, p.frame, nFft),
      spec: new Float64Array(buffer, p.spec, 2 * nFft),
      packed: new Float64Array(buffer, p.packed, 2 * nFft),
      inverse: new Float64Array(buffer, p.inverse, 2 * nFft),
      accH: new Float32Array(buffer, p.accH, block * hop + nFft).fill(0),
      accP: new Float32Array(buffer, p.accP, block * hop + nFft).fill(0),
      rows: keepRows ? new Float32Array(buffer, p.rows, nBins * block) : undefined,
    };
    this.harm = new Float32Array(buffer, p.harm, stride * ownRows);
    this.perc = new Float32Array(buffer, p.perc, stride * ownRows);
    this.frameOffsets = new Int32Array(buffer, p.offsets, block + WASM_MEDIAN_SIZE);
  }

  /** Every block lays its buffers out from the same heap base: only the newest may run. */
  private assertLive(): void {
    if (this.id !== liveBlock) throw new Error('HPSS block used after a newer one took over the WebAssembly memory');
  }

  windowFrame(j: number): void {
    this.assertLive();
    this.k.windowFrame(this.p.segment + 4 * j * this.hop, this.p.window, this.nFft, this.p.frame);
  }

  storeSpectrum(j: number, own: number): void {
    this.assertLive();
    const { p, stride } = this;
    const re = own >= 0 ? p.re + 4 * own * stride : 0;
    const im = own >= 0 ? p.im + 4 * own * stride : 0;
    this.k.storeSpectrum(p.spec, this.nBins, p.mag + 4 * j * stride, re, im);
  }

  percussive(first: number, count: number): void {
    this.assertLive();
    const p = this.p;
    this.k.percussiveMedians(p.mag, this.stride, this.nBins, first, count, p.perc, p.ext, p.out, p.scratch);
  }

  harmonic(extFrames: Int32Array, count: number): void {
    this.assertLive();
    const p = this.p;
    for (let j = 0; j < count + WASM_MEDIAN_SIZE - 1; j++) this.frameOffsets[j] = 4 * extFrames[j] * this.stride;
    this.k.harmonicMedians(p.mag, p.offsets, this.stride, this.nBins, count, p.harm, p.rows, p.ext, p.out, p.scratch);
  }

  masks(count: number): void {
    this.assertLive();
    const n = count * this.stride;
    if (this.simpleMasks) this.k.softMasks(this.p.harm, this.p.perc, n);
    else hpssMasksInto(this.harm, 0, 1, this.perc, 0, 1, n, this.options.hpss, this.harm, this.perc);
  }

  packInverse(i: number): void {
    this.assertLive();
    const { p, stride } = this;
    const row = 4 * i * stride;
    this.k.packInverse(p.re + row, p.im + row, p.harm + row, p.perc + row, this.nFft >> 1, p.packed);
  }

  overlapAdd(shift: number, from: number, to: number): void {
    this.assertLive();
    const p = this.p;
    this.k.overlapAdd(p.inverse, p.synthesis, from, to, p.accH + 4 * shift, p.accP + 4 * shift);
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (this layer has neither atob nor Buffer). */
function base64Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array((text.length * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < text.length && text[i] !== '='; i++) {
    acc = ((acc << 6) | BASE64.indexOf(text[i])) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (acc >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, n);
}
