/**
 * The CSV exports (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted,
 * one header line). Tracks: one row per track, the GTZAN feature table's columns first
 * (filename, length in samples, the 57 features, tempo among them; ../shared/data's
 * features_30_sec.csv order) so rows line up with that table, then the key, the genre and the ten
 * genre probabilities. Windows: one row per model window along one track (the timeline).
 */
import { topGenres } from './exports.ts';
import { GTZAN_FEATURE_NAMES, GTZAN_GENRES, type GenreResult, type Track } from './types.ts';

const PROBABILITY_COLUMNS = GTZAN_GENRES.map((g) => `p_${g}`);

export const TRACK_CSV_COLUMNS: readonly string[] = ['filename', 'length', ...GTZAN_FEATURE_NAMES, 'key', 'genre', ...PROBABILITY_COLUMNS, 'no_music', 'stage', 'analysed_at'];
export const WINDOW_CSV_COLUMNS: readonly string[] = ['start_sec', 'end_sec', 'genre', ...PROBABILITY_COLUMNS, 'no_music'];

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: readonly (readonly string[])[], columns: readonly string[]): string {
  return `${[columns, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

const readyGenre = (t: Track): GenreResult | null => (t.genre.status === 'ready' ? t.genre.result : null);

/** Tracks the CSV has a row for: a result that covers the whole track (not a long track's opening alone). */
export const hasWholeResult = (t: Track): boolean => t.result !== null && !t.partial;

/**
 * One header line and one row per track with a whole result, in the given order. The genre and
 * its probabilities are empty where the track has none (no music, or no genre models); `stage`
 * says whether musicnn refined the genre ('final') or not yet ('quick').
 */
export function tracksCsv(tracks: readonly Track[]): string {
  const rows = tracks.filter(hasWholeResult).map((t) => {
    const r = t.result!;
    const g = readyGenre(t);
    const music = g?.status === 'ok';
    return [
      t.name,
      String(r.nSamples),
      ...r.gtzanFeatures.map(String),
      `${r.key.tonic} ${r.key.mode}`,
      music ? topGenres(g.probabilities)[0].genre : '',
      ...GTZAN_GENRES.map((_, i) => (music ? String(g.probabilities[i]) : '')),
      g ? String(g.status === 'no-music') : '',
      g ? (g.stage ?? 'final') : '',
      new Date(t.addedAt).toISOString(),
    ];
  });
  return csv(rows, TRACK_CSV_COLUMNS);
}

/**
 * One row per window of the track's genre timeline (the CNN's 3 s windows for a quick answer,
 * musicnn's patches once final): its time span, top genre, probabilities and whether it sounds
 * like music (empty for results kept from before windows were judged).
 */
export function windowsCsv(t: Track): string {
  const g = readyGenre(t);
  const rows = (g?.timeline ?? []).map((w) => [
    String(w.start),
    String(w.end),
    w.noMusic ? '' : topGenres(w.probabilities)[0].genre,
    ...w.probabilities.map(String),
    w.noMusic === undefined ? '' : String(w.noMusic),
  ]);
  return csv(rows, WINDOW_CSV_COLUMNS);
}
