/**
 * The map of the list: every track musicnn has heard as music, placed so that tracks that sound
 * alike sit close (src/app/state/historyMap.ts: PCA of their embeddings), coloured by genre or by
 * the user's own class; hover names a point, a click opens its track. The chart loads on demand;
 * the placement is the custom slice's (layoutHistoryMap), worked out off the page's thread.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { colourMap, mappableTracks, NO_CLASS, placeTracks, type MapColouring } from '../state/historyMap.ts';
import { GTZAN_GENRES } from '../state/types.ts';
import { useActions, useApp, useAppShallow } from '../state/useApp.ts';
import { capitalise } from './labels.ts';
import { GENRE_COLORS } from './charts/palette.ts';

const HistoryScatter = lazy(() => import('./charts/HistoryScatter.tsx'));

/**
 * The user's classes in the order of Petroff's accessible 10-colour sequence (palette.ts's colours,
 * there assigned to genres): the first colours are the most distinct, and most people teach few classes.
 */
const CLASS_COLORS = ['#3f90da', '#ffa90e', '#bd1f01', '#94a4a2', '#832db6', '#a96b59', '#e76300', '#b9ac70', '#717581', '#92dadd'];
const NO_CLASS_COLOR = '#ffffff';

export function HistoryMap() {
  const tracks = useAppShallow((s) => mappableTracks(s.tracks));
  const anyTracks = useApp((s) => s.tracks.length > 0);
  const model = useApp((s) => s.custom.model);
  const placement = useApp((s) => s.custom.map);
  const { view, layoutHistoryMap } = useActions();
  const [chosen, setColouring] = useState<MapColouring>('genre');
  const colouring = model ? chosen : 'genre';
  // placed again (in the custom worker) whenever the tracks with embeddings change
  useEffect(() => layoutHistoryMap(), [tracks, layoutHistoryMap]);
  const layout = useMemo(() => placeTracks(tracks, placement), [tracks, placement]);
  const { points, groups } = useMemo(() => colourMap(layout, colouring, model), [layout, colouring, model]);
  if (!anyTracks) return null;
  const colourOf = (g: string) => {
    if (g === NO_CLASS) return NO_CLASS_COLOR;
    if (colouring === 'genre') return GENRE_COLORS[GTZAN_GENRES.indexOf(g as (typeof GTZAN_GENRES)[number])] ?? NO_CLASS_COLOR;
    return CLASS_COLORS[(model?.file.classes.indexOf(g) ?? 0) % CLASS_COLORS.length];
  };
  return (
    <section className="panel history-map" aria-labelledby="map-heading" data-testid="history-map" data-points={points.length}>
      <div className="panel-head">
        <h2 id="map-heading">Map of your tracks</h2>
        <div className="segmented" role="group" aria-label="Colour the points by">
          <button type="button" className={colouring === 'genre' ? 'on' : ''} aria-pressed={colouring === 'genre'} onClick={() => setColouring('genre')}>
            Genre
          </button>
          <button type="button" className={colouring === 'custom' ? 'on' : ''} aria-pressed={colouring === 'custom'} onClick={() => setColouring('custom')} disabled={!model}
            title={model ? undefined : 'Teach your own classes first'}>
            Your class
          </button>
        </div>
      </div>
      {points.length === 0 ? (
        <p className="muted small" data-testid="map-empty">
          Each track appears here once musicnn has heard it (its final answer); tracks that sound alike sit close together.
        </p>
      ) : (
        <>
          <p className="muted small">
            Each point is a track, placed by what musicnn hears: close points sound alike. The two directions are those along which these tracks differ most
            (principal components); the distances, not the directions, carry the meaning.
            {points.length < 3 && ' Analyse more tracks to see how they spread.'}
          </p>
          <Suspense fallback={<div className="chart-placeholder map-placeholder" aria-hidden="true" />}>
            <HistoryScatter points={points} groups={groups} colourOf={colourOf} explained={layout.explained} onOpen={view} />
          </Suspense>
          <ul className="chart-legend" aria-label="Colours">
            {groups.map((g) => (
              <li key={g}>
                <span className="swatch map-swatch" style={{ background: colourOf(g) }} />
                <span className="legend-label">{colouring === 'genre' && g !== NO_CLASS ? capitalise(g) : g}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
