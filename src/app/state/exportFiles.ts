/**
 * What each export button makes: its file name (fileNames.ts: the track's own name, Unicode
 * kept) and its text. The PNG result card is drawn by the Exporter port (src/app/services/exporter.ts).
 */
import { hasWholeResult, tracksCsv, windowsCsv } from './exportCsv.ts';
import { resultJson, type ExportContext } from './exports.ts';
import { safeFileName, trackFileName } from './fileNames.ts';
import type { Track } from './types.ts';

/**
 * 'json': the whole result; 'csv': the track's row of the tracks CSV; 'windows-csv': its genre
 * timeline, a row per window; 'all-csv': every track of the list (history included) in one CSV;
 * 'png': the result card.
 */
export type ExportKind = 'json' | 'csv' | 'windows-csv' | 'all-csv' | 'png';

export interface TextExport {
  name: string;
  type: string;
  text: string;
}

const CSV = 'text/csv;charset=utf-8';

/** The result card's file name. */
export const pngName = (t: Track): string => trackFileName(t.name, 'png');

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `Genrescope tracks 2026-12-03.csv`: the export of the whole list, named by its (local) day. */
export function allTracksName(ms: number): string {
  const d = new Date(ms);
  return safeFileName(`Genrescope tracks ${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`, 'csv');
}

/** The file of one track's text export. */
export function trackExport(kind: 'json' | 'csv' | 'windows-csv', t: Track, ctx: ExportContext): TextExport {
  if (kind === 'json') return { name: trackFileName(t.name, 'json'), type: 'application/json', text: `${JSON.stringify(resultJson(t, ctx), null, 2)}\n` };
  if (kind === 'csv') return { name: trackFileName(t.name, 'csv'), type: CSV, text: tracksCsv([t]) };
  return { name: trackFileName(t.name, 'windows.csv'), type: CSV, text: windowsCsv(t) };
}

/** Every track of the list with a whole result, oldest first; null when there is none. */
export function allTracksExport(tracks: readonly Track[], now: number): TextExport | null {
  return tracks.some(hasWholeResult) ? { name: allTracksName(now), type: CSV, text: tracksCsv(tracks) } : null;
}
