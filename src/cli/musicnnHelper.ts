/**
 * The `genrescope classify` command's musicnn helper thread: when one file runs in the main
 * thread, musicnn's patches are shared with this thread (src/worker/patchSharing.ts, the page's
 * scheme), which makes them from the PCM and runs its share on a second core. It loads only
 * musicnn, on the backend the main thread uses, and says 'ready' once loaded. No warm-up pass:
 * in a one-file command it would only delay the patches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { musicnnPatchesFromPcm } from '../model/musicnn/input.ts';
import { loadMusicnn } from '../model/musicnn/load.ts';
import { runMusicnn } from '../model/musicnn/predict.ts';
import { selectNodeBackend } from '../node/backend.ts';
import { fileModelFiles } from '../node/modelFiles.ts';
import { servePatchHelper, type HelperEvent, type HelperRequest } from '../worker/patchSharing.ts';
import { nodePortEndpoint } from '../node/threadEndpoint.ts';

const { modelsDir } = workerData as { modelsDir: string };
const port = nodePortEndpoint<HelperRequest, HelperEvent>(parentPort!);

const network = (async () => {
  await selectNodeBackend();
  return loadMusicnn(fileModelFiles(modelsDir));
})();
network.then(
  () => port.postMessage({ type: 'ready' }, []),
  () => undefined, // reported with the first patch that needs it ('failed'), and the main thread runs them all
);

servePatchHelper(port, async (pcm, sr) => musicnnPatchesFromPcm(pcm, sr, (await network).meta), async (p) => runMusicnn(await network, p));
