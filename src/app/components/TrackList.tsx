/**
 * Every analysis of this session and of earlier ones (kept in IndexedDB): the queue with each
 * waiting track's position, each track's status, date, length, time taken and genre, and its
 * actions (cancel, run again, remove); "Clear finished" with an undo.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { formatDuration } from '../../input/format.ts';
import { topGenres } from '../state/exports.ts';
import { isBusy, selectQueue } from '../state/queue.ts';
import type { Track } from '../state/types.ts';
import { useActions, useApp, useAppShallow } from '../state/useApp.ts';
import { ACCEPT } from './InputBar.tsx';
import { CustomClassBadge } from './CustomClassPanel.tsx';
import { capitalise, percent, SOURCE_LABEL, STATUS_LABEL } from './labels.ts';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function summary(t: Track): string {
  if (t.status === 'error') return t.error ?? 'failed';
  if (t.genre.status === 'ready') {
    if (t.genre.result.status === 'no-music') return 'no music detected';
    const [top] = topGenres(t.genre.result.probabilities);
    return `${capitalise(top.genre)} ${percent(top.p)}`;
  }
  if (t.result) return `${t.result.tempo.toFixed(0)} BPM, ${t.result.key.tonic} ${t.result.key.mode}`;
  return '';
}

/** What the track's chip says: its place in the queue while it waits. */
function chip(t: Track, position: number): string {
  if (position > 0) return `#${position} in the queue`;
  return STATUS_LABEL[t.status];
}

function Item({ t, position, viewed, onRunAgain }: { t: Track; position: number; viewed: boolean; onRunAgain(t: Track): void }) {
  const { view, cancel, remove } = useActions();
  const stopped = t.status === 'cancelled' || t.status === 'interrupted';
  // after a reload the audio is not kept: a file is asked for again, a recording is gone
  const canRunAgain = stopped && (t.audioUrl !== null || t.source !== 'microphone');
  const details = [
    SOURCE_LABEL[t.source] + (t.restored ? ' · earlier' : ''),
    t.sourceDurationSec !== null ? formatDuration(t.sourceDurationSec) : '',
    t.analysisSec ? `analysed in ${formatDuration(t.analysisSec)}` : '',
    summary(t),
  ].filter(Boolean);
  return (
    <li className={`track-item ${viewed ? 'viewed' : ''} status-${t.status}`} data-status={t.status} data-position={position || undefined}>
      <button type="button" className="track-open" onClick={() => view(t.id)} disabled={!t.result && t.status !== 'error' && t.status !== 'interrupted'} aria-current={viewed ? 'true' : undefined}>
        <span className="track-name">{t.name}</span>
        <span className="track-meta">
          <span className="chip" data-testid={position > 0 ? 'queue-position' : undefined}>
            {chip(t, position)}
          </span>{' '}
          <time dateTime={new Date(t.addedAt).toISOString()}>{WHEN.format(t.addedAt)}</time> · {details.join(' · ')}
        </span>
        {t.status === 'interrupted' && <span className="track-meta">{t.error}</span>}
        <CustomClassBadge track={t} />
        {stopped && !canRunAgain && <span className="track-meta">The recording was not kept, so it cannot be run again.</span>}
      </button>
      {isBusy(t) && (
        <button type="button" className="link" onClick={() => cancel(t.id)} aria-label={`Cancel ${t.name}`}>
          Cancel
        </button>
      )}
      {canRunAgain && (
        <button type="button" className="link" onClick={() => onRunAgain(t)} aria-label={`Run ${t.name} again${t.audioUrl ? '' : ' (choose the file)'}`}>
          Run again
        </button>
      )}
      {!isBusy(t) && (
        <button type="button" className="link" onClick={() => remove(t.id)} aria-label={`Remove ${t.name} from the list`}>
          Remove
        </button>
      )}
    </li>
  );
}

export function TrackList() {
  const tracks = useApp((s) => s.tracks);
  const viewedId = useApp((s) => s.viewedId);
  const queue = useAppShallow(selectQueue);
  const lastClear = useApp((s) => s.lastClear);
  const { clearHistory, undoClear, runAgain } = useActions();
  const picker = useRef<HTMLInputElement>(null);
  const [askingFor, setAskingFor] = useState<string | null>(null);
  if (tracks.length === 0 && !lastClear) return null;

  const onRunAgain = (t: Track) => {
    if (t.audioUrl) {
      void runAgain(t.id);
      return;
    }
    setAskingFor(t.id);
    picker.current?.click();
  };
  const onPicked = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file && askingFor) void runAgain(askingFor, file);
    setAskingFor(null);
    e.target.value = '';
  };
  const newestFirst = [...tracks].reverse();
  const finished = tracks.some((t) => !isBusy(t));
  return (
    <section className="panel track-list" aria-labelledby="list-heading">
      <div className="panel-head">
        <h2 id="list-heading">Analyses</h2>
        {queue.length > 0 && <span className="muted small">One at a time; files of a minute or less go first.</span>}
        {finished && (
          <button type="button" className="link" onClick={() => void clearHistory()}>
            Clear finished
          </button>
        )}
      </div>
      {lastClear && (
        <p className="muted small" role="status" data-testid="undo-clear">
          Cleared {lastClear.count === 1 ? 'one analysis' : `${lastClear.count} analyses`}.{' '}
          <button type="button" className="link" onClick={() => void undoClear()}>
            Undo
          </button>
        </p>
      )}
      <input ref={picker} type="file" className="hidden-input" data-testid="run-again-input" accept={ACCEPT} tabIndex={-1} aria-hidden="true" onChange={onPicked} />
      <ul data-testid="track-list">
        {newestFirst.map((t) => (
          <Item key={t.id} t={t} position={queue.indexOf(t.id) + 1} viewed={t.id === viewedId} onRunAgain={onRunAgain} />
        ))}
      </ul>
    </section>
  );
}
