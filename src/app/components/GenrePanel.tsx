/** The top genre with its confidence and the runner-up, or why there is none. */
import { memo } from 'react';
import type { GenreSlice } from '../state/types.ts';
import { topGenres } from '../state/exports.ts';
import { backendNote, genreHeadline } from '../state/genre.ts';
import { capitalise, percent } from './labels.ts';

export const GenrePanel = memo(function GenrePanel({
  genre,
  partial,
  busy,
}: {
  genre: GenreSlice;
  /** The genre is that of the opening only. */
  partial: boolean;
  /** The track is still being analysed (musicnn may still refine a quick answer). */
  busy: boolean;
}) {
  if (genre.status === 'pending') {
    return (
      <div className="genre-result pending" data-testid="genre-result" aria-live="polite">
        <p className="genre-name">Working out the genre…</p>
      </div>
    );
  }
  if (genre.status === 'unavailable') {
    return (
      <div className="genre-result unavailable" data-testid="genre-result" aria-live="polite">
        <p className="genre-name">Genre not available</p>
        <p className="muted">{genre.message}</p>
      </div>
    );
  }
  const g = genre.result;
  if (g.status === 'no-music') {
    return (
      <div className="genre-result no-music" data-testid="genre-result" data-genre="none" aria-live="polite">
        <p className="genre-name">This does not sound like music</p>
        <p className="muted" data-testid="no-music-reason">
          {g.noMusicReason ? `${capitalise(g.noMusicReason)}, so no genre is claimed.` : 'The audio is silent or too quiet to classify, so no genre is claimed.'}
        </p>
      </div>
    );
  }
  const [first, second] = topGenres(g.probabilities);
  const note = backendNote(g);
  const { genres: named, changes } = genreHeadline(g);
  // a quick answer is often revised once musicnn has listened: say so where the genre is named
  const kicker = [partial ? (busy ? 'Genre of the opening (the whole track is on its way)' : 'Genre of the opening') : 'Genre', g.stage !== 'quick' ? '' : busy ? 'first guess, musicnn is still listening' : 'first guess, musicnn did not finish']
    .filter(Boolean)
    .join(': ');
  return (
    <div className="genre-result" data-testid="genre-result" data-genre={first.genre} data-backend={g.backend} data-stage={g.stage ?? 'final'} aria-live="polite">
      <p className="genre-kicker">{kicker}</p>
      <p className="genre-name" data-testid="genre-name">
        {named.length > 1 ? (
          <>
            {capitalise(first.genre)} <span className="genre-confidence">{percent(first.p)}</span> or {second.genre} <span className="genre-confidence">{percent(second.p)}</span>
          </>
        ) : (
          <>
            {capitalise(first.genre)} <span className="genre-confidence">{percent(first.p)}</span>
          </>
        )}
      </p>
      <p className="muted">
        {named.length > 1 ? 'Too close to call between the two.' : `Runner-up: ${capitalise(second.genre)} (${percent(second.p)})`}
        {g.shortClip && <span className="badge">short clip: rough guess</span>}
      </p>
      {changes && (
        <p className="genre-changes" data-testid="genre-changes">
          {capitalise(changes)}.
        </p>
      )}
      {note && (
        <div className="note" role="note">
          <p data-testid="backend-note">{note.summary}</p>
          <details>
            <summary>Details</summary>
            <p data-testid="backend-details">{note.details}</p>
          </details>
        </div>
      )}
    </div>
  );
});
