/** The page: ways in, the status of the latest analysis, its result, live mode and the list. */
import { DropOverlay } from './DropOverlay.tsx';
import { HistoryMap } from './HistoryMap.tsx';
import { InputBar } from './InputBar.tsx';
import { LivePanel } from './LivePanel.tsx';
import { ResultView } from './ResultView.tsx';
import { StatusPanel } from './StatusPanel.tsx';
import { TeachPanel } from './TeachPanel.tsx';
import { TrackList } from './TrackList.tsx';
import { useApp } from '../state/useApp.ts';

function Welcome() {
  const busy = useApp((s) => s.viewedId !== null || s.recorder.status !== 'idle' || s.live.updates > 0);
  if (busy) return null;
  return (
    <div className="welcome">
      <p>
        Drop an audio file anywhere on this page, choose one, record from the microphone, or try the demo clip. Genrescope shows the genre and
        why: waveform and beats, mel spectrogram, chromagram, tempo, key and spectral descriptors.
      </p>
      <p className="muted small">Everything runs on this device: the audio never leaves it.</p>
    </div>
  );
}

export function App() {
  return (
    <>
      <DropOverlay />
      <header className="site-header">
        <h1>
          Genrescope <span className="tagline">what genre is this, and why does it sound like that?</span>
        </h1>
      </header>
      <main id="main">
        <InputBar />
        <StatusPanel />
        <LivePanel />
        <Welcome />
        <ResultView />
        <TrackList />
        <TeachPanel />
        <HistoryMap />
      </main>
    </>
  );
}
