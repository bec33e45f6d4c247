/**
 * The models' metadata files: the one feature configuration of the CNN (read by the dataset
 * builder, the trainer and the inference code, so none can disagree), the table model's
 * standardisation, and the ensemble weight. Parsed from JSON with explicit checks, so a stale or
 * hand-edited file fails loudly instead of silently producing other features.
 */
import { MetadataError, num, numArray, obj, optionalObj, posInt, type Json } from './jsonChecks.ts';

export { MetadataError };

export const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'] as const;
export type Genre = (typeof GENRES)[number];

/** A mel power spectrogram's settings: librosa.feature.melspectrogram's arguments. */
export interface MelSpectrogramConfig {
  sampleRateHz: number;
  nFft: number;
  hopLength: number;
  nMels: number;
  window: 'hann';
  center: boolean;
  padMode: 'constant' | 'reflect' | 'edge';
  fmin: number;
  fmax: number;
  htk: boolean;
  melNorm: 'slaney' | null;
  power: number;
}

/** How the CNN's input is computed from audio: librosa.feature.melspectrogram + power_to_db. */
export interface MelFeatureConfig extends MelSpectrogramConfig {
  /** powerToDb arguments; topDb null so a window's values never depend on the rest of the track. */
  db: { ref: number; amin: number; topDb: number | null };
}

export interface CnnMetadata {
  format: 'genrescope-cnn';
  version: number;
  genres: Genre[];
  features: MelFeatureConfig;
  /** Windowing of the log-mel spectrogram in frames. */
  windowing: { frames: number; hopFrames: number };
  /**
   * The CNN sees mel bands [0, inputMels) only. Most band-limited GTZAN excerpts (and MP3s made at
   * 22.05 kHz) are cut at bands 123-126, and how many are cut depends on the genre; leaving the top
   * bands out keeps the CNN from learning the cut instead of the music.
   */
  inputMels: number;
  /** (logMel - mean) / std, scalars computed on the training windows. */
  normalization: { mean: number; std: number };
  /** The model's input layout: batch x frame x mel (inputMels bands) x channel (time-major, channels_last). */
  input: { layout: 'NTFC'; shape: [null, number, number, 1] };
  /** A window whose loudest mel bin is below this many dB (ref 1) counts as silence. */
  silenceDb: number;
  modelUrl: string;
  training?: Record<string, unknown>;
}

export interface TableMetadata {
  format: 'genrescope-table';
  version: number;
  genres: Genre[];
  /** The GTZAN table's 57 feature names, in the order the model expects them. */
  featureNames: string[];
  /** Applied before standardisation: 'log' maps x to ln(max(x, floor)) (variances are heavy-tailed). */
  transforms: ('identity' | 'log')[];
  logFloor: number;
  mean: number[];
  std: number[];
  modelUrl: string;
  training?: Record<string, unknown>;
}

/** The weights of the three genre models in the final ensemble. */
export interface EnsembleWeights {
  head: number;
  cnn: number;
  table: number;
}

export interface EnsembleMetadata {
  format: 'genrescope-ensemble';
  version: 2;
  /** The quick first answer: p = cnnWeight * p_cnn + (1 - cnnWeight) * p_table (npm run train:ensemble). */
  quick: { cnnWeight: number; selection?: Record<string, unknown> };
  /**
   * The answer once musicnn has run: softmax(log(w . p) / temperature) over the musicnn head, the
   * CNN and the table model (npm run train:head), renormalised over the models that answered.
   */
  final: { weights: EnsembleWeights; temperature: number; selection?: Record<string, unknown> };
}

/**
 * The genre head on musicnn's embedding (public/models/musicnn-head, npm run train:head). Its input
 * per patch: the embedding (embeddingSize values), then log(p / (1 - p)) of the tagCount tags, p
 * clipped to [logitClip, 1 - logitClip].
 */
export interface HeadMetadata {
  format: 'genrescope-musicnn-head';
  version: 1;
  genres: Genre[];
  embeddingSize: number;
  tagCount: number;
  logitClip: number;
  modelUrl: string;
  training?: Record<string, unknown>;
}

export function checkFormat(o: Json, format: string, what: string, version = 1): void {
  if (o.format !== format) throw new MetadataError(`${what}: expected format "${format}", got ${JSON.stringify(o.format)}`);
  if (o.version !== version) throw new MetadataError(`${what}: unsupported version ${JSON.stringify(o.version)}`);
}

function genres(o: Json, what: string): Genre[] {
  const g = o.genres;
  if (!Array.isArray(g) || g.length !== GENRES.length || g.some((x, i) => x !== GENRES[i])) {
    throw new MetadataError(`${what}.genres must be ${GENRES.join(', ')} in that order`);
  }
  return [...GENRES];
}

export function parseMelSpectrogramConfig(v: unknown, what = 'features'): MelSpectrogramConfig {
  const f = obj(v, what);
  if (f.window !== 'hann') throw new MetadataError(`${what}.window must be "hann"`);
  const padMode = f.padMode;
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') throw new MetadataError(`${what}.padMode is not a pad mode`);
  if (f.melNorm !== 'slaney' && f.melNorm !== null) throw new MetadataError(`${what}.melNorm must be "slaney" or null`);
  if (typeof f.center !== 'boolean' || typeof f.htk !== 'boolean') throw new MetadataError(`${what}.center and .htk must be booleans`);
  return {
    sampleRateHz: posInt(f, 'sampleRateHz', what),
    nFft: posInt(f, 'nFft', what),
    hopLength: posInt(f, 'hopLength', what),
    nMels: posInt(f, 'nMels', what),
    window: 'hann',
    center: f.center,
    padMode,
    fmin: num(f, 'fmin', what),
    fmax: num(f, 'fmax', what),
    htk: f.htk,
    melNorm: f.melNorm,
    power: num(f, 'power', what),
  };
}

export function parseMelFeatureConfig(v: unknown): MelFeatureConfig {
  const what = 'features';
  const db = obj(obj(v, what).db, `${what}.db`);
  const topDb = db.topDb;
  if (topDb !== null && (typeof topDb !== 'number' || !(topDb >= 0))) throw new MetadataError(`${what}.db.topDb must be null or >= 0`);
  return {
    ...parseMelSpectrogramConfig(v, what),
    db: { ref: num(db, 'ref', `${what}.db`), amin: num(db, 'amin', `${what}.db`), topDb },
  };
}

export function parseCnnMetadata(v: unknown): CnnMetadata {
  const what = 'cnn metadata';
  const o = obj(v, what);
  checkFormat(o, 'genrescope-cnn', what);
  const features = parseMelFeatureConfig(o.features);
  const w = obj(o.windowing, `${what}.windowing`);
  const n = obj(o.normalization, `${what}.normalization`);
  const input = obj(o.input, `${what}.input`);
  const frames = posInt(w, 'frames', 'windowing');
  const inputMels = posInt(o, 'inputMels', what);
  if (inputMels > features.nMels) throw new MetadataError(`${what}.inputMels (${inputMels}) exceeds features.nMels (${features.nMels})`);
  const std = num(n, 'std', 'normalization');
  if (!(std > 0)) throw new MetadataError('normalization.std must be positive');
  const shape = input.shape;
  if (input.layout !== 'NTFC' || !Array.isArray(shape) || shape[0] !== null || shape[1] !== frames || shape[2] !== inputMels || shape[3] !== 1) {
    throw new MetadataError(`input must be NTFC with shape [null, ${frames}, ${inputMels}, 1]`);
  }
  if (typeof o.modelUrl !== 'string') throw new MetadataError(`${what}.modelUrl must be a string`);
  return {
    format: 'genrescope-cnn',
    version: 1,
    genres: genres(o, what),
    features,
    windowing: { frames, hopFrames: posInt(w, 'hopFrames', 'windowing') },
    inputMels,
    normalization: { mean: num(n, 'mean', 'normalization'), std },
    input: { layout: 'NTFC', shape: [null, frames, inputMels, 1] },
    silenceDb: num(o, 'silenceDb', what),
    modelUrl: o.modelUrl,
    training: optionalObj(o.training, `${what}.training`),
  };
}

export function parseTableMetadata(v: unknown): TableMetadata {
  const what = 'table metadata';
  const o = obj(v, what);
  checkFormat(o, 'genrescope-table', what);
  const names = o.featureNames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((x) => typeof x === 'string')) {
    throw new MetadataError(`${what}.featureNames must be a list of names`);
  }
  const n = names.length;
  const transforms = o.transforms;
  if (!Array.isArray(transforms) || transforms.length !== n || !transforms.every((t) => t === 'identity' || t === 'log')) {
    throw new MetadataError(`${what}.transforms must be ${n} of "identity" | "log"`);
  }
  const std = numArray(o, 'std', n, what);
  if (std.some((s) => !(s > 0))) throw new MetadataError(`${what}.std must be positive`);
  if (typeof o.modelUrl !== 'string') throw new MetadataError(`${what}.modelUrl must be a string`);
  const logFloor = num(o, 'logFloor', what);
  if (!(logFloor > 0)) throw new MetadataError(`${what}.logFloor must be positive`);
  return {
    format: 'genrescope-table',
    version: 1,
    genres: genres(o, what),
    featureNames: names as string[],
    transforms: transforms as ('identity' | 'log')[],
    logFloor,
    mean: numArray(o, 'mean', n, what),
    std,
    modelUrl: o.modelUrl,
    training: optionalObj(o.training, `${what}.training`),
  };
}

function weight(o: Json, key: string, what: string): number {
  const w = num(o, key, what);
  if (w < 0 || w > 1) throw new MetadataError(`${what}.${key} must be in [0, 1]`);
  return w;
}

export function parseEnsembleMetadata(v: unknown): EnsembleMetadata {
  const what = 'ensemble metadata';
  const o = obj(v, what);
  checkFormat(o, 'genrescope-ensemble', what, 2);
  const quick = obj(o.quick, `${what}.quick`);
  const final = obj(o.final, `${what}.final`);
  const w = obj(final.weights, `${what}.final.weights`);
  const weights = { head: weight(w, 'head', 'weights'), cnn: weight(w, 'cnn', 'weights'), table: weight(w, 'table', 'weights') };
  if (Math.abs(weights.head + weights.cnn + weights.table - 1) > 1e-6) throw new MetadataError(`${what}.final.weights must sum to 1`);
  const temperature = num(final, 'temperature', `${what}.final`);
  if (!(temperature > 0)) throw new MetadataError(`${what}.final.temperature must be positive`);
  return {
    format: 'genrescope-ensemble',
    version: 2,
    quick: { cnnWeight: weight(quick, 'cnnWeight', `${what}.quick`), selection: optionalObj(quick.selection, `${what}.quick.selection`) },
    final: { weights, temperature, selection: optionalObj(final.selection, `${what}.final.selection`) },
  };
}

export function parseHeadMetadata(v: unknown): HeadMetadata {
  const what = 'musicnn head metadata';
  const o = obj(v, what);
  checkFormat(o, 'genrescope-musicnn-head', what);
  if (typeof o.modelUrl !== 'string') throw new MetadataError(`${what}.modelUrl must be a string`);
  return {
    format: 'genrescope-musicnn-head',
    version: 1,
    genres: genres(o, what),
    embeddingSize: posInt(o, 'embeddingSize', what),
    tagCount: posInt(o, 'tagCount', what),
    logitClip: num(o, 'logitClip', what),
    modelUrl: o.modelUrl,
    training: optionalObj(o.training, `${what}.training`),
  };
}
