/**
 * `genrescope classify [--json] [--jobs N] [--models <dir>] <audio files...>`: each file's genre from the
 * final ensemble of the musicnn genre head, the log-mel CNN and the feature-table model
 * (public/models), loaded once. Text: one line per file, `file<TAB>genre<TAB>confidence[<TAB>(notes)]`.
 * --json: an array with one object per file: { file, genre, confidence, probabilities (ensemble),
 * models: { head, cnn, table }, weights, timeline: [{ start, end, probabilities }] (seconds, the
 * musicnn head's view of each 3 s patch), tags: { msd: { tag: mean probability } }, short, noMusic,
 * warnings: [{ code, message }] (src/input) }; with --custom model.json (written by `genrescope teach`)
 * also custom: { class, probabilities } from the user's own classes, and the class and its
 * probability as two more columns of the text line. A file that cannot be read or decoded gets a one-line
 * error on stderr; the others still run and the exit status is 1. Several files run on --jobs
 * worker threads (default: one per core).
 */
import { readFileSync } from 'node:fs';
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import type { TrackAnalysis } from '../analysis/types.ts';
import { classifyTrackWithMusicnn } from '../model/classify.ts';
import { embeddingId } from '../model/custom/embeddingId.ts';
import { checkEmbedding, parseCustomModel, predictCustom, type CustomModel } from '../model/custom/modelFile.ts';
import { cnnMelPower } from '../model/features.ts';
import type { EnsembleWeights } from '../model/metadata.ts';
import type { GenreModels, GenrePrediction, GenreProbabilities, MusicnnModels, TagPrediction } from '../model/types.ts';
import type { InputWarning } from '../input/rules.ts';
import { defaultModelsDir, loadModelsFromDisk } from '../node/loadModels.ts';
import { positiveIntOption, requireFiles, stringOption, UsageError, type CommandArgs } from './args.ts';
import { fsReason } from './fileErrors.ts';
import { describeVerdict } from '../model/verdict.ts';
import { loadInput } from './loadInput.ts';
import type { MusicnnHelper } from './musicnnHelperThread.ts';
import { runMusicnn } from '../model/musicnn/predict.ts';
import { runAndPrint, type FileProcessor, type ProcessorOptions } from './runFiles.ts';

export interface ClassifyJson {
  file: string;
  genre: string | null;
  confidence: number;
  probabilities: GenreProbabilities;
  models: { head: GenreProbabilities | null; cnn: GenreProbabilities; table: GenreProbabilities | null };
  weights: EnsembleWeights;
  timeline: { start: number; end: number; probabilities: GenreProbabilities; noMusic: boolean }[];
  /** Per tag set, each tag's mean probability over the track (null for silence). */
  tags: { msd: Record<string, number> } | null;
  short: boolean;
  noMusic: boolean;
  /** Why it does not sound like music, in plain words; null when it does. */
  noMusicReason: string | null;
  /** The answer in words, as the page shows it (src/model/verdict.ts): "Rock or country", where the genre changes... */
  verdict: string;
  /** Stretches of one genre along the track (more than one: the genre changes). */
  segments: { genre: string; start: number; end: number }[];
  warnings: InputWarning[];
  /** With --custom: the user's own class (null where no music was detected). */
  custom?: CustomPrediction | null;
}

export type CustomPrediction = ReturnType<typeof predictCustom>;

export interface ClassifiedFile {
  prediction: GenrePrediction;
  warnings: InputWarning[];
  custom?: CustomPrediction | null;
}

/** A custom model file, read and checked: a UsageError names what is wrong with it. */
export function readCustomModel(path: string): CustomModel {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the custom model ${path}: ${fsReason(err)}`);
  }
  try {
    return parseCustomModel(JSON.parse(text));
  } catch (err) {
    throw new UsageError(`${path} is not a custom model: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Analyse (mel spectrogram + the 57 table features, one STFT) and classify mono PCM at the models'
 * rate, musicnn included; its patches shared with `helper`'s thread where given.
 */
export async function classifyPcm(models: GenreModels, musicnn: MusicnnModels, y: Float32Array, helper?: MusicnnHelper | null): Promise<GenrePrediction> {
  const f = models.cnnMeta.features;
  // The helper starts on the PCM at once: no quick answer waits here, unlike the page's (src/worker/analysis.worker.ts).
  const shared = helper?.begin((p, onPatches) => runMusicnn(musicnn.net, p, onPatches), y, f.sampleRateHz);
  let analysis: TrackAnalysis | null = null;
  try {
    analysis = await analyzeTrack(y, { sr: f.sampleRateHz });
  } catch {
    // the table features need a few frames of audio; without them the CNN still answers alone
  }
  try {
    return await classifyTrackWithMusicnn(models, musicnn, { melPower: cnnMelPower(analysis, y, f), tableFeatures: analysis?.gtzanFeatures ?? null, pcm: y, sr: f.sampleRateHz }, undefined, undefined, shared?.sharing);
  } finally {
    shared?.release();
  }
}

/**
 * Decode, analyse and classify one file (classifyPcm); with a custom model, its class from the
 * track's embedding too (the one the genre's final stage computed).
 */
export async function classifyFile(models: GenreModels, musicnn: MusicnnModels, file: string, custom?: CustomModel, helper?: MusicnnHelper | null): Promise<ClassifiedFile> {
  const { y, warnings } = await loadInput(file, models.cnnMeta.features.sampleRateHz);
  const prediction = await classifyPcm(models, musicnn, y, helper);
  if (!custom) return { prediction, warnings };
  const embedding = prediction.noMusic ? null : (prediction.embedding ?? null);
  return { prediction, warnings, custom: embedding ? predictCustom(custom, embedding) : null };
}

function round<K extends string>(p: Record<K, number>, digits = 4): Record<K, number> {
  const out = { ...p };
  for (const k of Object.keys(out) as K[]) out[k] = Number(out[k].toFixed(digits));
  return out;
}

/** { tag: mean probability } in the network's tag order. */
export function tagRecord(t: TagPrediction, digits = 4): Record<string, number> {
  return Object.fromEntries(t.names.map((name, i) => [name, Number(t.mean[i].toFixed(digits))]));
}

export function toJson(file: string, { prediction: r, warnings, custom }: ClassifiedFile): ClassifyJson {
  const verdict = describeVerdict(r);
  return {
    file,
    genre: r.genre,
    confidence: Number(r.confidence.toFixed(4)),
    probabilities: round(r.probabilities),
    models: { head: r.models.head ? round(r.models.head) : null, cnn: round(r.models.cnn), table: r.models.table ? round(r.models.table) : null },
    weights: round(r.weights, 3),
    timeline: r.timeline.map((w) => ({ start: Number(w.startSec.toFixed(3)), end: Number(w.endSec.toFixed(3)), probabilities: round(w.probabilities), noMusic: w.noMusic })),
    tags: r.tags ? { [r.tags.tagSet]: tagRecord(r.tags) } as { msd: Record<string, number> } : null,
    short: r.short,
    noMusic: r.noMusic,
    noMusicReason: r.noMusicReason,
    verdict: verdict.text,
    segments: verdict.segments.map((s) => ({ genre: s.genre, start: Number(s.startSec.toFixed(3)), end: Number(s.endSec.toFixed(3)) })),
    warnings,
    ...(custom === undefined ? {} : { custom: custom && { class: custom.class, probabilities: round(custom.probabilities) } }),
  };
}

/** A warning's few words for the text line's notes. */
const NOTE: Record<InputWarning['code'], string> = {
  'narrow-band': 'narrow band',
  clipping: 'heavy clipping',
  'low-level': 'very low level',
  downmixed: 'downmixed from more than 2 channels',
  short: 'short clip',
  cut: 'first 10 minutes only',
  truncated: 'truncated',
};

function textLine(file: string, { prediction: r, warnings, custom }: ClassifiedFile): string {
  const verdict = describeVerdict(r);
  // the words where they say more than the genre column: "Rock or country", a change of genre
  const said = !r.noMusic && (verdict.genres.length > 1 || verdict.segments.length > 1) ? verdict.text : '';
  const notes = [said, ...warnings.map((w) => NOTE[w.code]), r.models.table || r.noMusic ? '' : 'no table features'].filter(Boolean);
  const tail = notes.length ? `\t(${notes.join(', ')})` : '';
  if (r.noMusic) return `${file}\tno music detected: ${r.noMusicReason ?? 'silence'}${tail}`;
  const own = custom ? `\t${custom.class}\t${(100 * custom.probabilities[custom.class]).toFixed(1)}%` : '';
  return `${file}\t${r.genre}\t${(100 * r.confidence).toFixed(1)}%${own}${tail}`;
}

/**
 * Loads the models once and answers a file at a time (in this thread or a worker's); with
 * `helperThread`, musicnn's patches are shared with that thread.
 */
export async function classifyProcessor({ modelsDir, custom: customPath }: ProcessorOptions, helperThread: MusicnnHelper | null = null): Promise<FileProcessor> {
  const { models, musicnn } = await loadModelsFromDisk(modelsDir, { musicnn: true });
  if (!musicnn) throw new Error('musicnn did not load');
  const custom = customPath === undefined ? undefined : readCustomModel(customPath);
  if (custom) checkEmbedding(custom, embeddingId(musicnn.net.meta));
  return async (file) => {
    const r = await classifyFile(models, musicnn, file, custom, helperThread);
    return { json: toJson(file, r), text: textLine(file, r) };
  };
}

/** `helper`: the musicnn helper thread main.ts started for files that run in this thread (one file, or --jobs 1). */
export async function runClassify({ values, files }: CommandArgs, helper: MusicnnHelper | null = null): Promise<number> {
  const jobs = positiveIntOption(values, 'jobs');
  const customPath = typeof values.custom === 'string' ? values.custom : undefined;
  // checked here, so that a bad model file is one usage line before any model loads
  if (customPath !== undefined) readCustomModel(customPath);
  const processor = { modelsDir: stringOption(values, 'models', defaultModelsDir), custom: customPath };
  return runAndPrint(requireFiles(files), { command: 'classify', processor, jobs, local: () => classifyProcessor(processor, helper) }, { json: values.json === true, loadWhat: 'the models' });
}
