/**
 * "Sounds like": the tracks of the list whose musicnn embeddings are closest to the viewed one's
 * (src/app/state/similar.ts), each a button that opens it. It reads the list itself rather than
 * taking it from ResultView, so a new track finishing updates it without re-rendering the charts.
 */
import { useMemo } from 'react';
import { soundsLike } from '../state/similar.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { percent } from './labels.ts';

export const SOUNDS_LIKE_TOP = 5;

export function SoundsLikePanel({ trackId }: { trackId: string }) {
  const tracks = useApp((s) => s.tracks);
  const { view } = useActions();
  const similar = useMemo(() => soundsLike(tracks, trackId, SOUNDS_LIKE_TOP), [tracks, trackId]);
  return (
    <section className="panel sounds-like" aria-labelledby="sounds-like-heading">
      <h2 id="sounds-like-heading">Sounds like</h2>
      {similar.length === 0 ? (
        <p className="muted small" data-testid="sounds-like-empty">
          Analyse more tracks to see which sound alike.
        </p>
      ) : (
        <ol data-testid="sounds-like">
          {similar.map((n) => (
            <li key={n.id} data-track={n.id}>
              <button type="button" className="sounds-like-item" onClick={() => view(n.id)} aria-label={`Open ${n.name}, ${percent(n.similarity)} similar`}>
                <span className="sounds-like-name">{n.name}</span>
                <span className="sounds-like-score">{percent(n.similarity)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
