/** Public types of the genre models (src/model): what the app, the worker and the CLI see. */
import type { LayersModel } from '@tensorflow/tfjs';
import type { Matrix } from '../dsp/matrix.ts';
import type { CnnMetadata, EnsembleMetadata, Genre, TableMetadata } from './metadata.ts';

export type GenreProbabilities = Record<Genre, number>;

/** The loaded models and their metadata; load once, classify many. */
export interface GenreModels {
  cnn: LayersModel;
  cnnMeta: CnnMetadata;
  table: LayersModel;
  tableMeta: TableMetadata;
  ensemble: EnsembleMetadata;
}

export interface ClassifyInput {
  /** The mel power spectrogram (mel bins x frames) computed with cnnMeta.features... */
  melPower?: Matrix;
  /** ...or its log (dB) with cnnMeta.features.db; give one of the two. */
  logMel?: Matrix;
  /** The 57 GTZAN table features in tableMeta.featureNames order; null or absent: CNN only. */
  tableFeatures?: Float64Array | Float32Array | null;
}

export interface TimelineWindow {
  startSec: number;
  endSec: number;
  /** The CNN's view of this window (the table model only sees the whole track). */
  probabilities: GenreProbabilities;
  silent: boolean;
}

export interface GenrePrediction {
  /** Top ensemble genre; null when no music was detected. */
  genre: Genre | null;
  /** The ensemble probability of `genre` (0 when no music was detected). */
  confidence: number;
  /** Every window was below the silence threshold: no genre is claimed. */
  noMusic: boolean;
  /** Shorter than one CNN window (about 3 s): padded, so less reliable. */
  short: boolean;
  /** Ensemble of the two models (uniform when no music was detected). */
  probabilities: GenreProbabilities;
  models: { cnn: GenreProbabilities; table: GenreProbabilities | null };
  /** The weight of the CNN in the ensemble actually applied (1 when the table model had no input). */
  cnnWeight: number;
  timeline: TimelineWindow[];
}
