/**
 * `genrescope tags [--json] [--top N] [--models <dir>] <audio files...>`: what musicnn (MSD) hears
 * in each file. Text: one line per file, `file<TAB>tag p, tag p, ...` with the N (default 5) most
 * probable tags over the track. --json: an array with one object per file: { file, tags: { msd:
 * { tag: mean probability } }, taggram: { tags, start, end, values } } (values: one row of
 * probabilities per 3 s patch, in `tags` order); silence: "no music detected", tags and taggram
 * null. Errors as `classify`: one line each, exit 1.
 */
import type { MusicnnNetwork } from '../model/musicnn/network.ts';
import { loadMusicnn } from '../model/musicnn/load.ts';
import { musicnnLogMelFromPcm } from '../model/musicnn/input.ts';
import { musicnnTrack, topTags } from '../model/musicnn/track.ts';
import type { TagPrediction } from '../model/types.ts';
import { loadAudioFile } from '../node/decodeAudio.ts';
import { defaultModelsDir, fileModelSource, selectNodeBackend } from '../node/loadModels.ts';
import { positiveIntFlag, parseArgs } from './args.ts';
import { runAndPrint, type FileProcessor, type ProcessorOptions } from './runFiles.ts';
import { tagRecord } from './classify.ts';

/** The engine's rate: tags are computed from the same 22.05 kHz PCM as in the page. */
const ANALYSIS_SR = 22050;

export interface TagsJson {
  file: string;
  /** null for silence */
  tags: { msd: Record<string, number> } | null;
  taggram: { tags: string[]; start: number[]; end: number[]; values: number[][] } | null;
}

/** The file's tags, or null when every patch is silence (as `classify` then says "no music"). */
export async function tagFile(net: MusicnnNetwork, file: string): Promise<TagPrediction | null> {
  const { y } = await loadAudioFile(file, { sr: ANALYSIS_SR });
  const run = await musicnnTrack(net, musicnnLogMelFromPcm(y, ANALYSIS_SR, net.meta.features));
  return run.allSilent ? null : run.tags;
}

function toJson(file: string, t: TagPrediction | null): TagsJson {
  if (!t) return { file, tags: null, taggram: null };
  const n = t.names.length;
  const r3 = (v: number) => Number(v.toFixed(3));
  return {
    file,
    tags: { [t.tagSet]: tagRecord(t) } as { msd: Record<string, number> },
    taggram: {
      tags: t.names,
      start: t.startSec.map(r3),
      end: t.endSec.map(r3),
      values: t.startSec.map((_, i) => Array.from(t.taggram.subarray(i * n, (i + 1) * n), (v) => Number(v.toFixed(4)))),
    },
  };
}

/** Loads musicnn once and tags a file at a time (in this thread or a worker's); `top` tags in the text line. */
export async function tagsProcessor({ modelsDir, top = DEFAULT_TOP }: ProcessorOptions): Promise<FileProcessor> {
  await selectNodeBackend();
  const net = await loadMusicnn(fileModelSource(modelsDir));
  return async (file) => {
    const t = await tagFile(net, file);
    const text = t ? topTags(t, top).map(({ tag, p }) => `${tag} ${p.toFixed(2)}`).join(', ') : 'no music detected';
    return { json: toJson(file, t), text: `${file}\t${text}` };
  };
}

const DEFAULT_TOP = 5;
const USAGE = 'usage: genrescope tags [--json] [--top N] [--jobs N] [--models <dir>] <audio files...>';

export async function runTags(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ['models', 'top', 'jobs']);
  } catch (err) {
    process.stderr.write(`genrescope tags: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { flags, files } = parsed;
  const unknown = [...flags.keys()].filter((k) => !['json', 'models', 'top', 'jobs'].includes(k));
  const top = flags.has('top') ? positiveIntFlag(flags.get('top')) : DEFAULT_TOP;
  const jobs = positiveIntFlag(flags.get('jobs'));
  if (unknown.length > 0 || !top || jobs === null) {
    const why = unknown.length ? `unknown option --${unknown[0]}` : `${!top ? '--top' : '--jobs'} needs a positive integer`;
    process.stderr.write(`genrescope tags: ${why} (${USAGE})\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write('genrescope tags: no audio files given\n');
    return 2;
  }
  const modelsFlag = flags.get('models');
  const modelsDir = typeof modelsFlag === 'string' ? modelsFlag : defaultModelsDir;
  const processor = { modelsDir, top };
  return runAndPrint(files, { command: 'tags', processor, jobs, local: () => tagsProcessor(processor) }, { json: flags.get('json') === true, loadWhat: 'musicnn' });
}
