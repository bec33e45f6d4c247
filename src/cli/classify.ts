/**
 * `genrescope classify [--json] [--models <dir>] <audio files...>`: each file's genre from the
 * ensemble of the log-mel CNN and the feature-table model (public/models), loaded once.
 * Text: one line per file, `file<TAB>genre<TAB>confidence`. --json: an array with one object per
 * file: { file, genre, confidence, probabilities (ensemble), models: { cnn, table }, timeline:
 * [{ start, end, probabilities }] (seconds, the CNN's view of each window), short, noMusic }.
 * A file that cannot be read or decoded gets a one-line error on stderr; the others still run
 * and the exit status is 1.
 */
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import type { TrackAnalysis } from '../analysis/types.ts';
import { classifyTrack } from '../model/classify.ts';
import { cnnMelPower } from '../model/features.ts';
import type { GenreModels, GenrePrediction, GenreProbabilities } from '../model/types.ts';
import { loadAudioFile } from '../node/decodeAudio.ts';
import { defaultModelsDir, loadModelsFromDisk } from '../node/loadModels.ts';
import { parseArgs, reportFileError } from './args.ts';

export interface ClassifyJson {
  file: string;
  genre: string | null;
  confidence: number;
  probabilities: GenreProbabilities;
  models: { cnn: GenreProbabilities; table: GenreProbabilities | null };
  timeline: { start: number; end: number; probabilities: GenreProbabilities }[];
  short: boolean;
  noMusic: boolean;
}

/** Decode, analyse (mel spectrogram + the 57 table features, one STFT) and classify one file. */
export async function classifyFile(models: GenreModels, file: string): Promise<GenrePrediction> {
  const f = models.cnnMeta.features;
  const { y } = await loadAudioFile(file, { sr: f.sampleRateHz });
  let analysis: TrackAnalysis | null = null;
  try {
    analysis = await analyzeTrack(y, { sr: f.sampleRateHz });
  } catch {
    // the table features need a few frames of audio; without them the CNN still answers alone
  }
  return classifyTrack(models, { melPower: cnnMelPower(analysis, y, f), tableFeatures: analysis?.gtzanFeatures ?? null });
}

function round(p: GenreProbabilities, digits = 4): GenreProbabilities {
  const out = { ...p };
  for (const k of Object.keys(out) as (keyof GenreProbabilities)[]) out[k] = Number(out[k].toFixed(digits));
  return out;
}

export function toJson(file: string, r: GenrePrediction): ClassifyJson {
  return {
    file,
    genre: r.genre,
    confidence: Number(r.confidence.toFixed(4)),
    probabilities: round(r.probabilities),
    models: { cnn: round(r.models.cnn), table: r.models.table ? round(r.models.table) : null },
    timeline: r.timeline.map((w) => ({ start: Number(w.startSec.toFixed(3)), end: Number(w.endSec.toFixed(3)), probabilities: round(w.probabilities) })),
    short: r.short,
    noMusic: r.noMusic,
  };
}

function textLine(file: string, r: GenrePrediction): string {
  if (r.noMusic) return `${file}\tno music detected`;
  const note = [r.short ? 'short clip' : '', r.models.table ? '' : 'CNN only'].filter(Boolean).join(', ');
  return `${file}\t${r.genre}\t${(100 * r.confidence).toFixed(1)}%${note ? `\t(${note})` : ''}`;
}

export async function runClassify(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ['models']);
  } catch (err) {
    process.stderr.write(`genrescope classify: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { flags, files } = parsed;
  const json = flags.get('json') === true;
  const unknown = [...flags.keys()].filter((k) => k !== 'json' && k !== 'models');
  if (unknown.length > 0) {
    process.stderr.write(`genrescope classify: unknown option --${unknown[0]} (usage: genrescope classify [--json] [--models <dir>] <audio files...>)\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write('genrescope classify: no audio files given\n');
    return 2;
  }
  const modelsFlag = flags.get('models');
  let models: GenreModels;
  try {
    models = (await loadModelsFromDisk(typeof modelsFlag === 'string' ? modelsFlag : defaultModelsDir)).models;
  } catch (err) {
    process.stderr.write(`genrescope classify: could not load the models: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const out: ClassifyJson[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      const r = await classifyFile(models, file);
      if (json) out.push(toJson(file, r));
      else process.stdout.write(`${textLine(file, r)}\n`);
    } catch (err) {
      failed++;
      reportFileError('classify', file, err);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
