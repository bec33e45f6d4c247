/**
 * Classifying one track from its mel spectrogram (and, when available, its 57 GTZAN table
 * features): windowing, the CNN per window, silence and short-clip handling, the table model,
 * the ensemble, and the per-window timeline.
 */
import type { Matrix } from '../dsp/matrix.ts';
import { GENRES } from './metadata.ts';
import { logMelFromPower } from './features.ts';
import { cnnWindows } from './windowing.ts';
import { predictCnnWindows, predictTable, tableInput } from './predict.ts';
import { linearPool, meanRows, toRecord, top, uniform } from './ensemble.ts';
import type { ClassifyInput, GenreModels, GenrePrediction, TimelineWindow } from './types.ts';

function inputLogMel(models: GenreModels, input: ClassifyInput): Matrix {
  if (input.logMel) return input.logMel;
  if (input.melPower) return logMelFromPower(input.melPower, models.cnnMeta.features);
  throw new TypeError('classifyTrack needs melPower or logMel');
}

export async function classifyTrack(models: GenreModels, input: ClassifyInput): Promise<GenrePrediction> {
  const { cnnMeta, tableMeta } = models;
  const k = GENRES.length;
  const logMel = inputLogMel(models, input);
  const windows = cnnWindows(logMel, cnnMeta);
  const frameSec = cnnMeta.features.hopLength / cnnMeta.features.sampleRateHz;
  const timeline = (probs: Float32Array | null): TimelineWindow[] =>
    windows.starts.map((s, i) => ({
      startSec: s * frameSec,
      endSec: Math.min(s + windows.frames, logMel.cols) * frameSec,
      probabilities: toRecord(probs && !windows.silent[i] ? probs.subarray(i * k, (i + 1) * k) : uniform()),
      silent: windows.silent[i],
    }));

  if (windows.silent.every(Boolean)) {
    // nothing above the silence threshold: claim no genre rather than the model's guess on noise floor
    const flat = toRecord(uniform());
    return {
      genre: null, confidence: 0, noMusic: true, short: windows.short, probabilities: flat,
      models: { cnn: flat, table: null }, cnnWeight: 1, timeline: timeline(null),
    };
  }

  const windowProbs = await predictCnnWindows(models.cnn, windows, k);
  const cnn = meanRows(windowProbs, k, windows.silent.map((s) => !s));
  const x = input.tableFeatures ? tableInput(input.tableFeatures, tableMeta) : null;
  const table = x ? await predictTable(models.table, x) : null;
  const cnnWeight = table ? models.ensemble.cnnWeight : 1;
  const ensemble = table ? linearPool(cnn, table, cnnWeight) : cnn;
  const best = top(ensemble);
  return {
    genre: best.genre,
    confidence: best.p,
    noMusic: false,
    short: windows.short,
    probabilities: toRecord(ensemble),
    models: { cnn: toRecord(cnn), table: table ? toRecord(table) : null },
    cnnWeight,
    timeline: timeline(windowProbs),
  };
}
