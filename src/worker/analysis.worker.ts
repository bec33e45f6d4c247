/// <reference lib="webworker" />
/**
 * Entry point of the analysis Web Worker: all feature computation and the genre models run here,
 * off the UI thread. The models load once (on 'warm-up' or with the first job) from /models/,
 * on WebGL where the worker has it (OffscreenCanvas) on a GPU, else WebAssembly (XNNPACK, SIMD,
 * threads where the page is cross-origin isolated) or the CPU, or on the backend the request
 * names (src/model/backend.ts). musicnn and its head load beside the quick models, and a job's
 * quick answer never waits for them. The idle warm-up also runs the engine and the quick models
 * on a synthetic song (src/analysis/warmUp.ts), so that a user's first file is not the one V8
 * compiles the engine on.
 */
import * as tf from '@tensorflow/tfjs-core';
import './tfjsBackends.ts';
import { selectBackend, type BackendChoice, type BackendRequest } from '../model/backend.ts';
import { warmUpEngine } from '../analysis/warmUp.ts';
import { classifyTrack, classifyTrackWithMusicnn } from '../model/classify.ts';
import { DEFAULT_GRID, occlusionMap } from '../model/explain/occlusion.ts';
import { fetchModelSource, loadGenreModels, loadMusicnnModels } from '../model/load.ts';
import type { GenreModels, GenrePrediction, MusicnnModels } from '../model/types.ts';
import { cnnMelPower } from '../model/features.ts';
import { musicnnPatchesFromPcm } from '../model/musicnn/input.ts';
import { runMusicnn, warmMusicnn, type PatchRunner } from '../model/musicnn/predict.ts';
import { Cancelled, serveAnalysis, type GenreClassifier } from './analysisService.ts';
import { PatchSharing, type HelperEvent, type HelperRequest, type SharedJob } from './patchSharing.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';

interface Loaded {
  models: GenreModels;
  choice: BackendChoice;
}

const modelSource = () => fetchModelSource(new URL('/models/', self.location.origin).href);

let loading: Promise<Loaded> | null = null;
let warming: Promise<void> | null = null;
let loadingMusicnn: Promise<MusicnnModels> | null = null;

/** musicnn and its head, loaded once beside the quick models; a failed load is tried again by the next job. */
function loadMusicnnOnce(): Promise<MusicnnModels> {
  loadingMusicnn ??= loadMusicnnModels(modelSource()).then(async (mm) => {
    await warmMusicnn(mm.net);
    return mm;
  });
  loadingMusicnn.catch(() => (loadingMusicnn = null)); // reported with the job that needed it
  return loadingMusicnn;
}

/**
 * The musicnn helper worker, on a CPU backend with a second core to run it: musicnn's patches are
 * then shared between the two (patchSharing.ts). A GPU backend keeps them all here.
 */
let sharing: PatchSharing | null = null;

function startHelper(choice: BackendChoice) {
  if (sharing || choice.backend === 'webgl' || (self.navigator.hardwareConcurrency ?? 1) < 2 || typeof Worker !== 'function') return;
  try {
    const helper = new Worker(new URL('./musicnn.worker.ts', import.meta.url), { type: 'module', name: choice.backend });
    const link = new PatchSharing(helper as unknown as MessageEndpoint<HelperEvent, HelperRequest>);
    helper.addEventListener('error', (e) => {
      e.preventDefault();
      link.lose(e.message);
    });
    sharing = link;
  } catch {
    // no nested workers here: every patch runs in this worker
  }
}

function load(request: BackendRequest = 'auto') {
  loading ??= (async () => {
    const choice = await selectBackend(undefined, { request });
    startHelper(choice);
    void loadMusicnnOnce(); // on the backend just chosen, while the quick models load
    const models = await loadGenreModels(modelSource());
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

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The engine and the quick models run once on the warm-up song; musicnn here and in the helper warm themselves as they load. */
async function warmUp(backend: BackendRequest | undefined): Promise<void> {
  const { models } = await load(backend);
  warming ??= (async () => {
    const { y, analysis } = await warmUpEngine();
    await classifyTrack(models, { melPower: cnnMelPower(analysis, y, models.cnnMeta.features), tableFeatures: analysis.gtzanFeatures });
  })();
  await Promise.all([warming, loadMusicnnOnce(), sharing?.ready]);
}

const classifier: GenreClassifier = {
  warm: warmUp,
  async classify(analysis, pcm, backend, onQuick, progress, refine) {
    const { models, choice } = await load(backend);
    const musicnn = refine ? loadMusicnnOnce() : null;
    const local: PatchRunner = async (p, onPatches) => runMusicnn((await loadMusicnnOnce()).net, p, onPatches);
    const f = models.cnnMeta.features;
    const input = { melPower: cnnMelPower(analysis, pcm, f), tableFeatures: analysis.gtzanFeatures, pcm, sr: analysis.sr };
    const answered: GenrePrediction[] = [];
    // The helper starts with the models, not with the features: started with the job, it slowed
    // the features by as much as it gained (Chromium, 30 s WAV, medians of 6 fresh pages: quick
    // 1.07 against 0.92 s, final 2.07 against 2.11 s). It makes musicnn's patches, this worker does not.
    const shared: SharedJob | null = refine ? (sharing?.begin(pcm, analysis.sr) ?? null) : null;
    try {
      const prediction = await classifyTrackWithMusicnn(
        models,
        musicnn,
        input,
        (quick) => {
          answered.push(quick);
          onQuick({ prediction: quick, backend: choice.backend, choice });
        },
        (done, total) => progress(done / total),
        shared?.sharing(local),
      );
      return { prediction, backend: choice.backend, choice };
    } catch (err) {
      // musicnn failed after the quick answer: that answer stands as the final one (a cancel stays a cancel)
      if (answered.length === 0 || err instanceof Cancelled) throw err;
      return { prediction: { ...answered[0], stage: 'final' }, backend: choice.backend, choice, refineError: message(err) };
    } finally {
      shared?.release();
    }
  },
  // In this thread only: the helper worker computes its patches from the PCM, not masked ones.
  async explain(pcm, sr, genre, backend, progress) {
    await load(backend);
    const mm = await loadMusicnnOnce();
    return occlusionMap(mm, musicnnPatchesFromPcm(pcm, sr, mm.net.meta), genre, DEFAULT_GRID, (done, total) => progress(done / total));
  },
};

serveAnalysis(self as unknown as MessageEndpoint<WorkerRequest, WorkerEvent>, classifier);
