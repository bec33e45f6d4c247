/**
 * A long track's musicnn patches (musicnnPatchesFromPcm): at most MAX_PATCHES, spread evenly over
 * the track, each computed from its own stretch of PCM yet equal to the same patch of the whole
 * track's log-mel; a track that fits gets every patch, as before.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PATCHES, musicnnLogMelFromPcm, musicnnPatches, musicnnPatchesFromPcm } from '../../src/model/musicnn/input.ts';
import { parseMusicnnMetadata } from '../../src/model/musicnn/metadata.ts';
import { defaultModelsDir } from '../../src/node/loadModels.ts';
import { chord, clickTrack, whiteNoise } from '../support/signals.ts';

const meta = parseMusicnnMetadata(JSON.parse(readFileSync(join(defaultModelsDir, 'musicnn', 'msd', 'metadata.json'), 'utf8')));
const SR = 22050;

function signal(seconds: number): Float32Array {
  const y = chord([57, 61, 64], seconds);
  const clicks = clickTrack(100, seconds).y;
  const noise = whiteNoise(seconds, { amplitude: 0.01 });
  for (let i = 0; i < y.length; i++) y[i] += 0.5 * clicks[i] + noise[i] + 0.1 * Math.sin(i * i * 1e-9);
  return y;
}

describe('musicnnPatchesFromPcm', () => {
  it('takes every patch of a track that fits', () => {
    const y = signal(12);
    const whole = musicnnPatches(musicnnLogMelFromPcm(y, SR, meta.features), meta);
    const ours = musicnnPatchesFromPcm(y, SR, meta);
    expect(ours.starts).toEqual(whole.starts);
    expect(ours.data).toEqual(whole.data);
  });

  it("samples a long track evenly, each patch equal to the whole log-mel's patch at that frame", () => {
    const y = signal(40);
    const maxPatches = 4;
    const whole = musicnnLogMelFromPcm(y, SR, meta.features);
    const ours = musicnnPatchesFromPcm(y, SR, meta, maxPatches);
    expect(ours.starts).toHaveLength(maxPatches);
    expect(ours.trackFrames).toBe(whole.cols);
    expect(ours.starts[0]).toBe(0);
    expect(whole.cols - ours.frames - ours.starts[maxPatches - 1]).toBeLessThan(5); // the last reaches the end (to the frame grid)
    const gaps = ours.starts.slice(1).map((s, i) => s - ours.starts[i]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(5);
    const size = ours.frames * ours.nMels;
    const all = musicnnPatches(whole, meta);
    for (const [i, start] of ours.starts.entries()) {
      const expected = musicnnPatches({ ...whole, data: whole.data, cols: whole.cols }, { ...meta, patch: { frames: ours.frames, hopFrames: 1 } }).data.subarray(start * size, (start + 1) * size);
      const got = ours.data.subarray(i * size, (i + 1) * size);
      let worst = 0;
      for (let k = 0; k < size; k++) worst = Math.max(worst, Math.abs(got[k] - expected[k]));
      expect(worst, `patch ${i} at frame ${start}`).toBeLessThan(1e-5);
    }
    expect(all.starts.length).toBeGreaterThan(maxPatches);
  });

  it('caps a ten-minute track at MAX_PATCHES', () => {
    expect(musicnnPatchesFromPcm(new Float32Array(600 * SR), SR, meta).starts).toHaveLength(MAX_PATCHES);
  });
});
