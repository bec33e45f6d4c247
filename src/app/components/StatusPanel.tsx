/**
 * Where the result appears: the progress of the track last added (stage by stage, or its place in
 * the queue, with a cancel button), what a cancel left, and any message (a failed file, a denied
 * microphone). It sits above the result on screen, which stays as it was.
 */
import { formatDuration } from '../../input/format.ts';
import { isBusy, selectQueue } from '../state/queue.ts';
import { selectFocus } from '../state/store.ts';
import type { Track } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { percent, STAGE_LABEL } from './labels.ts';

/** What is left of a cancelled track, in words. */
function cancelledNote(t: Track): string {
  const r = t.result;
  if (!r) return `${t.name}: cancelled before it was analysed.`;
  const whole = t.sourceDurationSec ?? r.durationSec;
  return r.durationSec + 0.5 < whole ? `${t.name}: cancelled. Only its opening (${formatDuration(r.durationSec)} of ${formatDuration(whole)}) was analysed.` : `${t.name}: cancelled.`;
}

export function StatusPanel() {
  const focus = useApp(selectFocus);
  const alert = useApp((s) => s.alert);
  const position = useApp((s) => (focus ? selectQueue(s).indexOf(focus.id) + 1 : 0));
  const { cancel, dismissAlert } = useActions();
  const busy = focus && isBusy(focus);
  const long = focus && (focus.progressScope === 'opening' || focus.partial || focus.genreFromPreview);
  const scope = !long ? '' : focus.progressScope === 'opening' ? 'Quick look at the opening: ' : 'Whole track: ';
  const waitText = position === 1 ? 'Waiting: next in the queue' : `Waiting: #${position} in the queue`;
  // a file not yet being decoded waits its turn too
  const waiting = focus && (focus.status === 'queued' || (focus.status === 'decoding' && focus.progress === 0));
  const stageText = focus ? (waiting ? waitText : `${scope}${STAGE_LABEL[focus.stage]}`) : '';
  return (
    <div className="status-area">
      {busy && focus && (
        <div className="progress-box" data-testid="progress" data-stage={focus.stage}>
          <div className="progress-label">
            <span>
              <strong>{focus.name}</strong> · {stageText}
            </span>
            <button type="button" className="link" onClick={() => cancel(focus.id)}>
              Cancel
            </button>
          </div>
          <div
            className="progress-bar"
            role="progressbar"
            aria-label={`Analysing ${focus.name}: ${stageText}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(focus.progress * 100)}
            aria-valuetext={`${percent(focus.progress)} — ${stageText}`}
          >
            <div className="progress-fill" style={{ transform: `scaleX(${focus.progress})` }} />
          </div>
        </div>
      )}
      {focus?.status === 'cancelled' && (
        <p className="muted small" data-testid="status-note" role="status">
          {cancelledNote(focus)}
        </p>
      )}
      {alert && (
        <div className={`alert ${alert.kind}`} data-testid={alert.kind === 'error' ? 'error' : 'notice'} role={alert.kind === 'error' ? 'alert' : 'status'}>
          <p>{alert.text}</p>
          <button type="button" className="link" onClick={dismissAlert} aria-label="Dismiss this message">
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
