/** Every analysis of this session and of earlier ones (kept in IndexedDB): status, genre, actions. */
import { topGenres } from '../state/exports.ts';
import type { Track } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { capitalise, percent, SOURCE_LABEL, STATUS_LABEL } from './labels.ts';

function summary(t: Track): string {
  if (t.status === 'error') return t.error ?? 'failed';
  if (t.genre.status === 'ready') {
    if (t.genre.result.status === 'no-music') return 'no music detected';
    const [top] = topGenres(t.genre.result.probabilities);
    return `${capitalise(top.genre)} ${percent(top.p)}`;
  }
  if (t.result) return `${t.result.tempo.toFixed(0)} BPM, ${t.result.key.tonic} ${t.result.key.mode}`;
  return STATUS_LABEL[t.status];
}

export function TrackList() {
  const tracks = useApp((s) => s.tracks);
  const viewedId = useApp((s) => s.viewedId);
  const { view, cancel, remove, clearHistory } = useActions();
  if (tracks.length === 0) return null;
  const newestFirst = [...tracks].reverse();
  return (
    <section className="panel track-list" aria-labelledby="list-heading">
      <div className="panel-head">
        <h2 id="list-heading">Analyses</h2>
        <button type="button" className="link" onClick={() => void clearHistory()}>
          Clear finished
        </button>
      </div>
      <ul data-testid="track-list">
        {newestFirst.map((t) => {
          const busy = t.status === 'decoding' || t.status === 'queued' || t.status === 'analysing';
          return (
            <li key={t.id} className={`track-item ${t.id === viewedId ? 'viewed' : ''} status-${t.status}`} data-status={t.status}>
              <button type="button" className="track-open" onClick={() => view(t.id)} disabled={!t.result && t.status !== 'error'} aria-current={t.id === viewedId ? 'true' : undefined}>
                <span className="track-name">{t.name}</span>
                <span className="track-meta">
                  <span className="chip">{STATUS_LABEL[t.status]}</span> {SOURCE_LABEL[t.source]}
                  {t.restored ? ' · earlier' : ''} · {summary(t)}
                </span>
              </button>
              {busy ? (
                <button type="button" className="link" onClick={() => cancel(t.id)} aria-label={`Cancel ${t.name}`}>
                  Cancel
                </button>
              ) : (
                <button type="button" className="link" onClick={() => remove(t.id)} aria-label={`Remove ${t.name} from the list`}>
                  Remove
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
