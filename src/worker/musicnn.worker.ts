/// <reference lib="webworker" />
/**
 * The musicnn helper worker, started by the analysis worker: it runs its share of each track's
 * musicnn patches on a second core (src/worker/patchSharing.ts). It loads only musicnn, on the
 * backend the analysis worker settled on (the worker's name), and takes messages
 * from the start, so nothing sent while the network loads is lost; 'ready' says it is warm.
 */
import * as tf from '@tensorflow/tfjs-core';
import './tfjsBackends.ts';
import { syntheticSong, WARM_UP_SEC } from '../analysis/syntheticSong.ts';
import { ENGINE_SR } from '../input/rules.ts';
import { fetchModelFiles } from '../model/modelFiles.ts';
import { musicnnPatchesFromPcm } from '../model/musicnn/input.ts';
import { loadMusicnn } from '../model/musicnn/load.ts';
import { runMusicnn, warmMusicnn } from '../model/musicnn/predict.ts';
import type { MessageEndpoint } from './protocol.ts';
import { servePatchHelper, type HelperEvent, type HelperRequest } from './patchSharing.ts';

/** The analysis worker names this worker after its backend. */
const backend = self.name || 'wasm';

const network = (async () => {
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start in the musicnn helper`);
  const net = await loadMusicnn(fetchModelFiles(new URL('/models/', self.location.origin).href));
  await warmMusicnn(net);
  musicnnPatchesFromPcm(syntheticSong(WARM_UP_SEC, ENGINE_SR), ENGINE_SR, net.meta); // the front end's first run compiles it
  return net;
})();
network.then(
  () => self.postMessage({ type: 'ready' } satisfies HelperEvent),
  () => undefined, // reported with the first patch that needs it
);

servePatchHelper(
  self as unknown as MessageEndpoint<HelperRequest, HelperEvent>,
  async (pcm, sr) => musicnnPatchesFromPcm(pcm, sr, (await network).meta),
  async (p) => runMusicnn(await network, p),
);
