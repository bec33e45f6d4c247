/**
 * The occlusion map's bookkeeping (src/model/explain/occlusion.ts, summary.ts): the grid, the
 * masks, the band edges, which patches are occluded; then on the network with inputs whose answer
 * is known: a constant patch (every mask changes nothing: evidence exactly 0), one cell re-derived
 * by masking it by hand, the division by the patches in use, progress and stopping, no tensor left.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictHead } from '../../src/model/classify.ts';
import { bandEdgesHz, DEFAULT_GRID, maskedVariants, occlusionMap, patchCells, patchesToOcclude, splitEvenly, type OcclusionMap } from '../../src/model/explain/occlusion.ts';
import { describeEvidence, roundHz, strongestRegion, strongestWindows } from '../../src/model/explain/summary.ts';
import { GENRES } from '../../src/model/metadata.ts';
import { musicnnPatchesFromPcm, type MusicnnPatches } from '../../src/model/musicnn/input.ts';
import { runMusicnn } from '../../src/model/musicnn/predict.ts';
import type { MusicnnModels } from '../../src/model/types.ts';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import { song } from '../support/signals.ts';

describe('the grid and the masks', () => {
  it('splits a patch into near-equal consecutive pieces that cover it', () => {
    expect(splitEvenly(187, 2)).toEqual([[0, 94], [94, 187]]);
    expect(splitEvenly(96, 4)).toEqual([[0, 24], [24, 48], [48, 72], [72, 96]]);
    expect(() => splitEvenly(3, 4)).toThrow(RangeError);
    expect(() => splitEvenly(3, 0)).toThrow(RangeError);
  });

  it('lists a patch\'s cells time cell by time cell, bands low to high', () => {
    const cells = patchCells(10, 6, { timeCells: 2, bands: 3 });
    expect(cells).toHaveLength(6);
    expect(cells[0]).toEqual({ frame0: 0, frame1: 5, mel0: 0, mel1: 2 });
    expect(cells[4]).toEqual({ frame0: 5, frame1: 10, mel0: 2, mel1: 4 });
  });

  it('masks exactly the cell in each variant and keeps the patch itself first', () => {
    const frames = 4;
    const nMels = 6;
    const patch = Float32Array.from({ length: frames * nMels }, (_, i) => i + 1);
    const cells = patchCells(frames, nMels, { timeCells: 2, bands: 3 });
    const v = maskedVariants(patch, frames, nMels, cells, -1);
    expect(v).toHaveLength(7 * frames * nMels);
    expect(v.subarray(0, patch.length)).toEqual(patch);
    cells.forEach((c, k) => {
      const masked = v.subarray((k + 1) * patch.length, (k + 2) * patch.length);
      for (let t = 0; t < frames; t++) {
        for (let m = 0; m < nMels; m++) {
          const inside = t >= c.frame0 && t < c.frame1 && m >= c.mel0 && m < c.mel1;
          expect(masked[t * nMels + m]).toBe(inside ? -1 : patch[t * nMels + m]);
        }
      }
    });
    expect(() => maskedVariants(patch.subarray(1), frames, nMels, cells, 0)).toThrow(RangeError);
  });

  it('puts the band edges at 0 Hz, where neighbouring groups cross, and fmax', () => {
    const f = { sampleRateHz: 16000, nFft: 512, hopLength: 256, nMels: 96, window: 'hann', center: true, padMode: 'reflect', fmin: 0, fmax: 8000, htk: false, melNorm: 'slaney', power: 2, log: { castFloat16: true, scale: 10000, offset: 1 } } as const;
    const edges = bandEdgesHz(f, splitEvenly(96, 4));
    expect(edges).toHaveLength(5);
    expect(edges[0]).toBe(0);
    expect(edges[4]).toBe(8000);
    // Slaney's scale: 45.246 mel up to 8 kHz over 98 points; halfway between points 24 and 25 is 11.43 mel
    // = 762 Hz (linear part), 48/49: 22.62 mel = 1689 Hz, 72/73: 33.82 mel = 3647 Hz (log part: 27 mel per factor 6.4 in Hz)
    expect(edges.slice(1, 4).map(roundHz)).toEqual([760, 1700, 3600]);
  });

  it('occludes every patch in use, or an even spread of them, never a silent one', () => {
    expect(patchesToOcclude([true, false, true, true], 12)).toEqual([0, 2, 3]);
    const use = Array.from({ length: 32 }, (_, i) => i !== 0);
    const chosen = patchesToOcclude(use, 12);
    expect(chosen).toHaveLength(12);
    expect(chosen[0]).toBe(1);
    expect(chosen[11]).toBe(31);
    expect(new Set(chosen).size).toBe(12);
    expect(patchesToOcclude(use, 1)).toEqual([1]);
  });
});

describe('the map in words and the strongest windows', () => {
  const map = (evidence: number[][]): OcclusionMap => ({
    genre: 'jazz',
    grid: { timeCells: 2, bands: 2, maxPatches: 12 },
    bandEdgesHz: [0, 1000, 8000],
    times: evidence.map((_, i) => ({ startSec: 1.5 * i, endSec: 1.5 * (i + 1), patch: Math.floor(i / 2) })),
    evidence,
    patches: { total: 2, occluded: [0, 1] },
    passes: 10,
  });

  it('grows the strongest cell along its band through cells holding half its evidence or more', () => {
    const m = map([[0.01, 0], [0.05, 0.02], [0.1, 0], [0.06, 0.3], [0.2, 0]]);
    expect(strongestRegion(m)).toEqual({ startSec: 4.5, endSec: 6, lowHz: 1000, highHz: 8000, evidence: 0.3 });
    const low = map([[0.01, 0], [0.05, 0], [0.1, 0], [0.06, 0], [0.02, 0]]);
    expect(strongestRegion(low)).toMatchObject({ startSec: 1.5, endSec: 6, lowHz: 0, highHz: 1000 });
    expect(describeEvidence(low)).toBe('jazz: strongest evidence 0:02-0:06, 0-1000 Hz');
  });

  it('says so when hiding any region only raises the probability', () => {
    expect(strongestRegion(map([[-0.1, 0], [0, -0.2]]))).toBeNull();
    expect(describeEvidence(map([[-0.1, 0]]))).toBe('jazz: no region lowers its probability when hidden');
  });

  it('ranks the windows by their probability of the genre, leaving out no-music windows', () => {
    const w = [
      { startSec: 0, endSec: 3, p: 0.4 },
      { startSec: 3, endSec: 6, p: 0.9, noMusic: true },
      { startSec: 6, endSec: 9, p: 0.7 },
      { startSec: 9, endSec: 12, p: 0.5 },
    ];
    expect(strongestWindows(w, 2)).toEqual([{ startSec: 6, endSec: 9, p: 0.7 }, { startSec: 9, endSec: 12, p: 0.5 }]);
  });
});

describe('occlusionMap on musicnn', () => {
  let mm: MusicnnModels;
  const sr = 22050;

  beforeAll(async () => {
    mm = (await loadModelsFromDisk(undefined, { musicnn: true })).musicnn!;
  });

  /** Patches of `n` copies of one patch (frames x nMels values). */
  const repeated = (patch: Float32Array, n: number, like: MusicnnPatches): MusicnnPatches => {
    const data = new Float32Array(n * patch.length);
    for (let i = 0; i < n; i++) data.set(patch, i * patch.length);
    return { ...like, data, starts: Array.from({ length: n }, (_, i) => i * like.frames), trackFrames: n * like.frames, short: false };
  };

  it('finds no evidence in a constant patch: masking it to its mean changes nothing', async () => {
    const like = musicnnPatchesFromPcm(song(3.1), sr, mm.net.meta);
    const constant = new Float32Array(like.frames * like.nMels).fill(1.5);
    const m = await occlusionMap(mm, repeated(constant, 1, like), 'jazz');
    expect(m.passes).toBe(9);
    expect(m.times).toHaveLength(DEFAULT_GRID.timeCells);
    for (const row of m.evidence) expect(row).toEqual([0, 0, 0, 0]);
  });

  it('gives each cell the fall of the track probability when that cell alone is masked by hand', async () => {
    const p = musicnnPatchesFromPcm(song(3.1), sr, mm.net.meta);
    const size = p.frames * p.nMels;
    const patch = p.data.slice(0, size);
    // one patch of the song, then one of silence: only the first is occluded, and the track mean reads it alone
    const track = { ...repeated(patch, 2, p), data: Float32Array.from([...patch, ...new Float32Array(size)]) };
    const genre = 'rock';
    const g = GENRES.indexOf(genre);
    const m = await occlusionMap(mm, track, genre);
    expect(m.patches).toEqual({ total: 2, occluded: [0] });
    expect(m.times.map((t) => t.patch)).toEqual([0, 0]);
    expect(m.times[1].startSec).toBeCloseTo((94 * 256) / 16000, 9);
    // the second time cell's third band: frames 94..187, mel bands 48..72, set to the patch's mean
    const mean = patch.reduce((s, v) => s + v, 0) / size;
    const masked = patch.slice();
    for (let t = 94; t < 187; t++) masked.fill(mean, t * p.nMels + 48, t * p.nMels + 72);
    const both = { ...p, data: Float32Array.from([...patch, ...masked]), starts: [0, 0] };
    const probs = await predictHead(mm, await runMusicnn(mm.net, both));
    expect(m.evidence[1][2]).toBeCloseTo(probs[g] - probs[GENRES.length + g], 5);
    expect(m.evidence.flat().some((e) => e !== 0)).toBe(true);

    // the same patch twice, both in use, one occluded: each cell's share of the track mean halves
    const twice = await occlusionMap(mm, repeated(patch, 2, p), genre, { ...DEFAULT_GRID, maxPatches: 1 });
    expect(twice.patches.occluded).toEqual([0]);
    twice.evidence.flat().forEach((e, i) => expect(e).toBeCloseTo(m.evidence.flat()[i] / 2, 5));
  });

  it('counts its passes as progress, stops where progress throws, and leaves no tensor behind', async () => {
    const p = musicnnPatchesFromPcm(song(3.1), sr, mm.net.meta);
    const grid = { timeCells: 1, bands: 2, maxPatches: 12 };
    await occlusionMap(mm, p, 'pop', grid); // the first call may create backend-owned state
    const before = tf.memory().numTensors;
    const seen: [number, number][] = [];
    await occlusionMap(mm, p, 'pop', grid, (done, total) => {
      seen.push([done, total]);
    });
    expect(seen.at(-1)).toEqual([p.starts.length * 3, p.starts.length * 3]);
    await expect(occlusionMap(mm, p, 'pop', grid, (done) => {
      if (done === 2) throw new Error('stop');
    })).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
  });
});
