/**
 * All ten genre probabilities (ensemble, or one model's own view), as a bar chart and, for screen
 * readers and tests, as a table; and the genre timeline along the track, linked to the time plots.
 */
import { memo, Suspense, useCallback, useMemo } from 'react';
import { drawGenreTimeline } from '../plots/draw.ts';
import { stripSegments, timelineAt, timelineBands, type TimelineMode } from '../plots/genreTimeline.ts';
import { formatMoment } from '../plots/timeAxis.ts';
import type { PlotFrame, TimeSpan } from '../plots/timeView.ts';
import { genreHeadline } from '../state/genre.ts';
import { GTZAN_GENRES, type GenreResult } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { GENRE_COLORS } from './charts/palette.ts';
import { capitalise, percent } from './labels.ts';
import { ProbabilityBars } from './LazyCharts.tsx';
import { availableViews, describeView, shownView, VIEW_LABEL } from './modelViews.ts';
import { PlotCanvas } from './PlotCanvas.tsx';
import { Staged } from './Staged.tsx';
import { usePlotTheme } from './usePlotTheme.ts';

/** What the charts hold, hidden, before the first genre comes (Staged.tsx): an even spread. */
const EVEN = GTZAN_GENRES.map(() => 1 / GTZAN_GENRES.length);
const WAITING: GenreResult = {
  status: 'ok',
  probabilities: EVEN,
  models: {},
  timeline: [0, 1, 2].map((i) => ({ start: 3 * i, end: 3 * i + 3, probabilities: EVEN })),
  shortClip: false,
  backend: 'none',
};

interface Props {
  /** null: the genre is still being worked out (the panel waits, its chart stays mounted). */
  genre: GenreResult | null;
  /** The track is still being analysed, so a quick answer is on its way to the final one. */
  busy: boolean;
}

export const ProbabilitiesPanel = memo(function ProbabilitiesPanel({ genre, busy }: Props) {
  const chosen = useApp((s) => s.modelView);
  const { setModelView } = useActions();
  const available = availableViews(genre);
  const shown = shownView(available, chosen);
  const viewOf = (g: GenreResult) => (shown === 'ensemble' ? g.probabilities : (g.models[shown] ?? g.probabilities));
  const refining = genre?.stage === 'quick' && busy;
  return (
    <section className="panel" data-testid="probabilities" aria-labelledby="prob-heading" aria-busy={!genre || undefined}>
      <div className="panel-head">
        <h2 id="prob-heading">Probabilities</h2>
        {available.length > 1 && (
          <div className="segmented" role="group" aria-label="Which model's view">
            {available.map((m) => (
              <button key={m} type="button" aria-pressed={m === shown} className={m === shown ? 'on' : ''} title={genre ? describeView(m, genre) : undefined} onClick={() => setModelView(m)}>
                {VIEW_LABEL[m]}
              </button>
            ))}
          </div>
        )}
      </div>
      <p className="muted small view-description">{genre ? describeView(shown, genre) : 'Waiting for the models…'}</p>
      {refining && (
        <p className="muted small refining" data-testid="refining">
          A first answer: musicnn is still listening and will refine it.
        </p>
      )}
      <Staged
        step={1}
        value={genre}
        placeholder={WAITING}
        height={260}
        render={(g) => (
          <Suspense fallback={<div className="chart-placeholder" style={{ height: 260 }} />}>
            <ProbabilityBars probabilities={viewOf(g)} />
          </Suspense>
        )}
      />
      {genre && (
        <table className="sr-only">
          <caption>Genre probabilities ({VIEW_LABEL[shown]})</caption>
          <tbody>
            {GTZAN_GENRES.map((g, i) => (
              <tr key={g} data-testid="probability-row" data-genre={g} data-p={viewOf(genre)[i]}>
                <th scope="row">{capitalise(g)}</th>
                <td>{percent(viewOf(genre)[i], 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});

const TIMELINE_HEIGHT = 200;
const MODE_LABEL: Record<TimelineMode, string> = { smoothed: 'Smoothed', raw: 'Raw' };

/**
 * The genre along the track on the linked time axis: a strip of the top genre over the ten
 * probabilities stacked, raw (each window as the model heard it) or smoothed (as the verdict reads
 * it, src/model/verdict.ts), and the one-line summary of where the genre changes (genreHeadline).
 * `genre` null: still being worked out (as for ProbabilitiesPanel).
 */
export const TimelinePanel = memo(function TimelinePanel({ genre, durationSec }: { genre: GenreResult | null; durationSec: number }) {
  const mode = useApp((s) => s.timelineMode);
  const { setTimelineMode } = useActions();
  const theme = usePlotTheme();
  const timeline = genre?.timeline;
  const segments = genre?.verdict?.segments;
  const bands = useMemo(() => (timeline ? timelineBands(timeline, mode) : []), [timeline, mode]);
  const strip = useMemo(() => stripSegments(bands, mode, segments), [bands, mode, segments]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, span: TimeSpan) => drawGenreTimeline(ctx, w, h, bands, strip, GENRE_COLORS, GTZAN_GENRES, durationSec, theme, span),
    [bands, strip, durationSec, theme],
  );
  const readout = useCallback(
    (t: number, y: number, f: PlotFrame) => {
      const at = timelineAt(bands, strip, t, y, f);
      if (!at) return null;
      return at.part === 'strip' ? `${GTZAN_GENRES[at.genre]} (top genre${mode === 'smoothed' ? ', smoothed' : ''})` : `${GTZAN_GENRES[at.genre]} ${percent(at.probability)}`;
    },
    [bands, strip, mode],
  );
  const headline = genre ? genreHeadline(genre) : null;
  const enough = genre !== null && genre.timeline.length >= 2;
  return (
    <section className="timeline" data-testid="timeline" aria-labelledby="timeline-heading" aria-busy={!genre || undefined}>
      <div className="panel-head">
        <h3 id="timeline-heading" className="plot-title">
          Genre along the track
        </h3>
        {enough && (
          <div className="segmented" role="group" aria-label="Timeline view">
            {(['smoothed', 'raw'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={m === mode} className={m === mode ? 'on' : ''} onClick={() => setTimelineMode(m)}>
                {MODE_LABEL[m]}
              </button>
            ))}
          </div>
        )}
      </div>
      {headline && enough && (
        <p className="timeline-summary" data-testid="timeline-summary">
          {headline.changes ? `${capitalise(headline.changes)}.` : 'No change of genre along the track.'}
        </p>
      )}
      {enough && (
        <p className="muted small view-description">
          {mode === 'smoothed'
            ? 'Each slice averaged with two either side, as the summary reads it; the strip shows the genre of each stretch.'
            : genre.models.head
              ? 'Each 3-second slice as musicnn’s genre model hears it; the strip shows its top genre.'
              : 'Each 3-second window as the CNN sees it; the strip shows its top genre.'}
        </p>
      )}
      {genre && !enough ? (
        <p className="muted">Too short for a timeline: the track fits in {genre.timeline.length === 1 ? 'one model window' : 'less than one window'}.</p>
      ) : genre ? (
        <>
          <PlotCanvas
            testId="genre-timeline"
            label={`Genre timeline (${MODE_LABEL[mode].toLowerCase()}): the ten genres’ probabilities stacked along the track, the top genre on a strip above`}
            height={TIMELINE_HEIGHT}
            durationSec={durationSec}
            draw={draw}
            readout={readout}
            linked
          />
          <ul className="chart-legend" aria-hidden="true">
            {GTZAN_GENRES.map((g, i) => (
              <li key={g}>
                <span className="swatch" style={{ background: GENRE_COLORS[i] }} />
                <span className="legend-label">{g}</span>
              </li>
            ))}
          </ul>
          <p className="sr-only">{strip.map((s) => `${formatMoment(s.startSec, durationSec)} to ${formatMoment(s.endSec, durationSec)}: ${GTZAN_GENRES[s.genre]}`).join('; ')}</p>
        </>
      ) : (
        <div className="chart-placeholder" style={{ height: TIMELINE_HEIGHT }} aria-hidden="true" />
      )}
    </section>
  );
});
