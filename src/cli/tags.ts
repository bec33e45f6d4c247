/**
 * `genrescope tags [--json] [--top N] [--models <dir>] <audio files...>`: what musicnn (MSD) hears
 * in each file. Text: one line per file, `file<TAB>tag p, tag p, ...` with the N (default 5) most
 * probable tags over the track. --json: an array with one object per file: { file, tags: { msd:
 * { tag: mean probability } }, taggram: { tags, start, end, values } } (values: one row of
 * probabilities per 3 s patch, in `tags` order), warnings }; silence: "no music detected", tags and taggram
 * null. Errors as `classify`: one line each, exit 1.
 */
import type { MusicnnNetwork } from '../model/musicnn/network.ts';
import { loadMusicnn } from '../model/musicnn/load.ts';
import { musicnnPatchesFromPcm } from '../model/musicnn/input.ts';
import { musicnnTrack, topTags } from '../model/musicnn/track.ts';
import type { InputWarning } from '../input/rules.ts';
import type { TagPrediction } from '../model/types.ts';
import { selectNodeBackend } from '../node/backend.ts';
import { fileModelFiles } from '../node/modelFiles.ts';
import { defaultModelsDir } from '../node/packageRoot.ts';
import { positiveIntOption, requireFiles, stringOption, type CommandArgs } from './args.ts';
import { loadInput } from './loadInput.ts';
import { runAndPrint, type FileProcessor, type ProcessorOptions } from './runFiles.ts';
import { tagRecord } from './classify.ts';

/** The engine's rate: tags are computed from the same 22.05 kHz PCM as in the page. */
const ANALYSIS_SR = 22050;

export interface TagsJson {
  file: string;
  /** null for silence */
  tags: { msd: Record<string, number> } | null;
  taggram: { tags: string[]; start: number[]; end: number[]; values: number[][] } | null;
  warnings: InputWarning[];
}

/** The file's tags (null when every patch is silence, as `classify` then says "no music") and its input warnings. */
export async function tagFile(net: MusicnnNetwork, file: string): Promise<{ tags: TagPrediction | null; warnings: InputWarning[] }> {
  const { y, warnings } = await loadInput(file, ANALYSIS_SR);
  const run = await musicnnTrack(net, musicnnPatchesFromPcm(y, ANALYSIS_SR, net.meta));
  return { tags: run.allSilent ? null : run.tags, warnings };
}

function toJson(file: string, t: TagPrediction | null, warnings: InputWarning[]): TagsJson {
  if (!t) return { file, tags: null, taggram: null, warnings };
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
    warnings,
  };
}

/** Loads musicnn once and tags a file at a time (in this thread or a worker's); `top` tags in the text line. */
export async function tagsProcessor({ modelsDir, top = DEFAULT_TOP }: ProcessorOptions): Promise<FileProcessor> {
  await selectNodeBackend();
  const net = await loadMusicnn(fileModelFiles(modelsDir));
  return async (file) => {
    const { tags: t, warnings } = await tagFile(net, file);
    const text = t ? topTags(t, top).map(({ tag, p }) => `${tag} ${p.toFixed(2)}`).join(', ') : 'no music detected';
    return { json: toJson(file, t, warnings), text: `${file}\t${text}` };
  };
}

const DEFAULT_TOP = 5;

export async function runTags({ values, files }: CommandArgs): Promise<number> {
  const top = positiveIntOption(values, 'top') ?? DEFAULT_TOP;
  const jobs = positiveIntOption(values, 'jobs');
  const processor = { modelsDir: stringOption(values, 'models', defaultModelsDir), top };
  return runAndPrint(requireFiles(files), { command: 'tags', processor, jobs, local: () => tagsProcessor(processor) }, { json: values.json === true, loadWhat: 'musicnn' });
}
