/**
 * Where the result appears: the progress of the track last added (stage by stage, with a cancel
 * button) and any message (a failed file, a denied microphone). It sits above the result on
 * screen, which stays as it was.
 */
import { selectFocus } from '../state/store.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { percent, STAGE_LABEL } from './labels.ts';

export function StatusPanel() {
  const focus = useApp(selectFocus);
  const alert = useApp((s) => s.alert);
  const { cancel, dismissAlert } = useActions();
  const busy = focus && (focus.status === 'decoding' || focus.status === 'queued' || focus.status === 'analysing');
  const long = focus && (focus.progressScope === 'opening' || focus.partial || focus.genreFromPreview);
  const scope = !long ? '' : focus.progressScope === 'opening' ? 'Quick look at the opening: ' : 'Whole track: ';
  const stageText = focus ? (focus.status === 'queued' ? 'Waiting for the analyses before it' : `${scope}${STAGE_LABEL[focus.stage]}`) : '';
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
