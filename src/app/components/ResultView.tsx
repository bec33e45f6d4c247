/**
 * Everything about the viewed track: genre, probabilities, musicnn's tags, the tracks it sounds
 * like, the linked time plots with the genre timeline, descriptors, exports.
 * The track is read as a deferred value and every panel is memoised on the part of the result it
 * draws, so a new result renders in the background in slices and an update elsewhere (progress,
 * the list) never re-renders the charts: the page does not freeze.
 */
import { memo, useDeferredValue } from 'react';
import { formatDuration } from '../../input/format.ts';
import { selectViewed } from '../state/store.ts';
import type { ExportKind } from '../state/exportFiles.ts';
import type { Track } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { DescriptorsPanel } from './DescriptorsPanel.tsx';
import { GenrePanel } from './GenrePanel.tsx';
import { Player } from './Player.tsx';
import { ProbabilitiesPanel, TimelinePanel } from './ProbabilitiesPanel.tsx';
import { SoundsLikePanel } from './SoundsLikePanel.tsx';
import { CustomClassPanel } from './CustomClassPanel.tsx';
import { TagsPanel } from './TagsPanel.tsx';
import { WhyPanel } from './WhyPanel.tsx';
import { LinkedTimeGroup, TimePlots } from './TimePlots.tsx';

/** The export bar's buttons (src/app/state/exportFiles.ts makes the files). */
const EXPORTS: { kind: ExportKind; label: string; title: string }[] = [
  { kind: 'json', label: 'JSON', title: 'The whole result, with the app and model versions, settings and warnings' },
  { kind: 'csv', label: 'Track CSV', title: 'One row: the 57 features, key, genre and the ten probabilities' },
  { kind: 'windows-csv', label: 'Windows CSV', title: 'The genre probabilities of each window along the track' },
  { kind: 'all-csv', label: 'All tracks CSV', title: 'One row per track of the list, history included' },
  { kind: 'png', label: 'Result PNG', title: 'The result card: name, date, genre, probabilities and plots' },
];

export function ResultView() {
  const track = useDeferredValue(useApp(selectViewed));
  return track?.result ? <ResultBody track={track} /> : null;
}

const ResultBody = memo(function ResultBody({ track }: { track: Track }) {
  const { exportResult } = useActions();
  if (!track.result) return null;
  const r = track.result;
  const genre = track.genre.status === 'ready' && track.genre.result.status === 'ok' ? track.genre.result : null;
  // While the genre is on its way the panels wait with their charts still mounted (Staged.tsx).
  const genrePanels = genre !== null || track.genre.status === 'pending';
  // A quick answer is still being refined only while the track is being analysed.
  const busy = track.status === 'analysing' || track.status === 'queued';
  return (
    <article className="result" aria-labelledby="result-title" data-track={track.id}>
      <header className="result-head">
        <div>
          <h2 id="result-title" className="track-title">{track.name}</h2>
          <p className="muted small">
            {formatDuration(r.durationSec)} analysed
            {track.sourceDurationSec && track.sourceDurationSec > r.durationSec + 0.5 ? ` of ${formatDuration(track.sourceDurationSec)}` : ''}
            {track.restored ? ' · from the history' : ''}
            {track.partial ? ' · the whole track is still being analysed' : ''}
          </p>
        </div>
        <div className="export-bar" role="group" aria-label="Export">
          {EXPORTS.map((e) => (
            <button key={e.kind} type="button" title={e.title} onClick={() => void exportResult(e.kind, track.id)}>
              {e.label}
            </button>
          ))}
        </div>
      </header>
      {track.warnings.length > 0 && (
        <ul className="notes" data-testid="warnings" aria-label="Warnings about this input">
          {track.warnings.map((w) => (
            <li key={w.code} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <div className="result-grid">
        <div className="result-summary">
          <GenrePanel genre={track.genre} partial={track.genreFromPreview} busy={busy} />
          {genrePanels && <ProbabilitiesPanel genre={genre} busy={busy} />}
          {genrePanels && <TagsPanel genre={genre} busy={busy} />}
          {/* Only once musicnn gave this track its embedding: before that there is nothing to compare. */}
          {genre?.embedding && <SoundsLikePanel trackId={track.id} />}
          {genre?.embedding && <CustomClassPanel trackId={track.id} />}
        </div>
        <section className="panel plots" aria-labelledby="plots-heading">
          <h2 id="plots-heading" className="sr-only">
            Plots
          </h2>
          <Player url={track.audioUrl} name={track.name} />
          {/* One time axis: the plots and the genre timeline zoom, pan and play together. */}
          <LinkedTimeGroup durationSec={r.waveform.durationSec}>
            <TimePlots result={r} tags={genre?.tags ?? null} />
            {genrePanels && <TimelinePanel genre={genre} durationSec={r.waveform.durationSec} />}
          </LinkedTimeGroup>
        </section>
      </div>
      {/* Once musicnn has answered: its timeline and tags are what the panel explains. */}
      {genre?.tags && <WhyPanel track={track} result={r} genre={genre} />}
      <DescriptorsPanel result={r} />
    </article>
  );
});
