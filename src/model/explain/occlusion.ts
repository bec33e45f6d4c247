/**
 * "Why this genre": an occlusion map of musicnn's genre head over the track's 16 kHz log-mel
 * (Zeiler & Fergus 2014, occlusion sensitivity). Each musicnn patch (187 frames, 3 s) is cut into
 * a grid of cells, a few time cells by a few groups of mel bands; each cell in turn is masked to
 * the patch's mean log-mel value and the patch run again. A cell's evidence is how much the
 * track's head probability of the genre falls when that cell is hidden: the patch's probability
 * drop divided by the patches the track's mean reads (the head's track answer is the mean of its
 * per-patch answers, src/model/classify.ts refineWithMusicnn). Negative evidence: hiding the cell
 * raises the probability (it spoke against the genre).
 *
 * Masked to the patch mean rather than to the log-mel floor (silence): a silent hole is itself a
 * strong cue for musicnn (quiet, sparse music: classical, ambient), so the floor would measure
 * "what if this were silent" more than "what if this were not heard"; the mean keeps the patch's
 * level and is inside the range the network was trained on.
 *
 * Cost: (1 + cells per patch) forward passes for each occluded patch; at most `maxPatches`
 * patches, spread evenly over the track's non-silent ones. Pure: no DOM, runs in the worker and Node.
 */
import { hzToMel, melFrequencies, melToHz } from '../../dsp/core/convert.ts';
import { predictHead } from '../classify.ts';
import { GENRES, type Genre } from '../metadata.ts';
import { patchSilent, type MusicnnPatches } from '../musicnn/input.ts';
import type { MusicnnFeatureConfig } from '../musicnn/metadata.ts';
import { runMusicnn, type PatchProgress } from '../musicnn/predict.ts';
import { patchesInUse } from '../musicnn/track.ts';
import type { MusicnnModels } from '../types.ts';

export interface OcclusionGrid {
  /** Time cells per patch, of equal length (2: 1.5 s each). */
  timeCells: number;
  /** Groups of adjacent mel bands, of equal width on the mel scale. */
  bands: number;
  /** Patches occluded at most; the others get no cells. */
  maxPatches: number;
}

/**
 * 2 x 4 cells a patch: 9 passes a patch, 99 for a 30 s clip (11 patches), about 15 s in Node and
 * 21 s in the page on WebAssembly; 12 patches at most keep a long track near that.
 */
export const DEFAULT_GRID: OcclusionGrid = { timeCells: 2, bands: 4, maxPatches: 12 };

/** One masked region of a patch: frames [frame0, frame1) x mel bands [mel0, mel1). */
export interface OcclusionCell {
  frame0: number;
  frame1: number;
  mel0: number;
  mel1: number;
}

export interface OcclusionMap {
  genre: Genre;
  grid: OcclusionGrid;
  /** Band group edges in Hz, low to high (bands + 1 values: 0 to the network's fmax). */
  bandEdgesHz: number[];
  /** The time cells in the order computed (patch by patch; a tail patch may overlap the one before). */
  times: { startSec: number; endSec: number; patch: number }[];
  /** times x bands: the fall in the track's head probability of `genre` when the cell is masked. */
  evidence: number[][];
  /** The track's patches, those occluded, and the forward passes run. */
  patches: { total: number; occluded: number[] };
  passes: number;
}

/** [start, end) of `parts` near-equal consecutive pieces of 0..n. */
export function splitEvenly(n: number, parts: number): [number, number][] {
  if (!Number.isInteger(parts) || parts < 1 || parts > n) throw new RangeError(`cannot split ${n} into ${parts} parts`);
  return Array.from({ length: parts }, (_, i) => [Math.round((n * i) / parts), Math.round((n * (i + 1)) / parts)]);
}

/** The cells of one patch, time cells outer, bands inner (low to high). */
export function patchCells(frames: number, nMels: number, grid: Pick<OcclusionGrid, 'timeCells' | 'bands'>): OcclusionCell[] {
  const bands = splitEvenly(nMels, grid.bands);
  return splitEvenly(frames, grid.timeCells).flatMap(([frame0, frame1]) => bands.map(([mel0, mel1]) => ({ frame0, frame1, mel0, mel1 })));
}

/**
 * Edges in Hz of mel band groups: the bottom at fmin, the top at fmax, and between two groups
 * where the last filter of one crosses the first of the next (halfway on the mel scale between
 * their centres, the mel points of librosa's filterbank).
 */
export function bandEdgesHz(f: MusicnnFeatureConfig, groups: [number, number][]): number[] {
  const points = melFrequencies({ nMels: f.nMels + 2, fmin: f.fmin, fmax: f.fmax, htk: f.htk });
  const crossing = (band: number) => melToHz((hzToMel(points[band], f.htk) + hzToMel(points[band + 1], f.htk)) / 2, f.htk);
  return [f.fmin, ...groups.slice(1).map(([mel0]) => crossing(mel0)), f.fmax];
}

/** Up to `max` of the patches in use, evenly spread (all of them when there are no more). */
export function patchesToOcclude(use: boolean[], max: number): number[] {
  const inUse = use.flatMap((u, i) => (u ? [i] : []));
  if (inUse.length <= max) return inUse;
  return Array.from({ length: max }, (_, k) => inUse[Math.round((k * (inUse.length - 1)) / Math.max(1, max - 1))]);
}

export function mean(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length ? s / a.length : 0;
}

/**
 * The patch (frames x nMels, time-major) followed by one copy per cell with that cell set to
 * `fill`: 1 + cells patches, as runMusicnn takes them.
 */
export function maskedVariants(patch: Float32Array, frames: number, nMels: number, cells: OcclusionCell[], fill: number): Float32Array {
  const size = frames * nMels;
  if (patch.length !== size) throw new RangeError(`patch has ${patch.length} values, expected ${frames} x ${nMels}`);
  const out = new Float32Array((1 + cells.length) * size);
  out.set(patch);
  cells.forEach((c, k) => {
    const v = out.subarray((k + 1) * size, (k + 2) * size);
    v.set(patch);
    for (let t = c.frame0; t < c.frame1; t++) v.fill(fill, t * nMels + c.mel0, t * nMels + c.mel1);
  });
  return out;
}

/**
 * The occlusion map of `genre` for a track's musicnn patches (musicnnPatchesFromPcm), on `mm`
 * in this thread. `onProgress(done, total)` counts forward passes; throwing there stops the work.
 */
export async function occlusionMap(mm: MusicnnModels, patches: MusicnnPatches, genre: Genre, grid: OcclusionGrid = DEFAULT_GRID, onProgress?: PatchProgress): Promise<OcclusionMap> {
  const { frames, nMels } = patches;
  const g = GENRES.indexOf(genre);
  const k = GENRES.length;
  const f = mm.net.meta.features;
  const frameSec = f.hopLength / f.sampleRateHz;
  const use = patchesInUse(patches.starts.map((_, i) => patchSilent(patches, i)));
  const nUse = use.filter(Boolean).length;
  const chosen = patchesToOcclude(use, grid.maxPatches);
  const timeCells = splitEvenly(frames, grid.timeCells);
  const cells = patchCells(frames, nMels, grid);
  const perPatch = 1 + cells.length;
  const total = chosen.length * perPatch;
  const size = frames * nMels;
  const times: OcclusionMap['times'] = [];
  const evidence: number[][] = [];
  for (const [n, i] of chosen.entries()) {
    const patch = patches.data.subarray(i * size, (i + 1) * size);
    const data = maskedVariants(patch, frames, nMels, cells, mean(patch));
    const variants: MusicnnPatches = { ...patches, data, starts: new Array<number>(perPatch).fill(patches.starts[i]) };
    const outputs = await runMusicnn(mm.net, variants, (done) => onProgress?.(n * perPatch + done, total));
    const probs = await predictHead(mm, outputs);
    const base = probs[g];
    const start = patches.starts[i];
    timeCells.forEach(([t0, t1], t) => {
      const startSec = (start + t0) * frameSec;
      const endSec = Math.min(start + t1, patches.trackFrames) * frameSec;
      if (endSec <= startSec) return; // past the end of a track shorter than one patch
      times.push({ startSec, endSec, patch: i });
      evidence.push(Array.from({ length: grid.bands }, (_, b) => (base - probs[(1 + t * grid.bands + b) * k + g]) / nUse));
    });
  }
  return {
    genre,
    grid,
    bandEdgesHz: bandEdgesHz(f, splitEvenly(nMels, grid.bands)),
    times,
    evidence,
    patches: { total: patches.starts.length, occluded: chosen },
    passes: total,
  };
}
