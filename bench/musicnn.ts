/**
 * musicnn benchmark in Node: `tsx bench/musicnn.ts <backend> <patches> <runs>` prints JSON with
 * the median time per 3 s patch of the network alone (batches as the app runs them) on one tfjs
 * backend ('wasm' or 'cpu'), and the front end (kaiser_best resampling to 16 kHz, mel, float16,
 * log) of a 30 s clip, for the ratio to the engine's own time printed beside it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { musicnnLogMelFromPcm, musicnnPatches } from '../src/model/musicnn/input.ts';
import { loadMusicnn } from '../src/model/musicnn/load.ts';
import { runMusicnn } from '../src/model/musicnn/predict.ts';
import { selectNodeBackend } from '../src/node/backend.ts';
import { fileModelFiles } from '../src/node/modelFiles.ts';
import { syntheticSong } from '../src/analysis/syntheticSong.ts';

const backend = process.argv[2] ?? 'wasm';
const nPatches = Number(process.argv[3] ?? 8);
const runs = Number(process.argv[4] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await selectNodeBackend();
await tf.setBackend(backend);
await tf.ready();
const net = await loadMusicnn(fileModelFiles());
const y = syntheticSong(30);
const frontMs: number[] = [];
let logMel = musicnnLogMelFromPcm(y, 22050, net.meta.features);
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  logMel = musicnnLogMelFromPcm(y, 22050, net.meta.features);
  frontMs.push(performance.now() - t0);
}
const all = musicnnPatches(logMel, net.meta);
const size = all.frames * all.nMels;
const patches = { ...all, starts: all.starts.slice(0, nPatches), data: all.data.slice(0, nPatches * size) };
await runMusicnn(net, { ...patches, starts: patches.starts.slice(0, 1), data: patches.data.slice(0, size) }); // warm-up: kernels, memory
const perPatch: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  await runMusicnn(net, patches);
  perPatch.push((performance.now() - t0) / nPatches);
}
process.stdout.write(JSON.stringify({ backend: tf.getBackend(), patches: nPatches, runs, perPatchMs: median(perPatch), frontEnd30sMs: median(frontMs) }));
