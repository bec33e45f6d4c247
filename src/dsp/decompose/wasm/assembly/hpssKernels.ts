/**
 * AssemblyScript source of the HPSS block kernels (compiled by scripts/build-wasm.ts into
 * ../hpssKernelsWasm.ts), the WebAssembly SIMD twins of the JavaScript loops in
 * ../hpssBlock.ts, with bit-identical results (tests/dsp/hpssBlock.test.ts):
 * - per frame: the windowed frame, |STFT| and the complex64 parts from an rfft, the packing of
 *   D * mask_h + i D * mask_p for one inverse FFT, and the overlap-add;
 * - per block: the two soft masks (power 2, margins 1), and the median filters.
 * Float arithmetic follows the JavaScript exactly: float32 products and quotients where numpy
 * computes in float32 (a float64 operation rounded once to float32 is the float32 operation),
 * float64 elsewhere, no fused operations.
 *
 * Medians: scipy.ndimage.median_filter with size 31 and mode='reflect' along time (harmonic)
 * and along frequency (percussive) of a frame-major magnitude block, exactly as the JavaScript
 * SlidingMedian computes it (a selection: no arithmetic touches the values).
 *
 * Keys are non-negative float32 values as int32 bit patterns, which order like the values.
 * Four lines run at once, one per i32x4 lane, through a data-oblivious selection (min/max
 * only, no branches on the data): for 8 consecutive outputs o0 + j, the windows
 * [o0 + j, o0 + j + 31) share the core [o0 + 7, o0 + 31) (three sorted blocks of 8, each sorted
 * once); output j adds the 7 - j keys left of the core and j keys right of it. The rank-15 key
 * of the union of sorted lists comes from kth(A u E, k) = min_i max(A[k - i], E[i - 1]).
 *
 * All pointers are byte offsets into the exported memory (buffers start 16-byte aligned; rows
 * and frames within them need not be, which WebAssembly allows); one slot is a v128 (4 lanes).
 * The memory layout is the caller's (src/dsp/decompose/hpssBlockWasm.ts).
 */

const SLOT: usize = 16;
const W: i32 = 31;
const HALF: i32 = 15;

// scratch layout, in slots from the scratch pointer
const SORTED: i32 = 0; // 4 blocks x 8: sorted core blocks, ring indexed by block number & 3
const MERGED: i32 = 32; // 16: the first two core blocks merged
const CORE: i32 = 48; // 8: ranks 8..15 of the 24-key core
const SUFFIX: i32 = 56; // 8 x 8: L_j = sorted keys o0 + j .. o0 + 6 at SUFFIX + 8 * j
const PREFIX: i32 = 120; // 8 x 8: R_j = sorted keys o0 + 31 .. o0 + 30 + j at PREFIX + 8 * j
const PARTIAL: i32 = 184; // 8: ranks 15 - j .. 15 of core u L_j
export const SCRATCH_SLOTS: i32 = 192;

@inline function slot(base: usize, i: i32): usize {
  return base + (<usize>i) * SLOT;
}

@inline function get(base: usize, i: i32): v128 {
  return v128.load(slot(base, i));
}

@inline function put(base: usize, i: i32, v: v128): void {
  v128.store(slot(base, i), v);
}

@inline function exchange(base: usize, a: i32, b: i32): void {
  const x = get(base, a);
  const y = get(base, b);
  put(base, a, i32x4.min_s(x, y));
  put(base, b, i32x4.max_s(x, y));
}

// Batcher's odd-even merge sort networks as comparator pairs: a full sort of 8, and the merge of
// two sorted halves of 16
const SORT8 = memory.data<u8>([0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 1, 3, 4, 6, 5, 7, 1, 2, 5, 6, 0, 4, 1, 5, 2, 6, 3, 7, 2, 4, 3, 5, 1, 2, 3, 4, 5, 6]);
const MERGE16 = memory.data<u8>([0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15, 4, 8, 5, 9, 6, 10, 7, 11, 2, 4, 3, 5, 6, 8, 7, 9, 10, 12, 11, 13, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

function network(base: usize, pairs: usize, count: i32): void {
  for (let c = 0; c < count; c++) {
    const p = pairs + (<usize>c) * 2;
    exchange(base, load<u8>(p), load<u8>(p + 1));
  }
}

/** Sorts the 8 slots from ext slot `from` into dst (8 slots). */
function sortBlock(ext: usize, from: i32, dst: usize): void {
  for (let i = 0; i < 8; i++) put(dst, i, get(ext, from + i));
  network(dst, SORT8, 19);
}

/** dst[0..n] = sorted a[0..n) with x inserted (oblivious: dst[i] = max(a[i - 1], min(a[i], x))). */
@inline function insertSorted(a: usize, n: i32, x: v128, dst: usize): void {
  if (n == 0) {
    put(dst, 0, x);
    return;
  }
  put(dst, 0, i32x4.min_s(get(a, 0), x));
  for (let i = 1; i < n; i++) put(dst, i, i32x4.max_s(get(a, i - 1), i32x4.min_s(get(a, i), x)));
  put(dst, n, i32x4.max_s(get(a, n - 1), x));
}

/**
 * Sliding rank-15 of 31 over 4 lanes: out[o] = median of ext[o .. o + 31) for o < count.
 * ext must hold roundUp8(count) + 38 readable slots; out roundUp8(count) writable slots.
 */
export function median31(ext: usize, count: i32, out: usize, scratch: usize): void {
  const sorted = slot(scratch, SORTED);
  const merged = slot(scratch, MERGED);
  const core = slot(scratch, CORE);
  const suffix = slot(scratch, SUFFIX);
  const prefix = slot(scratch, PREFIX);
  const partial = slot(scratch, PARTIAL);
  // core block b covers ext slots [7 + 8b, 15 + 8b)
  sortBlock(ext, 7, slot(sorted, 0));
  sortBlock(ext, 15, slot(sorted, 8));
  for (let m = 0; m * 8 < count; m++) {
    const o0 = m * 8;
    const s0 = slot(sorted, (m & 3) * 8);
    const s1 = slot(sorted, ((m + 1) & 3) * 8);
    const s2 = slot(sorted, ((m + 2) & 3) * 8);
    sortBlock(ext, o0 + 23, s2);
    // merged = s0 u s1 (16 sorted), then ranks 8..15 of merged u s2
    for (let i = 0; i < 8; i++) {
      put(merged, i, get(s0, i));
      put(merged, 8 + i, get(s1, i));
    }
    network(merged, MERGE16, 25);
    for (let r = 8; r < 16; r++) {
      let best = get(merged, r);
      for (let i = 1; i <= 8; i++) best = i32x4.min_s(best, i32x4.max_s(get(merged, r - i), get(s2, i - 1)));
      put(core, r - 8, best);
    }
    // left extras: L_6 = {x6}, L_j = L_{j+1} + x_j; right extras: R_0 = {}, R_{j+1} = R_j + y_j
    put(slot(suffix, 48), 0, get(ext, o0 + 6));
    for (let j = 5; j >= 0; j--) insertSorted(slot(suffix, 8 * (j + 1)), 6 - j, get(ext, o0 + j), slot(suffix, 8 * j));
    for (let j = 0; j < 7; j++) insertSorted(slot(prefix, 8 * j), j, get(ext, o0 + W + j), slot(prefix, 8 * (j + 1)));
    for (let j = 0; j < 8; j++) {
      const left = slot(suffix, 8 * j);
      const nLeft = 7 - j;
      const right = slot(prefix, 8 * j);
      // ranks 15 - j .. 15 of core u L_j (core holds ranks 8..15, at core[r - 8])
      for (let r = HALF - j; r <= HALF; r++) {
        let best = get(core, r - 8);
        for (let i = 1; i <= nLeft; i++) best = i32x4.min_s(best, i32x4.max_s(get(core, r - 8 - i), get(left, i - 1)));
        put(partial, r - (HALF - j), best);
      }
      // rank 15 of (core u L_j) u R_j
      let med = get(partial, j);
      for (let i = 1; i <= j; i++) med = i32x4.min_s(med, i32x4.max_s(get(partial, j - i), get(right, i - 1)));
      put(out, o0 + j, med);
    }
  }
}

/** scipy.ndimage 'reflect' source index for position i of a line of n (d c b a | a b c d | d c b a). */
@inline function reflect(i: i32, n: i32): i32 {
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

const SIGN_OFF = i32x4.splat(0x7fffffff);

/**
 * Harmonic medians (along time) of a frame-major block: for each group of 4 bins k < nBins,
 * line position p < count + 30 reads the slot at mag + frameOffsets[p] + 4k (frameOffsets: byte
 * offsets of the extended frames, scipy's reflection already applied), and output frame i goes
 * to harm + (i * stride + k) * 4. With rows != 0, the block's own magnitudes are also written
 * bin-major: rows[(k + l) * count + i].
 */
export function harmonicMedians(mag: usize, frameOffsets: usize, stride: i32, nBins: i32, count: i32, harm: usize, rows: usize, ext: usize, out: usize, scratch: usize): void {
  const span = count + W - 1;
  const padded = ((count + 7) & ~7) + 38;
  const zero = i32x4.splat(0);
  for (let k = 0; k < nBins; k += 4) {
    const col = mag + (<usize>k) * 4;
    for (let p = 0; p < span; p++) put(ext, p, v128.and(v128.load(col + <usize>load<i32>(frameOffsets + (<usize>p) * 4)), SIGN_OFF));
    for (let p = span; p < padded; p++) put(ext, p, zero);
    median31(ext, count, out, scratch);
    for (let i = 0; i < count; i++) v128.store(harm + (<usize>(i * stride + k)) * 4, get(out, i));
    if (rows != 0) {
      const lanes = min(4, nBins - k);
      for (let l = 0; l < lanes; l++) {
        const row = rows + (<usize>((k + l) * count)) * 4;
        for (let i = 0; i < count; i++) store<i32>(row + (<usize>i) * 4, load<i32>(slot(ext, HALF + i) + (<usize>l) * 4));
      }
    }
  }
}

/** Transposes the 4x4 block of rows a0..a3 and stores its columns at dst + i * step, i < 4. */
@inline function transposeStore(a0: v128, a1: v128, a2: v128, a3: v128, dst: usize, step: usize): void {
  const t0 = v128.shuffle<i32>(a0, a1, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(a0, a1, 2, 6, 3, 7);
  const t2 = v128.shuffle<i32>(a2, a3, 0, 4, 1, 5);
  const t3 = v128.shuffle<i32>(a2, a3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i64>(t0, t2, 0, 2));
  v128.store(dst + step, v128.shuffle<i64>(t0, t2, 1, 3));
  v128.store(dst + 2 * step, v128.shuffle<i64>(t1, t3, 0, 2));
  v128.store(dst + 3 * step, v128.shuffle<i64>(t1, t3, 1, 3));
}

/**
 * Percussive medians (along frequency) of frames [first, first + count) of a frame-major block
 * (frame f's bins at mag + f * stride * 4), 4 frames at a time (lanes), into perc (frame i of the
 * block at perc + i * stride * 4). Rows up to first + roundUp4(count) must be readable, and
 * roundUp4(count) rows of perc writable; stride >= roundUp4(nBins).
 */
export function percussiveMedians(mag: usize, stride: i32, nBins: i32, first: i32, count: i32, perc: usize, ext: usize, out: usize, scratch: usize): void {
  const rowBytes = (<usize>stride) * 4;
  const padded = ((nBins + 7) & ~7) + 38;
  const zero = i32x4.splat(0);
  for (let f = 0; f < count; f += 4) {
    const r0 = mag + (<usize>(first + f)) * rowBytes;
    // 4x4 transposes: slot HALF + b holds bin b of the 4 frames
    for (let b = 0; b < nBins; b += 4) {
      const off = (<usize>b) * 4;
      const a0 = v128.and(v128.load(r0 + off), SIGN_OFF);
      const a1 = v128.and(v128.load(r0 + rowBytes + off), SIGN_OFF);
      const a2 = v128.and(v128.load(r0 + 2 * rowBytes + off), SIGN_OFF);
      const a3 = v128.and(v128.load(r0 + 3 * rowBytes + off), SIGN_OFF);
      transposeStore(a0, a1, a2, a3, slot(ext, HALF + b), SLOT);
    }
    // scipy's reflection at both ends (the tail overwrites the transposes' padding bins)
    for (let i = 1; i <= HALF; i++) put(ext, HALF - i, get(ext, HALF + reflect(-i, nBins)));
    for (let i = 0; i < HALF; i++) put(ext, HALF + nBins + i, get(ext, HALF + reflect(nBins + i, nBins)));
    for (let p = nBins + W - 1; p < padded; p++) put(ext, p, zero);
    median31(ext, nBins, out, scratch);
    const d0 = perc + (<usize>f) * rowBytes;
    for (let b = 0; b < nBins; b += 4) {
      transposeStore(get(out, b), get(out, b + 1), get(out, b + 2), get(out, b + 3), d0 + (<usize>b) * 4, rowBytes);
    }
  }
}

/** First byte after the kernel's static data: where the caller's buffers may start. */
export function heapBase(): usize {
  return __heap_base;
}

/** frame[i] = win[i] * seg[i] for i < nFft (even): float64 window times float32 samples. */
export function windowFrame(seg: usize, win: usize, nFft: i32, frame: usize): void {
  for (let i = 0; i < nFft; i += 2) {
    const x = f64x2.promote_low_f32x4(v128.load64_zero(seg + (<usize>i) * 4));
    v128.store(frame + (<usize>i) * 8, f64x2.mul(v128.load(win + (<usize>i) * 8), x));
  }
}

@inline function toFloat32(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

/**
 * From an rfft (interleaved float64 re, im; nBins bins): mag[k] = |X_k| as numpy's abs of the
 * complex64 value (float32 parts, hypot in float64, rounded to float32); with re != 0 also the
 * float32 parts.
 */
export function storeSpectrum(spec: usize, nBins: i32, mag: usize, re: usize, im: usize): void {
  let k = 0;
  for (; k + 2 <= nBins; k += 2) {
    const v0 = toFloat32(v128.load(spec + (<usize>k) * 16));
    const v1 = toFloat32(v128.load(spec + (<usize>k) * 16 + 16));
    const xr = v128.shuffle<f64>(v0, v1, 0, 2);
    const xi = v128.shuffle<f64>(v0, v1, 1, 3);
    const m = f64x2.sqrt(f64x2.add(f64x2.mul(xr, xr), f64x2.mul(xi, xi)));
    v128.store64_lane(mag + (<usize>k) * 4, f32x4.demote_f64x2_zero(m), 0);
    if (re != 0) {
      v128.store64_lane(re + (<usize>k) * 4, f32x4.demote_f64x2_zero(xr), 0);
      v128.store64_lane(im + (<usize>k) * 4, f32x4.demote_f64x2_zero(xi), 0);
    }
  }
  for (; k < nBins; k++) {
    const xr = <f64><f32>load<f64>(spec + (<usize>k) * 16);
    const xi = <f64><f32>load<f64>(spec + (<usize>k) * 16 + 8);
    store<f32>(mag + (<usize>k) * 4, <f32>Math.sqrt(xr * xr + xi * xi));
    if (re != 0) {
      store<f32>(re + (<usize>k) * 4, <f32>xr);
      store<f32>(im + (<usize>k) * 4, <f32>xi);
    }
  }
}

const TINY = f32x4.splat(1.1754943508222875e-38);
const HALF_MASK = f32x4.splat(0.5);

/**
 * librosa's soft masks with power 2 and margins 1, in place over n values (n a multiple of 4):
 * harm[i], perc[i] (the medians) become mask_h, mask_p; both 0.5 where max(h, p) < float32 tiny.
 */
export function softMasks(harm: usize, perc: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const at = (<usize>i) * 4;
    const h = v128.load(harm + at);
    const p = v128.load(perc + at);
    const z = f32x4.pmax(h, p);
    const bad = f32x4.lt(z, TINY);
    const a = f32x4.div(h, z);
    const b = f32x4.div(p, z);
    const a2 = f32x4.mul(a, a);
    const b2 = f32x4.mul(b, b);
    const s = f32x4.add(a2, b2);
    v128.store(harm + at, v128.bitselect(HALF_MASK, f32x4.div(a2, s), bad));
    v128.store(perc + at, v128.bitselect(HALF_MASK, f32x4.div(b2, s), bad));
  }
}

@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 2, 3));
}

/** Stores (a, b) of lane `lane` as the float64 pair at p. */
@inline function storePair(p: usize, a: v128, b: v128, lane: i32): void {
  v128.store(p, lane == 0 ? v128.shuffle<f64>(a, b, 0, 2) : v128.shuffle<f64>(a, b, 1, 3));
}

/**
 * Packs conj(H + iP) for one inverse complex FFT of size 2 * half, from the frame's complex64
 * STFT (re, im) and masks (mh, mp): H = D * mh and P = D * mp in float32, then
 * packed[k] = (hr - pi, -(hi + pr)) and packed[n - k] = (hr + pi, hi - pr) in float64; at DC
 * and Nyquist the imaginary parts count as +0, as irfft ignores them.
 */
export function packInverse(re: usize, im: usize, mh: usize, mp: usize, half: i32, packed: usize): void {
  const n = 2 * half;
  const hr0 = <f64>(load<f32>(re) * load<f32>(mh));
  const pr0 = <f64>(load<f32>(re) * load<f32>(mp));
  store<f64>(packed, hr0);
  store<f64>(packed + 8, -(0 + pr0));
  const hrN = <f64>(load<f32>(re + (<usize>half) * 4) * load<f32>(mh + (<usize>half) * 4));
  const prN = <f64>(load<f32>(re + (<usize>half) * 4) * load<f32>(mp + (<usize>half) * 4));
  store<f64>(packed + (<usize>half) * 16, hrN);
  store<f64>(packed + (<usize>half) * 16 + 8, -(0 + prN));
  let k = 1;
  for (; k + 4 <= half; k += 4) {
    const at = (<usize>k) * 4;
    const xr = v128.load(re + at);
    const xi = v128.load(im + at);
    const h = v128.load(mh + at);
    const q = v128.load(mp + at);
    const hr = f32x4.mul(xr, h);
    const pr = f32x4.mul(xr, q);
    const hi = f32x4.mul(xi, h);
    const pi = f32x4.mul(xi, q);
    for (let part = 0; part < 2; part++) {
      const HR = part == 0 ? f64x2.promote_low_f32x4(hr) : promoteHigh(hr);
      const PR = part == 0 ? f64x2.promote_low_f32x4(pr) : promoteHigh(pr);
      const HI = part == 0 ? f64x2.promote_low_f32x4(hi) : promoteHigh(hi);
      const PI = part == 0 ? f64x2.promote_low_f32x4(pi) : promoteHigh(pi);
      const a = f64x2.sub(HR, PI);
      const b = f64x2.neg(f64x2.add(HI, PR));
      const c = f64x2.add(HR, PI);
      const d = f64x2.sub(HI, PR);
      const k0 = k + 2 * part;
      storePair(packed + (<usize>k0) * 16, a, b, 0);
      storePair(packed + (<usize>(k0 + 1)) * 16, a, b, 1);
      storePair(packed + (<usize>(n - k0)) * 16, c, d, 0);
      storePair(packed + (<usize>(n - k0 - 1)) * 16, c, d, 1);
    }
  }
  for (; k < half; k++) {
    const at = (<usize>k) * 4;
    const xr = load<f32>(re + at);
    const xi = load<f32>(im + at);
    const HR = <f64>(xr * load<f32>(mh + at));
    const PR = <f64>(xr * load<f32>(mp + at));
    const HI = <f64>(xi * load<f32>(mh + at));
    const PI = <f64>(xi * load<f32>(mp + at));
    store<f64>(packed + (<usize>k) * 16, HR - PI);
    store<f64>(packed + (<usize>k) * 16 + 8, -(HI + PR));
    store<f64>(packed + (<usize>(n - k)) * 16, HR + PI);
    store<f64>(packed + (<usize>(n - k)) * 16 + 8, HI - PR);
  }
}

/**
 * Overlap-add of one inverse frame: for i in [from, to), accH[i] += wSynth[i] * re(inverse[i])
 * and accP[i] -= wSynth[i] * im(inverse[i]), each sum in float64 rounded to float32 (accH and
 * accP point at the frame's first sample).
 */
export function overlapAdd(inverse: usize, wSynth: usize, from: i32, to: i32, accH: usize, accP: usize): void {
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const v0 = v128.load(inverse + (<usize>i) * 16);
    const v1 = v128.load(inverse + (<usize>i) * 16 + 16);
    const w = v128.load(wSynth + (<usize>i) * 8);
    const h = f64x2.mul(w, v128.shuffle<f64>(v0, v1, 0, 2));
    const p = f64x2.mul(w, v128.shuffle<f64>(v0, v1, 1, 3));
    const ah = f64x2.promote_low_f32x4(v128.load64_zero(accH + (<usize>i) * 4));
    const ap = f64x2.promote_low_f32x4(v128.load64_zero(accP + (<usize>i) * 4));
    v128.store64_lane(accH + (<usize>i) * 4, f32x4.demote_f64x2_zero(f64x2.add(ah, h)), 0);
    v128.store64_lane(accP + (<usize>i) * 4, f32x4.demote_f64x2_zero(f64x2.sub(ap, p)), 0);
  }
  for (; i < to; i++) {
    const w = load<f64>(wSynth + (<usize>i) * 8);
    store<f32>(accH + (<usize>i) * 4, <f32>(<f64>load<f32>(accH + (<usize>i) * 4) + w * load<f64>(inverse + (<usize>i) * 16)));
    store<f32>(accP + (<usize>i) * 4, <f32>(<f64>load<f32>(accP + (<usize>i) * 4) - w * load<f64>(inverse + (<usize>i) * 16 + 8)));
  }
}
