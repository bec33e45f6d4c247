/**
 * Ways in: a file picker (several files queue up), the synthesised demo, a recording from the
 * microphone with its input level and elapsed time, and live mode.
 */
import { useRef, type ChangeEvent } from 'react';
import { formatDuration } from '../../input/format.ts';
import { isBusy } from '../state/queue.ts';
import { useActions, useApp, useAppShallow } from '../state/useApp.ts';
import { preloadCharts } from './LazyCharts.tsx';

export const ACCEPT = 'audio/*,video/webm,.mp3,.wav,.flac,.ogg,.oga,.opus,.m4a,.aac,.mp4,.webm';

export function InputBar() {
  const input = useRef<HTMLInputElement>(null);
  const recorder = useAppShallow((s) => ({ status: s.recorder.status, level: s.recorder.level, elapsedSec: s.recorder.elapsedSec }));
  const busyDemo = useApp((s) => s.tracks.some((t) => t.source === 'demo' && isBusy(t)));
  const { addFiles, addDemo, startRecording, stopRecording, startLive, stopLive } = useActions();

  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    if (files.length) {
      preloadCharts();
      addFiles(files);
    }
    e.target.value = ''; // the same file can be chosen again
  };

  const recording = recorder.status === 'recording';
  const live = recorder.status === 'live';
  const requesting = recorder.status === 'requesting';
  return (
    <section className="input-bar" aria-label="Add audio">
      <input ref={input} type="file" className="hidden-input" data-testid="file-input" accept={ACCEPT} multiple tabIndex={-1} aria-hidden="true" onChange={onFiles} />
      <button type="button" className="primary" onClick={() => input.current?.click()}>
        Choose audio files…
      </button>
      <button
        type="button"
        onClick={() => {
          preloadCharts();
          void addDemo();
        }}
        disabled={busyDemo}
      >
        Try the demo clip
      </button>
      <span className="divider" aria-hidden="true" />
      {!live && (
        <button type="button" className={recording ? 'danger' : ''} aria-pressed={recording} onClick={() => void (recording ? stopRecording() : startRecording())} disabled={requesting}>
          {recording ? 'Stop and analyse' : 'Record'}
        </button>
      )}
      {!recording && (
        <button type="button" aria-pressed={live} className={live ? 'danger' : ''} onClick={() => void (live ? stopLive() : startLive())} disabled={requesting}>
          {live ? 'Stop live mode' : 'Live mode'}
        </button>
      )}
      {(recording || live) && (
        <span className="rec-status" data-testid="recorder">
          <span className="rec-dot" aria-hidden="true" />
          <meter className="level" min={0} max={1} low={0.05} high={0.95} optimum={0.5} value={recorder.level} aria-label="Input level" />
          <span aria-live="off" className="elapsed">
            {formatDuration(recorder.elapsedSec)}
          </span>
        </span>
      )}
      {requesting && <span className="muted small">Waiting for microphone permission…</span>}
    </section>
  );
}
