/**
 * All ten genre probabilities (ensemble, or one model's own view), as a bar chart and, for screen
 * readers and tests, as a table; and the genre timeline along the track.
 */
import { memo, Suspense } from 'react';
import { GTZAN_GENRES, type GenreResult } from '../state/types.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { capitalise, percent } from './labels.ts';
import { availableViews, describeView, shownView, VIEW_LABEL } from './modelViews.ts';
import { GenreTimeline, ProbabilityBars } from './LazyCharts.tsx';
import { Staged } from './Staged.tsx';

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

/** `genre` null: still being worked out (as for ProbabilitiesPanel). */
export const TimelinePanel = memo(function TimelinePanel({ genre }: { genre: GenreResult | null }) {
  return (
    <section className="panel" data-testid="timeline" aria-labelledby="timeline-heading" aria-busy={!genre || undefined}>
      <h2 id="timeline-heading">Genre along the track</h2>
      {genre && genre.timeline.length >= 2 && (
        <p className="muted small view-description">{genre.models.head ? 'Each 3-second slice as musicnn’s genre model hears it' : 'Each 3-second window as the CNN sees it'}</p>
      )}
      {genre && genre.timeline.length < 2 ? (
        <p className="muted">Too short for a timeline: the track fits in {genre.timeline.length === 1 ? 'one model window' : 'less than one window'}.</p>
      ) : (
        <Staged
          step={2}
          value={genre}
          placeholder={WAITING}
          height={248}
          render={(g) => (
            <Suspense fallback={<div className="chart-placeholder" style={{ height: 248 }} />}>
              <GenreTimeline timeline={g.timeline} />
            </Suspense>
          )}
        />
      )}
      {genre && (
        <p className="sr-only">
          {genre.timeline.map((w) => `${w.start.toFixed(0)} to ${w.end.toFixed(0)} s: ${GTZAN_GENRES[w.probabilities.indexOf(Math.max(...w.probabilities))]}`).join('; ')}
        </p>
      )}
    </section>
  );
});
