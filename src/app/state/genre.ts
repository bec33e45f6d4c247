/**
 * From the models' answer (src/model GenrePrediction: records keyed by genre) to the app's genre
 * slice (arrays in GTZAN_GENRES order, which the charts and exports index directly).
 */
import type { GenrePrediction } from '../../model/types.ts';
import { GTZAN_GENRES, type GenreResult, type InferenceBackend } from './types.ts';

const inOrder = (r: Record<string, number>): number[] => GTZAN_GENRES.map((g) => r[g] ?? 0);

export function toGenreResult(p: GenrePrediction, backend: InferenceBackend): GenreResult {
  return {
    status: p.noMusic ? 'no-music' : 'ok',
    probabilities: inOrder(p.probabilities),
    models: { cnn: inOrder(p.models.cnn), ...(p.models.table ? { table: inOrder(p.models.table) } : {}) },
    timeline: p.timeline.map((w) => ({ start: w.startSec, end: w.endSec, probabilities: inOrder(w.probabilities) })),
    shortClip: p.short,
    backend,
  };
}
