/**
 * `genrescope why [--json] [--genre NAME] [--jobs N] [--models <dir>] <audio files...>`: why each
 * file got its genre. The file is classified as `classify` does; then the occlusion map of the
 * genre (or of --genre) over musicnn's log-mel (src/model/explain): each 1.5 s x mel-band cell
 * masked in turn, and how much the track's head probability of the genre falls. Text: one line per
 * file, `file<TAB>jazz 81.2%: strongest evidence 0:12-0:18, 760-1700 Hz`. --json: an array with
 * one object per file: { file, genre, probability (the final answer's for that genre), predicted
 * (the final answer's genre), map: { times: [{ start, end }], bandEdgesHz, evidence (times x
 * bands), grid, fill, patches: { total, occluded }, passes }, strongest: { start, end, lowHz,
 * highHz, evidence } | null, evidenceText, topWindows: [{ start, end, probability }], topTags:
 * [{ tag, probability }], noMusic, noMusicReason, warnings }. No music: genre and map null.
 */
import { DEFAULT_GRID, occlusionMap, type OcclusionMap } from '../model/explain/occlusion.ts';
import { describeEvidence, strongestRegion, strongestWindows, whereEvidence } from '../model/explain/summary.ts';
import { GENRES, type Genre } from '../model/metadata.ts';
import { musicnnPatchesFromPcm } from '../model/musicnn/input.ts';
import { topTags } from '../model/musicnn/track.ts';
import type { GenreModels, GenrePrediction, MusicnnModels } from '../model/types.ts';
import type { InputWarning } from '../input/rules.ts';
import { defaultModelsDir, loadModelsFromDisk } from '../node/loadModels.ts';
import { positiveIntOption, requireFiles, stringOption, UsageError, type CommandArgs } from './args.ts';
import { classifyPcm } from './classify.ts';
import { loadInput } from './loadInput.ts';
import { runAndPrint, type FileProcessor, type ProcessorOptions } from './runFiles.ts';

const TOP_WINDOWS = 3;
const TOP_TAGS = 5;

export interface WhyJson {
  file: string;
  /** The genre explained: --genre, else the final answer's; null where no music was detected. */
  genre: Genre | null;
  /** The final answer's probability of `genre`. */
  probability: number | null;
  /** The final answer's genre. */
  predicted: Genre | null;
  map: {
    times: { start: number; end: number }[];
    bandEdgesHz: number[];
    /** times x bands: the fall in the track's head probability of `genre` when the cell is masked. */
    evidence: number[][];
    grid: OcclusionMap['grid'];
    fill: 'patch mean';
    patches: { total: number; occluded: number };
    passes: number;
  } | null;
  strongest: { start: number; end: number; lowHz: number; highHz: number; evidence: number } | null;
  evidenceText: string | null;
  topWindows: { start: number; end: number; probability: number }[];
  topTags: { tag: string; probability: number }[];
  noMusic: boolean;
  noMusicReason: string | null;
  warnings: InputWarning[];
}

/** --genre, checked against the ten genres. */
export function genreOption(value: string | boolean | string[] | undefined): Genre | undefined {
  if (value === undefined) return undefined;
  const g = GENRES.find((x) => x === value);
  if (!g) throw new UsageError(`--genre must be one of ${GENRES.join(', ')}`);
  return g;
}

const r = (v: number, digits: number) => Number(v.toFixed(digits));

function toJson(file: string, p: GenrePrediction, m: OcclusionMap | null, warnings: InputWarning[]): WhyJson {
  const region = m ? strongestRegion(m) : null;
  const genre = m?.genre ?? null;
  return {
    file,
    genre,
    probability: genre ? r(p.probabilities[genre], 4) : null,
    predicted: p.genre,
    map: m && {
      times: m.times.map((t) => ({ start: r(t.startSec, 3), end: r(t.endSec, 3) })),
      bandEdgesHz: m.bandEdgesHz.map((hz) => r(hz, 1)),
      evidence: m.evidence.map((row) => row.map((e) => r(e, 5))),
      grid: m.grid,
      fill: 'patch mean',
      patches: { total: m.patches.total, occluded: m.patches.occluded.length },
      passes: m.passes,
    },
    strongest: region && { start: r(region.startSec, 3), end: r(region.endSec, 3), lowHz: r(region.lowHz, 1), highHz: r(region.highHz, 1), evidence: r(region.evidence, 5) },
    evidenceText: m && describeEvidence(m),
    topWindows: genre
      ? strongestWindows(p.timeline.map((w) => ({ startSec: w.startSec, endSec: w.endSec, p: w.probabilities[genre], noMusic: w.noMusic })), TOP_WINDOWS).map((w) => ({ start: r(w.startSec, 3), end: r(w.endSec, 3), probability: r(w.p, 4) }))
      : [],
    topTags: genre && p.tags ? topTags(p.tags, TOP_TAGS).map(({ tag, p: q }) => ({ tag, probability: r(q, 4) })) : [],
    noMusic: p.noMusic,
    noMusicReason: p.noMusicReason,
    warnings,
  };
}

/** Classify, then the occlusion map of `asked` (or the answer's genre); none where it is not music. */
export async function explainFile(models: GenreModels, musicnn: MusicnnModels, file: string, asked?: Genre): Promise<{ json: WhyJson; text: string }> {
  const sr = models.cnnMeta.features.sampleRateHz;
  const { y, warnings } = await loadInput(file, sr);
  const prediction = await classifyPcm(models, musicnn, y);
  const genre = prediction.noMusic ? null : (asked ?? prediction.genre);
  const map = genre ? await occlusionMap(musicnn, musicnnPatchesFromPcm(y, sr, musicnn.net.meta), genre, DEFAULT_GRID) : null;
  const json = toJson(file, prediction, map, warnings);
  return { json, text: textLine(file, json, map) };
}

function textLine(file: string, j: WhyJson, m: OcclusionMap | null): string {
  if (!m || j.probability === null) return `${file}\tno music detected: ${j.noMusicReason ?? 'silence'}`;
  return `${file}\t${m.genre} ${(100 * j.probability).toFixed(1)}%: ${whereEvidence(m)}`;
}

export async function whyProcessor({ modelsDir, genre }: ProcessorOptions): Promise<FileProcessor> {
  const { models, musicnn } = await loadModelsFromDisk(modelsDir, { musicnn: true });
  if (!musicnn) throw new Error('musicnn did not load');
  const asked = genreOption(genre);
  return (file) => explainFile(models, musicnn, file, asked);
}

export async function runWhy({ values, files }: CommandArgs): Promise<number> {
  const jobs = positiveIntOption(values, 'jobs');
  const genre = genreOption(values.genre);
  const processor = { modelsDir: stringOption(values, 'models', defaultModelsDir), ...(genre ? { genre } : {}) };
  return runAndPrint(requireFiles(files), { command: 'why', processor, jobs, local: () => whyProcessor(processor) }, { json: values.json === true, loadWhat: 'the models' });
}
