/**
 * The answer in words, the same on the page and in the CLI: one genre when the ensemble is sure
 * of it, "rock or country" when the runner-up is nearly as likely (the probabilities are
 * temperature-scaled on valid, so a 0.45 means about 45 % right), "does not sound like music"
 * with the reason, and where the genre changes along the track, which part is which
 * ("mostly jazz; rock from 2:10 to 3:05").
 */
import { GENRES, type Genre } from './metadata.ts';
import type { GenrePrediction, TimelineWindow } from './types.ts';

/** The runner-up is named beside the top genre when it is at least this share of the top's probability. */
export const CLOSE_RATIO = 0.5;
/** Windows averaged either side of each one before reading the genre along the track (±2: about 15 s of musicnn patches). */
const SMOOTH_HALF_WIDTH = 2;
/** A stretch of another genre shorter than this is read as noise in the timeline, not a change. */
export const MIN_SEGMENT_SEC = 30;

export interface GenreSegment {
  genre: Genre;
  startSec: number;
  endSec: number;
}

export interface Verdict {
  /** The sentence shown and printed: "Jazz", "Rock or country", "This does not sound like music: ...". */
  text: string;
  /** The genres it names, most likely first (none for no music). */
  genres: Genre[];
  /** Stretches of one genre along the track; more than one means the genre changes. */
  segments: GenreSegment[];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** m:ss, or h:mm:ss past an hour. */
export function clockTime(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/**
 * Each window's probabilities averaged with up to SMOOTH_HALF_WIDTH windows either side (fewer
 * at the ends): the view of the track the segments are read from (the page's smoothed timeline).
 */
export function smoothWindows(rows: readonly (readonly number[])[]): number[][] {
  return rows.map((row, i) => {
    const from = Math.max(0, i - SMOOTH_HALF_WIDTH);
    const to = Math.min(rows.length - 1, i + SMOOTH_HALF_WIDTH);
    const mean = new Array<number>(row.length).fill(0);
    for (let j = from; j <= to; j++) for (let k = 0; k < row.length; k++) mean[k] += rows[j][k];
    return mean.map((v) => v / (to - from + 1));
  });
}

/** The genre along the track: each window's smoothed top genre, with stretches shorter than MIN_SEGMENT_SEC merged into their neighbours. */
export function genreSegments(timeline: readonly TimelineWindow[]): GenreSegment[] {
  const usable = timeline.filter((w) => !w.silent && !w.noMusic);
  if (usable.length === 0) return [];
  const smooth = smoothWindows(usable.map((w) => GENRES.map((g) => w.probabilities[g])));
  const tops = smooth.map((p) => GENRES[p.reduce((best, v, k) => (v > p[best] ? k : best), 0)]);
  let segments: GenreSegment[] = [];
  usable.forEach((w, i) => {
    const last = segments[segments.length - 1];
    if (last && last.genre === tops[i]) last.endSec = w.endSec;
    else segments.push({ genre: tops[i], startSec: w.startSec, endSec: w.endSec });
  });
  // merge the shortest stretch into its longer neighbour until every stretch is long enough
  while (segments.length > 1) {
    const lengths = segments.map((s) => s.endSec - s.startSec);
    const i = lengths.indexOf(Math.min(...lengths));
    if (lengths[i] >= MIN_SEGMENT_SEC) break;
    const j = i === 0 ? 1 : i === segments.length - 1 ? i - 1 : lengths[i - 1] >= lengths[i + 1] ? i - 1 : i + 1;
    const [a, b] = i < j ? [i, j] : [j, i];
    segments[j] = { genre: segments[j].genre, startSec: segments[a].startSec, endSec: segments[b].endSec };
    segments = segments.filter((_, k) => k !== i);
    // neighbours of one genre become one stretch
    segments = segments.reduce<GenreSegment[]>((out, s) => {
      const prev = out[out.length - 1];
      if (prev && prev.genre === s.genre) prev.endSec = s.endSec;
      else out.push({ ...s });
      return out;
    }, []);
  }
  return segments;
}

export function noMusicVerdict(reason: string | null): Verdict {
  return { text: `This does not sound like music${reason ? `: ${reason}` : ''}`, genres: [], segments: [] };
}

export function describeVerdict(p: GenrePrediction): Verdict {
  if (p.noMusic || !p.genre) return noMusicVerdict(p.noMusicReason);
  const ranked = [...GENRES].sort((a, b) => p.probabilities[b] - p.probabilities[a]);
  const [first, second] = ranked;
  const close = p.probabilities[second] >= CLOSE_RATIO * p.probabilities[first];
  const genres = close ? [first, second] : [first];
  const segments = genreSegments(p.timeline);
  let text = capitalise(genres.join(' or '));
  if (segments.length > 1) {
    const time = new Map<Genre, number>();
    for (const s of segments) time.set(s.genre, (time.get(s.genre) ?? 0) + s.endSec - s.startSec);
    const main = [...time].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const others = segments.filter((s) => s.genre !== main).map((s) => `${s.genre} from ${clockTime(s.startSec)} to ${clockTime(s.endSec)}`);
    text += `; the genre changes along the track: mostly ${main}, ${others.join(', ')}`;
  }
  return { text, genres, segments };
}
