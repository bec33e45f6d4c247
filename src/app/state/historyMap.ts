/**
 * The history map's data: every track of the list (this session's and the history's) that
 * musicnn has heard as music, placed by the 2-D PCA of their embeddings
 * (src/model/custom/projection.ts, worked out in the custom worker: the custom slice's
 * layoutHistoryMap) and grouped for colour by its genre or by its custom class. The placement
 * depends on the embeddings only, so switching the colouring or teaching a class moves no point.
 */
import { argmax } from '../../model/custom/head.ts';
import type { CustomModel } from '../../model/custom/modelFile.ts';
import type { Projection } from '../../model/custom/projection.ts';
import { customPrediction } from './customClasses.ts';
import { musicEmbedding } from './similar.ts';
import { GTZAN_GENRES, type Track } from './types.ts';

export type MapColouring = 'genre' | 'custom';

/** A group's name for tracks the model gives no class (there is no model). */
export const NO_CLASS = 'no class yet';

export interface PlacedTrack {
  track: Track;
  x: number;
  y: number;
}

export interface MapLayout {
  placed: PlacedTrack[];
  explained: Projection['explained'];
}

export interface MapPoint {
  id: string;
  name: string;
  x: number;
  y: number;
  group: string;
}

/** The tracks the map can show: music with an embedding, all of the first one's length (older networks' vectors cannot share a map). */
export function mappableTracks(tracks: readonly Track[]): Track[] {
  const music = tracks.filter((t) => musicEmbedding(t) !== undefined);
  const size = music[0] && musicEmbedding(music[0])!.length;
  return music.filter((t) => musicEmbedding(t)!.length === size);
}

/** The tracks placed by `map` (ids and their projection) that are still in the list; a track not placed yet waits for the next placement. */
export function placeTracks(tracks: readonly Track[], map: { ids: string[]; projection: Projection } | null): MapLayout {
  if (!map) return { placed: [], explained: [0, 0] };
  const at = new Map(map.ids.map((id, i) => [id, map.projection.points[i]]));
  const placed = tracks.flatMap((track) => {
    const p = at.get(track.id);
    return p ? [{ track, x: p[0], y: p[1] }] : [];
  });
  return { placed, explained: map.projection.explained };
}

/** The points with their group, and the groups in legend order (genres in GTZAN order, classes in the model's). */
export function colourMap(layout: MapLayout, colouring: MapColouring, model: CustomModel | null): { points: MapPoint[]; groups: string[] } {
  const groupOf = (t: Track): string => {
    if (colouring === 'custom') return customPrediction(model, t)?.class ?? NO_CLASS;
    return t.genre.status === 'ready' ? GTZAN_GENRES[argmax(t.genre.result.probabilities)] : NO_CLASS;
  };
  const points = layout.placed.map(({ track, x, y }) => ({ id: track.id, name: track.name, x, y, group: groupOf(track) }));
  const order: readonly string[] = colouring === 'custom' ? (model?.file.classes ?? []) : GTZAN_GENRES;
  const present = new Set(points.map((p) => p.group));
  return { points, groups: [...order.filter((g) => present.has(g)), ...(present.has(NO_CLASS) ? [NO_CLASS] : [])] };
}
