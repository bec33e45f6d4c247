/**
 * The JSON export of a result, shaped like the CLI's `classify --json` / `features --format json`
 * objects (with `tags` and `taggram` as in `classify --json` / `tags --json`), plus what says how
 * it was made: the app and model versions, the settings, the input warnings. Also the rankings
 * the panels show, so the page and the files agree on what is "top". The CSV exports are
 * exportCsv.ts, file names fileNames.ts, what each export button makes exportFiles.ts.
 */
import { ENGINE_SR, MAX_ANALYSIS_SEC } from '../../input/rules.ts';
import type { BuildInfo } from './buildInfo.ts';
import { DESCRIPTOR_NAMES, GTZAN_FEATURE_NAMES, GTZAN_GENRES, type GenreProbabilities, type TagsResult, type Track } from './types.ts';

const byGenre = (p: GenreProbabilities): Record<string, number> => Object.fromEntries(GTZAN_GENRES.map((g, i) => [g, p[i]]));

export function topGenres(p: GenreProbabilities): { genre: string; p: number }[] {
  return GTZAN_GENRES.map((genre, i) => ({ genre, p: p[i] })).sort((a, b) => b.p - a.p);
}

export interface RankedTag {
  name: string;
  /** Its position in `TagsResult.names` (and in every patch's values). */
  index: number;
  /** Mean probability over the track. */
  p: number;
}

/**
 * The `n` tags with the highest mean probability, most probable first. Ties keep the tag set's
 * order (a stable sort), so the ranking is the same on every render and in every export.
 */
export function topTags(tags: TagsResult, n: number): RankedTag[] {
  return tags.names
    .map((name, index) => ({ name, index, p: tags.mean[index] ?? 0 }))
    .sort((a, b) => b.p - a.p)
    .slice(0, Math.max(0, n));
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** `{ msd: { tag: mean } }`, as the CLI's `classify --json` writes it (4 digits). */
export function tagsJson(tags: TagsResult): Record<string, Record<string, number>> {
  return { [tags.tagSet]: Object.fromEntries(tags.names.map((name, i) => [name, round(tags.mean[i] ?? 0, 4)])) };
}

/** The taggram as the CLI's `tags --json` writes it: one row of values per patch, in `tags` order. */
export function taggramJson(tags: TagsResult): { tags: string[]; start: number[]; end: number[]; values: number[][] } {
  return {
    tags: [...tags.names],
    start: tags.patches.map((p) => round(p.start, 3)),
    end: tags.patches.map((p) => round(p.end, 3)),
    values: tags.patches.map((p) => p.values.map((v) => round(v, 4))),
  };
}

/** The settings an analysis ran with, as the JSON export names them. */
export interface ExportSettings {
  /** The probabilities panel's view when the file was exported (the ensemble or one model). */
  probabilitiesView: string;
  /** The backend the page address asked for (`?backend=`): 'auto' unless overridden; null where not recorded. */
  backendRequested: string | null;
  /** The rate the engine analyses at and its hop (samples). */
  sampleRateHz: number;
  hopLength: number;
  /** Longer sources are cut to their opening this long. */
  maxAnalysisSec: number;
}

export interface ExportContext {
  build: BuildInfo;
  /** ms since the epoch. */
  exportedAt: number;
  /** The probabilities panel's view (AppState.modelView). */
  probabilitiesView: string;
}

export function exportSettings(t: Track, probabilitiesView: string): ExportSettings {
  const r = t.result;
  const g = t.genre.status === 'ready' ? t.genre.result : null;
  return {
    probabilitiesView,
    backendRequested: g?.backendChoice?.requested ?? null,
    sampleRateHz: r?.sr ?? ENGINE_SR,
    hopLength: r?.hopLength ?? 0,
    maxAnalysisSec: MAX_ANALYSIS_SEC,
  };
}

export function resultJson(t: Track, ctx: ExportContext): Record<string, unknown> {
  const r = t.result;
  if (!r) throw new Error(`${t.name} has no result to export`);
  const g = t.genre.status === 'ready' ? t.genre.result : null;
  const music = g && g.status === 'ok';
  const ranked = music ? topGenres(g.probabilities) : [];
  return {
    appVersion: ctx.build.appVersion,
    modelVersions: ctx.build.models,
    exportedAt: new Date(ctx.exportedAt).toISOString(),
    settings: exportSettings(t, ctx.probabilitiesView),
    file: t.name,
    source: t.source,
    analysedAt: new Date(t.addedAt).toISOString(),
    durationSec: r.durationSec,
    sourceDurationSec: t.sourceDurationSec,
    warnings: t.warnings,
    genre: music ? ranked[0].genre : null,
    verdict: g?.verdict?.text ?? null,
    confidence: music ? ranked[0].p : null,
    noMusic: g ? g.status === 'no-music' : null,
    probabilities: music ? byGenre(g.probabilities) : null,
    models: music ? Object.fromEntries(Object.entries(g.models).map(([k, v]) => [k, byGenre(v)])) : null,
    timeline: g ? g.timeline.map((w) => ({ start: w.start, end: w.end, noMusic: w.noMusic ?? null, probabilities: byGenre(w.probabilities) })) : [],
    // Results from before the two stages have no stage: they were final.
    stage: g ? (g.stage ?? 'final') : null,
    tags: music && g.tags ? tagsJson(g.tags) : null,
    taggram: music && g.tags ? taggramJson(g.tags) : null,
    refineError: g?.refineError ?? null,
    shortClip: g ? g.shortClip : null,
    backend: g ? g.backend : null,
    tempo: r.tempo,
    beatTimes: r.beatTimes,
    key: r.key,
    tuning: r.tuning,
    features: Object.fromEntries(GTZAN_FEATURE_NAMES.map((n, i) => [n, r.gtzanFeatures[i]])),
    descriptorMeans: Object.fromEntries(DESCRIPTOR_NAMES.map((n) => [n, r.descriptorMeans[n]])),
  };
}
