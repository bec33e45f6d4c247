/**
 * Classifying one track in two stages.
 *   quick: from its mel spectrogram (and, when available, its 57 GTZAN table features):
 *          windowing, the CNN per window, silence and short-clip handling, the table model, their
 *          linear pool and the CNN's per-window timeline; the no-music detector's signal checks
 *          per window (src/model/noMusic), so that noise or a tone gets no genre even at first;
 *   final: refineWithMusicnn adds musicnn (tags and taggram) and the genre head on its
 *          embedding, pooled with the other two (ensemble.json "final"), whose per-patch answers
 *          become the timeline; the detector judges again per patch with the embedding, and decides.
 * A track that does not sound like music gets no genre: confidence 0, uniform probabilities (each
 * model's own view stays in `models`) and the reason in plain words.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Matrix } from '../dsp/matrix.ts';
import { GENRES, type EnsembleWeights, type HeadMetadata } from './metadata.ts';
import { logMelFromPower } from './features.ts';
import { cnnWindows } from './windowing.ts';
import { predictCnnWindows, predictTable, tableInput } from './predict.ts';
import { linearPool, logPool, meanRows, toRecord, top, uniform } from './ensemble.ts';
import { musicnnPatchesFromPcm, type MusicnnPatches } from './musicnn/input.ts';
import type { MusicnnSharing, PatchOutputs, PatchProgress, PatchRunner } from './musicnn/predict.ts';
import { musicnnTrack } from './musicnn/track.ts';
import { trackEmbedding } from './custom/embedding.ts';
import { finalNoMusic, quickNoMusic, type WindowsVerdict } from './noMusic/detect.ts';
import { reasonText } from './noMusic/judge.ts';
import type { ClassifyInput, GenreModels, GenrePrediction, MusicnnModels, TimelineWindow } from './types.ts';

function inputLogMel(models: GenreModels, input: ClassifyInput): Matrix {
  if (input.logMel) return input.logMel;
  if (input.melPower) return logMelFromPower(input.melPower, models.cnnMeta.features);
  throw new TypeError('classifyTrack needs melPower or logMel');
}

/** The mel power behind the input: given, or the dB log-mel (power_to_db with ref 1) undone. */
function inputMelPower(models: GenreModels, input: ClassifyInput, logMel: Matrix): Matrix {
  if (input.melPower) return input.melPower;
  const ref = models.cnnMeta.features.db.ref;
  return { rows: logMel.rows, cols: logMel.cols, data: Float32Array.from(logMel.data, (v) => ref * 10 ** (v / 10)) };
}

/** No genre for what does not sound like music: uniform probabilities, the reason in words. */
function noGenre(p: GenrePrediction, verdict: WindowsVerdict): GenrePrediction {
  return { ...p, genre: null, confidence: 0, noMusic: true, noMusicReason: reasonText(verdict.reason ?? 'silence'), probabilities: toRecord(uniform()) };
}

/** A timeline window with the detector's verdict: one that is not music claims no genre either. */
function judged(w: Omit<TimelineWindow, 'noMusic'>, noMusic: boolean): TimelineWindow {
  return { ...w, noMusic, probabilities: noMusic ? toRecord(uniform()) : w.probabilities };
}

const QUICK_ONLY = (cnnWeight: number): EnsembleWeights => ({ head: 0, cnn: cnnWeight, table: 1 - cnnWeight });

export async function classifyTrack(models: GenreModels, input: ClassifyInput): Promise<GenrePrediction> {
  const { cnnMeta, tableMeta } = models;
  const k = GENRES.length;
  const logMel = inputLogMel(models, input);
  const windows = cnnWindows(logMel, cnnMeta);
  const frameSec = cnnMeta.features.hopLength / cnnMeta.features.sampleRateHz;
  const verdict = quickNoMusic(inputMelPower(models, input, logMel), models.cnnMeta.features, windows, models.noMusic);
  const timeline = (probs: Float32Array | null): TimelineWindow[] =>
    windows.starts.map((s, i) => judged({
      startSec: s * frameSec,
      endSec: Math.min(s + windows.frames, logMel.cols) * frameSec,
      probabilities: toRecord(probs && !windows.silent[i] ? probs.subarray(i * k, (i + 1) * k) : uniform()),
      silent: windows.silent[i],
    }, verdict.windows[i] !== null));

  if (windows.silent.every(Boolean)) {
    // nothing above the silence threshold: claim no genre rather than the model's guess on noise floor
    const flat = toRecord(uniform());
    return {
      stage: 'quick', genre: null, confidence: 0, noMusic: true, noMusicReason: reasonText('silence'), short: windows.short, probabilities: flat,
      models: { cnn: flat, table: null, head: null }, weights: QUICK_ONLY(1), timeline: timeline(null), tags: null,
    };
  }

  const windowProbs = await predictCnnWindows(models.cnn, windows, k);
  const cnn = meanRows(windowProbs, k, windows.silent.map((s) => !s));
  const x = input.tableFeatures ? tableInput(input.tableFeatures, tableMeta) : null;
  const table = x ? await predictTable(models.table, x) : null;
  const cnnWeight = table ? models.ensemble.quick.cnnWeight : 1;
  const ensemble = table ? linearPool(cnn, table, cnnWeight) : cnn;
  const best = top(ensemble);
  const answer: GenrePrediction = {
    stage: 'quick',
    genre: best.genre,
    confidence: best.p,
    noMusic: false,
    noMusicReason: null,
    short: windows.short,
    probabilities: toRecord(ensemble),
    models: { cnn: toRecord(cnn), table: table ? toRecord(table) : null, head: null },
    weights: QUICK_ONLY(cnnWeight),
    timeline: timeline(windowProbs),
    tags: null,
  };
  return verdict.noMusic ? noGenre(answer, verdict) : answer;
}

/** The quick stage found nothing but silence: there is nothing for musicnn to hear. */
const allSilent = (p: GenrePrediction) => p.timeline.every((w) => w.silent);

/** The head's input rows (HeadMetadata): each patch's embedding, then its tags' logits; as training/train_head.py head_input. */
export function headInput(outputs: PatchOutputs, meta: HeadMetadata): Float32Array {
  const { embeddingSize: e, tagCount: t, logitClip: clip } = meta;
  const width = e + t;
  const x = new Float32Array(outputs.nPatches * width);
  for (let i = 0; i < outputs.nPatches; i++) {
    x.set(outputs.penultimate.subarray(i * e, (i + 1) * e), i * width);
    for (let j = 0; j < t; j++) {
      const p = Math.min(1 - clip, Math.max(clip, outputs.taggram[i * t + j]));
      x[i * width + e + j] = Math.log(p / (1 - p));
    }
  }
  return x;
}

/** The head's softmax for every patch: nPatches x genres. */
export async function predictHead(mm: MusicnnModels, outputs: PatchOutputs): Promise<Float32Array> {
  const width = mm.headMeta.embeddingSize + mm.headMeta.tagCount;
  const out = tf.tidy(() => mm.head.predict(tf.tensor2d(headInput(outputs, mm.headMeta), [outputs.nPatches, width])) as tf.Tensor);
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/**
 * The final answer: musicnn on the track's 16 kHz log-mel (src/model/musicnn/input.ts), its head
 * per patch (mean over non-silent patches for the track), pooled with the quick answer's models,
 * and the no-music detector on every patch with its embedding, whose verdict replaces the quick
 * one. A track the quick stage found silent stays "no music" without running musicnn.
 */
export async function refineWithMusicnn(models: GenreModels, mm: MusicnnModels, quick: GenrePrediction, patches: MusicnnPatches, onPatches?: PatchProgress, runner?: PatchRunner): Promise<GenrePrediction> {
  if (allSilent(quick)) return { ...quick, stage: 'final' };
  const k = GENRES.length;
  const run = await musicnnTrack(mm.net, patches, onPatches, runner);
  const verdict = finalNoMusic(run.patches, mm.net.meta.features, run.silent, run.outputs, models.noMusic);
  const headProbs = await predictHead(mm, run.outputs);
  const head = meanRows(headProbs, k, run.use);
  const w = models.ensemble.final.weights;
  const present: EnsembleWeights = { head: w.head, cnn: w.cnn, table: quick.models.table ? w.table : 0 };
  const table = quick.models.table;
  const pooled = logPool([head, GENRES.map((g) => quick.models.cnn[g]), table ? GENRES.map((g) => table[g]) : null], [present.head, present.cnn, present.table], models.ensemble.final.temperature);
  const total = present.head + present.cnn + present.table;
  const best = top(pooled);
  const embedding = trackEmbedding(run, mm.net.meta.embeddingSize);
  const answer: GenrePrediction = {
    ...quick,
    stage: 'final',
    genre: best.genre,
    confidence: best.p,
    noMusic: false,
    noMusicReason: null,
    probabilities: toRecord(pooled),
    models: { ...quick.models, head: toRecord(head) },
    weights: { head: present.head / total, cnn: present.cnn / total, table: present.table / total },
    timeline: run.tags.startSec.map((startSec, i) => judged({
      startSec,
      endSec: run.tags.endSec[i],
      probabilities: toRecord(run.silent[i] ? uniform() : headProbs.subarray(i * k, (i + 1) * k)),
      silent: run.silent[i],
    }, verdict.windows[i] !== null)),
    tags: run.tags,
    ...(embedding ? { embedding } : {}),
  };
  return verdict.noMusic ? noGenre(answer, verdict) : answer;
}

/**
 * Both stages on one track: the quick answer (handed to `onQuick` as soon as it exists, e.g. for
 * the page to show) and then the final one from musicnn on the track's PCM (mono at `sr`). musicnn
 * may still be loading: it is awaited only after the quick answer; null makes the quick answer final.
 * `shared` makes musicnn's patches and runs them elsewhere too (the page's helper worker); by
 * default, all here.
 */
export async function classifyTrackWithMusicnn(
  models: GenreModels,
  musicnn: MusicnnModels | Promise<MusicnnModels> | null,
  input: ClassifyInput & { pcm: Float32Array; sr: number },
  onQuick?: (quick: GenrePrediction) => void,
  onPatches?: PatchProgress,
  shared?: MusicnnSharing,
): Promise<GenrePrediction> {
  const quick = await classifyTrack(models, input);
  onQuick?.(quick);
  // nothing for musicnn to hear (even if it failed to load), or no refinement asked for (musicnn null)
  if (allSilent(quick) || !musicnn) return { ...quick, stage: 'final' };
  const mm = await musicnn;
  const here = () => musicnnPatchesFromPcm(input.pcm, input.sr, mm.net.meta);
  const patches = shared?.patches ? await shared.patches(here) : here();
  return refineWithMusicnn(models, mm, quick, patches, onPatches, shared?.runner);
}
