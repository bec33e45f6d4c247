/**
 * "Why this genre": on request, the occlusion map of the answer's genre (or one the user picks)
 * over the mel spectrogram, computed in the analysis worker with its progress and a cancel (the
 * why slice); the map toggles on and off over the spectrogram, with a legend and its strongest
 * region in words. Beside it, from the result itself: the windows that voted most strongly for
 * the genre (click one to play from there) and musicnn's top tags. What the map does and does not
 * show is said in plain words.
 */
import { memo, useCallback, useState } from 'react';
import { viridis } from '../plots/colormap.ts';
import { drawMelSpectrogram } from '../plots/draw.ts';
import { AGAINST_COLOR, drawOcclusionOverlay, FOR_COLOR } from '../plots/occlusionOverlay.ts';
import { formatMoment } from '../plots/timeAxis.ts';
import type { TimeSpan } from '../plots/timeView.ts';
import { topTags } from '../state/exports.ts';
import { answerGenre, whereEvidence, whyWindows } from '../state/slices/why.ts';
import { GTZAN_GENRES, type Genre, type GenreResult, type Track, type TrackResult } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { capitalise, percent, tagLabel } from './labels.ts';
import { PlotCanvas } from './PlotCanvas.tsx';
import { usePlotTheme } from './usePlotTheme.ts';

const TOP_WINDOWS = 3;
const TOP_TAGS = 5;
const MAP_HEIGHT = 180;

interface Props {
  track: Track;
  result: TrackResult;
  /** The final answer (with musicnn's timeline and tags). */
  genre: GenreResult;
}

function WhyMap({ result, trackId, genreName }: { result: TrackResult; trackId: string; genreName: string }) {
  const entry = useApp((s) => s.why[trackId]);
  const overlay = useApp((s) => s.whyOverlay);
  const { setWhyOverlay } = useActions();
  const map = entry?.status === 'ready' ? entry.map : null;
  const duration = result.waveform.durationSec;
  const fmaxHz = result.sr / 2;
  const theme = usePlotTheme();
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, span: TimeSpan) => {
      drawMelSpectrogram(ctx, w, h, result.melDb, result.secondsPerColumn, duration, viridis, { fmaxHz }, theme, span);
      if (map && overlay) drawOcclusionOverlay(ctx, w, h, map, duration, fmaxHz, span);
    },
    [result, duration, fmaxHz, map, overlay, theme],
  );
  if (!map) return null;
  const { occluded, total } = map.patches;
  return (
    <div className="why-map" data-testid="why-map" data-overlay={overlay ? 'on' : 'off'}>
      <label className="why-toggle">
        <input type="checkbox" checked={overlay} onChange={(e) => setWhyOverlay(e.target.checked)} data-testid="why-overlay-toggle" /> Show the map over the spectrogram
      </label>
      <PlotCanvas
        testId="why-canvas"
        label={`Mel spectrogram${overlay ? ` with the evidence for ${genreName}: ${whereEvidence(map)}` : ''}`}
        height={MAP_HEIGHT}
        durationSec={duration}
        draw={draw}
      />
      <p className="why-legend small">
        <span className="why-swatch" style={{ background: FOR_COLOR }} aria-hidden="true" /> hiding it made {genreName} less likely (evidence for){' '}
        <span className="why-swatch" style={{ background: AGAINST_COLOR }} aria-hidden="true" /> more likely (against); the stronger the colour, the larger
        the change. Dashed: the strongest region.
      </p>
      <p data-testid="why-summary">
        {capitalise(whereEvidence(map))}.
        {occluded.length < total ? ` ${occluded.length} of the ${total} three-second slices musicnn heard were mapped, spread over the track; the others have no colour.` : ''}
      </p>
    </div>
  );
}

export const WhyPanel = memo(function WhyPanel({ track, result, genre }: Props) {
  const entry = useApp((s) => s.why[track.id]);
  const { explainGenre, cancelExplain, seek } = useActions();
  const answer = answerGenre(genre);
  const [picked, pick] = useState<Genre | null>(null);
  const chosen = picked ?? entry?.genre ?? answer;
  if (!chosen) return null;
  const windows = whyWindows(genre, chosen, TOP_WINDOWS);
  const tags = genre.tags ? topTags(genre.tags, TOP_TAGS) : [];
  const running = entry?.status === 'running' ? entry : null;
  const shownFor = entry?.status === 'ready' ? entry.genre : chosen;
  const duration = result.waveform.durationSec;
  return (
    <section className="panel why" aria-labelledby="why-heading" data-testid="why-panel">
      <h2 id="why-heading">Why this genre</h2>
      <p className="muted small">
        To see what musicnn listened to, the page hides one patch of the spectrogram at a time (1.5 seconds by a quarter of its frequency range) and
        measures how much the chance of the genre falls. It takes a while: about 20 seconds for a 30-second clip on this kind of device.
      </p>
      <div className="why-controls">
        <label>
          Genre{' '}
          <select value={chosen} onChange={(e) => pick(e.target.value as Genre)} disabled={running !== null} data-testid="why-genre">
            {GTZAN_GENRES.map((g) => (
              <option key={g} value={g}>
                {g}
                {g === answer ? ' (the answer)' : ''}
              </option>
            ))}
          </select>
        </label>
        {running ? (
          <button type="button" onClick={() => cancelExplain(track.id)} data-testid="why-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" onClick={() => explainGenre(track.id, chosen)} data-testid="why-compute">
            {entry?.status === 'ready' && entry.genre === chosen ? 'Map again' : `Show why ${chosen}`}
          </button>
        )}
      </div>
      {running && (
        <div className="why-progress" role="status" data-testid="why-progress">
          <div className="progress-label">
            <span>Hiding one region at a time…</span>
            <span>{percent(running.fraction)}</span>
          </div>
          <div className="progress-bar" aria-hidden="true">
            <div className="progress-fill" style={{ transform: `scaleX(${running.fraction})` }} />
          </div>
        </div>
      )}
      {entry?.status === 'failed' && (
        <p className="muted" role="alert" data-testid="why-error">
          {entry.message}
        </p>
      )}
      <WhyMap result={result} trackId={track.id} genreName={shownFor} />
      <div className="why-lists">
        <div>
          <h3>Windows that voted most for {chosen}</h3>
          <ol data-testid="why-windows">
            {windows.map((w) => (
              <li key={w.startSec}>
                <button type="button" className="why-window" onClick={() => seek(w.startSec)} aria-label={`Play from ${formatMoment(w.startSec, duration)}: ${percent(w.p)} ${chosen}`}>
                  <span>
                    {formatMoment(w.startSec, duration)} – {formatMoment(w.endSec, duration)}
                  </span>
                  <span className="why-score">{percent(w.p)}</span>
                </button>
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h3>Top tags</h3>
          <ol data-testid="why-tags">
            {tags.map((t) => (
              <li key={t.name}>
                {tagLabel(t.name)} <span className="why-score">{percent(t.p)}</span>
              </li>
            ))}
          </ol>
        </div>
      </div>
      <details className="small">
        <summary>What the map shows, and what it does not</summary>
        <p>
          It shows which parts of this recording musicnn&rsquo;s genre head relied on: where hiding the sound (replacing it with the slice&rsquo;s average
          level) changed its answer. It explains that head, three quarters of the answer; the other quarter, a second network, is not in the map.
        </p>
        <p>
          It does not show what makes music {chosen} to a listener, nor why: a region can matter for reasons that have nothing to do with the genre (a
          recording&rsquo;s noise, its loudness). Regions that only count together can each look weak, since only one is hidden at a time. The windows
          list is how sure the head was of {chosen} in each three-second slice, and the tags are musicnn&rsquo;s own words for the whole track.
        </p>
      </details>
    </section>
  );
});
