/**
 * The words on the PNG result card, from the track alone (no DOM, so Node tests read them): the
 * file name, when it was analysed, the genre as the genre panel says it (GenrePanel.tsx: one
 * genre, "rock or country", where it changes, or why there is none), the ten probabilities
 * ranked, the input warnings, and the app version. exporter.ts draws them above the plots.
 */
import { formatDuration } from '../../input/format.ts';
import { capitalise, percent } from '../components/labels.ts';
import type { BuildInfo } from '../state/buildInfo.ts';
import { topGenres } from '../state/exports.ts';
import { genreHeadline } from '../state/genre.ts';
import type { Track } from '../state/types.ts';

export interface ResultCardText {
  title: string;
  /** When, how long, tempo and key on one line. */
  facts: string;
  /** What the headline is: "Genre", or that it is a first guess. */
  kicker: string;
  /** The genre with its probability, "Rock 41 % or country 35 %", or why there is no genre. */
  headline: string;
  /** Where the genre changes, the runner-up, or the reason for no genre. */
  detail: string | null;
  /** All ten genres, most probable first; empty where there is no genre. */
  bars: { genre: string; p: number }[];
  warnings: string[];
  footer: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local date and time, unambiguous in every locale: 2026-12-03 23:41. */
export function cardDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export function resultCardText(t: Track, build: BuildInfo): ResultCardText {
  const r = t.result;
  if (!r) throw new Error(`${t.name} has no result to draw`);
  const facts = [`Analysed ${cardDate(t.addedAt)}`, formatDuration(r.durationSec), `${r.tempo.toFixed(1)} BPM`, `${r.key.tonic} ${r.key.mode}`].join(' · ');
  const base = { title: t.name, facts, warnings: t.warnings.map((w) => w.message), footer: `Genrescope ${build.appVersion}` };
  if (t.genre.status !== 'ready') {
    const message = t.genre.status === 'unavailable' ? t.genre.message : 'The genre was still being worked out.';
    return { ...base, kicker: 'Genre', headline: 'Genre not available', detail: message, bars: [] };
  }
  const g = t.genre.result;
  if (g.status === 'no-music') {
    return { ...base, kicker: 'Genre', headline: 'This does not sound like music', detail: g.noMusicReason ? `${capitalise(g.noMusicReason)}, so no genre is claimed.` : 'No genre is claimed.', bars: [] };
  }
  const bars = topGenres(g.probabilities);
  const [first, second] = bars;
  const { genres: named, changes } = genreHeadline(g);
  const busy = t.status === 'analysing' || t.status === 'queued';
  const stage = g.stage !== 'quick' ? '' : busy ? 'first guess, musicnn is still listening' : 'first guess, musicnn did not finish';
  return {
    ...base,
    kicker: [t.genreFromPreview ? 'Genre of the opening' : 'Genre', stage].filter(Boolean).join(': '),
    headline: named.length > 1 ? `${capitalise(first.genre)} ${percent(first.p)} or ${second.genre} ${percent(second.p)}` : `${capitalise(first.genre)} ${percent(first.p)}`,
    detail: changes ? `${capitalise(changes)}.` : named.length > 1 ? 'Too close to call between the two.' : `Runner-up: ${capitalise(second.genre)} (${percent(second.p)})`,
    bars,
  };
}
