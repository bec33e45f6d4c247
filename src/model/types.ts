/** Public types of the genre models (src/model): what the app, the worker and the CLI see. */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Matrix } from '../dsp/matrix.ts';
import type { CnnMetadata, EnsembleMetadata, EnsembleWeights, Genre, HeadMetadata, TableMetadata } from './metadata.ts';
import type { TagSet } from './musicnn/metadata.ts';
import type { MusicnnNetwork } from './musicnn/network.ts';
import type { NoMusicMetadata } from './noMusic/metadata.ts';

export type GenreProbabilities = Record<Genre, number>;

/** The loaded models and their metadata; load once, classify many. */
export interface GenreModels {
  cnn: LayersModel;
  cnnMeta: CnnMetadata;
  table: LayersModel;
  tableMeta: TableMetadata;
  ensemble: EnsembleMetadata;
  /** The no-music detector's thresholds (both stages) and speech direction (final stage). */
  noMusic: NoMusicMetadata;
}

/** musicnn and the genre head on its embedding: loaded apart from the others, as they refine a first answer. */
export interface MusicnnModels {
  net: MusicnnNetwork;
  head: LayersModel;
  headMeta: HeadMetadata;
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
  /** One model's view of this window: the CNN's (quick answer) or the musicnn head's (final). */
  probabilities: GenreProbabilities;
  silent: boolean;
  /** This window does not sound like music (silence included): its probabilities are uniform. */
  noMusic: boolean;
}

/** What musicnn hears: its tags over the track and per patch (the taggram). */
export interface TagPrediction {
  tagSet: TagSet;
  names: string[];
  /** Per tag, the mean probability over the track's non-silent patches (names order). */
  mean: number[];
  /** Patch start and end times in seconds. */
  startSec: number[];
  endSec: number[];
  /** patches x tags, row-major. */
  taggram: Float32Array;
}

export interface GenrePrediction {
  /** 'quick': the CNN and the table model; 'final': with musicnn's head and tags as well. */
  stage: 'quick' | 'final';
  /** Top ensemble genre; null when it does not sound like music. */
  genre: Genre | null;
  /** The ensemble probability of `genre` (0 when no music was detected). */
  confidence: number;
  /**
   * The track does not sound like music (src/model/noMusic: silence, near silence, noise, tones,
   * hum, sweeps, clicks, speech): no genre is claimed. The quick stage judges from the signal
   * alone; the final stage, with musicnn's embedding, decides.
   */
  noMusic: boolean;
  /** Why, in plain words (e.g. "steady noise with no pitch or rhythm"); null when it is music. */
  noMusicReason: string | null;
  /** Shorter than one CNN window (about 3 s): padded, so less reliable. */
  short: boolean;
  /** Ensemble of the models that answered (uniform when it does not sound like music; `models` still holds each model's view). */
  probabilities: GenreProbabilities;
  models: { cnn: GenreProbabilities; table: GenreProbabilities | null; head: GenreProbabilities | null };
  /** The weights actually applied (renormalised over the models that answered). */
  weights: EnsembleWeights;
  timeline: TimelineWindow[];
  /** musicnn's tags (final stage only). */
  tags: TagPrediction | null;
  /** musicnn's 200-unit embedding, the mean over the track's non-silent patches (final stage with musicnn only): for custom classes and similar tracks. */
  embedding?: Float32Array;
}
