/**
 * From the models' answer (src/model GenrePrediction: records keyed by genre) to the app's genre
 * slice (arrays in GTZAN_GENRES order, which the charts and exports index directly).
 */
import type { BackendChoice } from '../../model/backend.ts';
import type { GenrePrediction, TagPrediction } from '../../model/types.ts';
import { describeVerdict } from '../../model/verdict.ts';
import { GTZAN_GENRES, type GenreResult, type InferenceBackend, type TagsResult } from './types.ts';

const inOrder = (r: Record<string, number>): number[] => GTZAN_GENRES.map((g) => r[g] ?? 0);

function toTagsResult(t: TagPrediction): TagsResult {
  const n = t.names.length;
  return {
    tagSet: t.tagSet,
    names: [...t.names],
    mean: [...t.mean],
    patches: t.startSec.map((start, i) => ({ start, end: t.endSec[i], values: Array.from(t.taggram.subarray(i * n, (i + 1) * n)) })),
  };
}

export function toGenreResult(p: GenrePrediction, backend: InferenceBackend, choice?: BackendChoice, refineError?: string): GenreResult {
  return {
    status: p.noMusic ? 'no-music' : 'ok',
    ...(p.noMusicReason ? { noMusicReason: p.noMusicReason } : {}),
    verdict: describeVerdict(p),
    stage: p.stage,
    probabilities: inOrder(p.probabilities),
    models: {
      ...(p.models.head ? { head: inOrder(p.models.head) } : {}),
      cnn: inOrder(p.models.cnn),
      ...(p.models.table ? { table: inOrder(p.models.table) } : {}),
    },
    timeline: p.timeline.map((w) => ({ start: w.startSec, end: w.endSec, probabilities: inOrder(w.probabilities), noMusic: w.noMusic })),
    ...(p.tags ? { tags: toTagsResult(p.tags) } : {}),
    ...(p.embedding ? { embedding: Array.from(p.embedding) } : {}),
    ...(refineError ? { refineError } : {}),
    shortClip: p.short,
    backend,
    ...(choice ? { backendChoice: { requested: choice.requested, renderer: choice.renderer, skipped: choice.skipped.map((s) => ({ ...s })) } } : {}),
  };
}

/**
 * What the genre panel names: the genre, or the top two where the verdict calls it close ("rock
 * or country"), and where the genre changes along the track, that sentence; from the verdict
 * (src/model/verdict.ts), or from the probabilities alone for results saved before it existed.
 */
export function genreHeadline(g: GenreResult): { genres: string[]; changes: string | null } {
  const ranked = GTZAN_GENRES.map((genre, i) => ({ genre, p: g.probabilities[i] })).sort((a, b) => b.p - a.p);
  const v = g.verdict;
  return {
    genres: v && v.genres.length > 0 ? [...v.genres] : [ranked[0].genre],
    changes: v && v.segments.length > 1 ? v.text.slice(v.text.indexOf(';') + 2) : null,
  };
}

/**
 * The note saying where the models ran, where that is not WebGL on a GPU (the expected case,
 * which needs no note): one plain line for everyone (`summary`), and the technical why behind a
 * disclosure (`details`: backend, renderer, the address override); null when there is nothing to say.
 */
export function backendNote(g: GenreResult): { summary: string; details: string } | null {
  if (g.backend === 'none') return null;
  const why = g.backendChoice;
  const name = g.backend === 'webgl' ? 'WebGL' : g.backend.toUpperCase();
  const software = why?.skipped.find((s) => s.backend === 'webgl' && s.code === 'software-renderer');
  if (g.backend === 'webgl') {
    if (why?.requested !== 'webgl') return null;
    const renderer = why.renderer ? ` (renderer: ${why.renderer})` : '';
    return { summary: 'Running on the graphics processor, as the page address asks.', details: `The models ran on WebGL, as the page address asks (?backend=webgl)${renderer}.` };
  }
  if (why?.requested === 'cpu') {
    return { summary: 'Running on the processor, as the page address asks.', details: `The models ran on the ${name} backend, as the page address asks (?backend=cpu).` };
  }
  const summary = 'Running on the processor: no graphics acceleration available.';
  if (software) {
    return { summary, details: `WebGL here runs on a ${software.reason}, slower than the CPU: the models ran on the ${name} backend instead (same answers; ?backend=webgl in the address forces WebGL).` };
  }
  return { summary, details: `No GPU acceleration (WebGL) here: the models ran on the ${name} backend instead (same answers, slower on long tracks).` };
}
