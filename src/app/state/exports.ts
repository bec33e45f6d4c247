/**
 * Export formats of a result, as plain data (the download itself is src/app/services/download.ts):
 * JSON shaped like the CLI's `classify --json` / `features --format json` objects (with `tags`
 * and `taggram` as in `classify --json` / `tags --json`), and a CSV with the GTZAN feature table's
 * columns (filename, length in samples, the 57 features). Also the rankings the panels show, so
 * the page and the files agree on what is "top".
 */
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

export function resultJson(t: Track): Record<string, unknown> {
  const r = t.result;
  if (!r) throw new Error(`${t.name} has no result to export`);
  const g = t.genre.status === 'ready' ? t.genre.result : null;
  const music = g && g.status === 'ok';
  const ranked = music ? topGenres(g.probabilities) : [];
  return {
    file: t.name,
    source: t.source,
    analysedAt: new Date(t.addedAt).toISOString(),
    durationSec: r.durationSec,
    sourceDurationSec: t.sourceDurationSec,
    warnings: t.warnings,
    genre: music ? ranked[0].genre : null,
    confidence: music ? ranked[0].p : null,
    noMusic: g ? g.status === 'no-music' : null,
    probabilities: music ? byGenre(g.probabilities) : null,
    models: music ? Object.fromEntries(Object.entries(g.models).map(([k, v]) => [k, byGenre(v)])) : null,
    timeline: music ? g.timeline.map((w) => ({ start: w.start, end: w.end, probabilities: byGenre(w.probabilities) })) : [],
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

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One header line and one row per track with a result. */
export function featureCsv(tracks: readonly Track[]): string {
  const lines = [['filename', 'length', ...GTZAN_FEATURE_NAMES].join(',')];
  for (const t of tracks) {
    if (!t.result) continue;
    lines.push([csvField(t.name), String(t.result.nSamples), ...t.result.gtzanFeatures.map((v) => String(v))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A file name from a track name: its stem, safe characters only. */
export function exportName(t: Track, suffix: string): string {
  const stem = t.name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'genrescope';
  return `${stem}.${suffix}`;
}
