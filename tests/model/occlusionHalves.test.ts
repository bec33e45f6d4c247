/**
 * "Why this genre" on real music where the answer is known: a track whose first half is a
 * classical clip and whose second half is a metal clip (6 s each, the parity FLACs of
 * ../shared/data). The occlusion map of "classical" must put its evidence (the positive part) in
 * the first half, that of "metal" in the second. The head gets both clips right on their own
 * (the checks below say so first), so a failure is the map's. Skips without the shared data.
 */
import { beforeAll, expect, it } from 'vitest';
import { occlusionMap, type OcclusionMap } from '../../src/model/explain/occlusion.ts';
import { predictHead } from '../../src/model/classify.ts';
import { GENRES, type Genre } from '../../src/model/metadata.ts';
import { musicnnPatchesFromPcm, type MusicnnPatches } from '../../src/model/musicnn/input.ts';
import { runMusicnn } from '../../src/model/musicnn/predict.ts';
import type { MusicnnModels } from '../../src/model/types.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import { audioPath, describeWithData } from '../support/sharedData.ts';

const sr = 22050;
const HALF_SEC = 6;
/** Evidence share on the right side: measured 0.99 for both genres on 15 s halves. */
const MOSTLY = 0.8;

/** The positive evidence of the map's cells whose middle lies before and after `sec`. */
function evidenceSplit(m: OcclusionMap, sec: number): { before: number; after: number } {
  let before = 0;
  let after = 0;
  m.times.forEach((t, i) => {
    const positive = m.evidence[i].reduce((s, e) => s + Math.max(0, e), 0);
    if ((t.startSec + t.endSec) / 2 < sec) before += positive;
    else after += positive;
  });
  return { before, after };
}

describeWithData('the occlusion map of a two-genre track', () => {
  let mm: MusicnnModels;
  let patches: MusicnnPatches;
  const first: Genre = 'classical';
  const second: Genre = 'metal';

  beforeAll(async () => {
    mm = (await loadModelsFromDisk(undefined, { musicnn: true })).musicnn!;
    const a = (await loadAudioFile(audioPath('classical.00000'), { sr })).y;
    const b = (await loadAudioFile(audioPath('metal.00000'), { sr })).y;
    const n = HALF_SEC * sr;
    const y = new Float32Array(2 * n);
    y.set(a.subarray(0, n));
    y.set(b.subarray(0, n), n);
    patches = musicnnPatchesFromPcm(y, sr, mm.net.meta);
  });

  it('has a head that hears classical in the first half and metal in the second', async () => {
    const probs = await predictHead(mm, await runMusicnn(mm.net, patches));
    const k = GENRES.length;
    patches.starts.forEach((s, i) => {
      const row = Array.from(probs.subarray(i * k, (i + 1) * k));
      const middleSec = ((s + patches.frames / 2) * mm.net.meta.features.hopLength) / mm.net.meta.features.sampleRateHz;
      expect(GENRES[row.indexOf(Math.max(...row))]).toBe(middleSec < HALF_SEC ? first : second);
    });
  });

  it.each([
    [first, 'before'],
    [second, 'after'],
  ] as const)('puts the evidence for %s in its half (%s the join)', async (genre, side) => {
    const m = await occlusionMap(mm, patches, genre);
    const split = evidenceSplit(m, HALF_SEC);
    const share = split[side] / (split.before + split.after);
    expect(share).toBeGreaterThan(MOSTLY);
  });
});
