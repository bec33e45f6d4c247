/// <reference lib="webworker" />
/**
 * Entry point of the analysis Web Worker: all feature computation and the genre models run here,
 * off the UI thread. The models load once (on 'warm-up' or with the first job) from /models/,
 * on WebGL where the worker has it (OffscreenCanvas) on a GPU, else WASM or the CPU, or on the
 * backend the request names (src/model/backend.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendChoice, type BackendRequest } from '../model/backend.ts';
import { classifyTrack } from '../model/classify.ts';
import { fetchModelSource, loadGenreModels } from '../model/load.ts';
import type { GenreModels } from '../model/types.ts';
import { cnnMelPower } from '../model/features.ts';
import { serveAnalysis, type GenreClassifier } from './analysisService.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';

let loading: Promise<{ models: GenreModels; choice: BackendChoice }> | null = null;

function load(request: BackendRequest = 'auto') {
  loading ??= (async () => {
    const choice = await selectBackend(undefined, { request });
    const models = await loadGenreModels(fetchModelSource(new URL('/models/', self.location.origin).href));
    // One throw-away prediction compiles the backend's kernels (WebGL shaders) before a user waits.
    tf.tidy(() => {
      const [, frames, mels] = models.cnnMeta.input.shape;
      (models.cnn.predict(tf.zeros([1, frames, mels, 1])) as tf.Tensor).dataSync();
      (models.table.predict(tf.zeros([1, models.tableMeta.featureNames.length])) as tf.Tensor).dataSync();
    });
    return { models, choice };
  })();
  loading.catch(() => (loading = null)); // a failed load may be retried by the next job
  return loading;
}

const classifier: GenreClassifier = {
  warm: async (backend) => {
    await load(backend);
  },
  async classify(analysis, pcm, backend) {
    const { models, choice } = await load(backend);
    const f = models.cnnMeta.features;
    const melPower = cnnMelPower(analysis, pcm, f);
    const prediction = await classifyTrack(models, { melPower, tableFeatures: analysis.gtzanFeatures });
    return { prediction, backend: choice.backend, choice };
  },
};

serveAnalysis(self as unknown as MessageEndpoint<WorkerRequest, WorkerEvent>, classifier);
