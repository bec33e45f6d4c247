/** Live mode: the rolling window's genre probabilities and a scrolling mel spectrogram. */
import { Suspense, useCallback } from 'react';
import { viridis } from '../plots/colormap.ts';
import { drawMelSpectrogram } from '../plots/draw.ts';
import { topGenres } from '../state/exports.ts';
import { LIVE_SPAN_SEC, LIVE_WINDOW_SEC } from '../state/store.ts';
import { useApp } from '../state/useApp.ts';
import { capitalise, percent } from './labels.ts';
import { ProbabilityBars } from './LazyCharts.tsx';
import { PlotCanvas } from './PlotCanvas.tsx';
import { usePlotTheme } from './usePlotTheme.ts';

export function LivePanel() {
  const status = useApp((s) => s.recorder.status);
  const live = useApp((s) => s.live);
  const mel = live.melDb;
  const theme = usePlotTheme();
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      if (mel) drawMelSpectrogram(ctx, w, h, mel, live.secondsPerColumn, LIVE_SPAN_SEC, viridis, { fmaxHz: 11025, floorDb: -80, scrolling: true }, theme);
    },
    [mel, live.secondsPerColumn, theme],
  );
  if (status !== 'live' && live.updates === 0) return null;
  const g = live.genre;
  const top = g && g.status === 'ok' ? topGenres(g.probabilities)[0] : null;
  return (
    <section className="panel live" aria-labelledby="live-heading" data-testid="live">
      <h2 id="live-heading">Live {status === 'live' ? '(listening)' : '(stopped)'}</h2>
      <p className="muted small">
        The last {LIVE_WINDOW_SEC} s are classified about every second. {live.updates} updates so far.
      </p>
      <p className="genre-name" aria-live="polite" data-testid="live-genre" data-genre={top?.genre ?? ''}>
        {g ? (g.status === 'no-music' ? 'Not music' : top ? `${capitalise(top.genre)} ${percent(top.p)}` : '') : live.genreUnavailable ? 'Genre not available' : 'Listening…'}
      </p>
      {!g && live.genreUnavailable && <p className="muted">{live.genreUnavailable}</p>}
      <div className="live-grid">
        <div>
          {g && g.status === 'ok' && (
            <Suspense fallback={<div className="chart-placeholder" style={{ height: 260 }} />}>
              <ProbabilityBars probabilities={g.probabilities} />
            </Suspense>
          )}
        </div>
        <div>
          {mel && <PlotCanvas testId="live-spectrogram" label={`Scrolling mel spectrogram of the last ${LIVE_SPAN_SEC} seconds`} height={220} durationSec={LIVE_SPAN_SEC} draw={draw} interactive={false} />}
        </div>
      </div>
    </section>
  );
}
