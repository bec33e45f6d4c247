/**
 * Waveform with beats, mel spectrogram, chromagram and, once musicnn has listened, its taggram:
 * the plots of the viewed result, linked on one time axis (PlotCanvas `linked`), each with its
 * read-out under the pointer; and the group that holds them with the genre timeline, which zooms
 * and pans with the keyboard and names the span shown.
 */
import { memo, useCallback, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { cividis, cssGradient, viridis } from '../plots/colormap.ts';
import { drawChromagram, drawMelSpectrogram, drawTaggram, drawWaveform, type TaggramRow } from '../plots/draw.ts';
import { formatHz, frequencyAt, fromBottomIn, matrixValueAt, patchValueAt, pitchClassAt, rowAt, taggramRowAt } from '../plots/readout.ts';
import { formatLength, formatMoment } from '../plots/timeAxis.ts';
import { isWholeTrack, PAN_STEP, spanLength, timeKeyCommand, ZOOM_STEP, type PlotFrame, type TimeSpan } from '../plots/timeView.ts';
import { topTags } from '../state/exports.ts';
import type { TagsResult, TrackResult } from '../state/types.ts';
import { useActions } from '../state/useApp.ts';
import { percent, tagLabel } from './labels.ts';
import { PlotCanvas } from './PlotCanvas.tsx';
import { usePlotTheme } from './usePlotTheme.ts';
import { useTimeSpan } from './useLinkedTime.ts';

/** Rows of the taggram: more than the ten listed beside it, few enough to name each row. */
export const TAGGRAM_ROWS = 12;
const TAGGRAM_ROW_PX = 18;

const VIRIDIS_SCALE = { background: cssGradient(viridis) };

/** musicnn's tags per 3-second patch; memoised apart so a new genre answer leaves the other plots alone. */
const Taggram = memo(function Taggram({ tags, durationSec }: { tags: TagsResult; durationSec: number }) {
  const theme = usePlotTheme();
  const rows: TaggramRow[] = useMemo(() => topTags(tags, TAGGRAM_ROWS).map((t) => ({ index: t.index, label: tagLabel(t.name) })), [tags]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, span: TimeSpan) => drawTaggram(ctx, w, h, tags.patches, rows, durationSec, viridis, theme, span),
    [tags, rows, durationSec, theme],
  );
  const readout = useCallback(
    (t: number, y: number, f: PlotFrame) => {
      const at = fromBottomIn(y, f);
      if (at === null || rows.length === 0) return null;
      const row = rows[taggramRowAt(at, rows.length)];
      const value = patchValueAt(tags.patches, row.index, t);
      return value === null ? `${row.label}: not heard here` : `${row.label} ${percent(value)}`;
    },
    [tags, rows],
  );
  const names = rows.map((r) => r.label).join(', ');
  return (
    <>
      <h3 className="plot-title">
        What musicnn hears, slice by slice{' '}
        <span className="color-scale" aria-hidden="true">
          <span>0 %</span>
          <span className="color-scale-bar" style={VIRIDIS_SCALE} />
          <span>100 %</span>
        </span>
      </h3>
      <PlotCanvas
        testId="taggram"
        label={`Taggram: how strongly musicnn hears each of its ${rows.length} most likely tags (${names}) in each 3-second slice, as colour from 0 to 100 % (viridis)`}
        height={rows.length * TAGGRAM_ROW_PX + 28}
        durationSec={durationSec}
        draw={draw}
        readout={readout}
        linked
      />
    </>
  );
});

export const TimePlots = memo(function TimePlots({ result, tags }: { result: TrackResult; /** musicnn's tags, once the final answer has them. */ tags: TagsResult | null }) {
  const duration = result.waveform.durationSec;
  const fmaxHz = result.sr / 2;
  const theme = usePlotTheme();
  const wave = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, span: TimeSpan) => drawWaveform(ctx, w, h, result.waveform, result.beatTimes, theme, span),
    [result, theme],
  );
  const mel = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, span: TimeSpan) =>
      drawMelSpectrogram(ctx, w, h, result.melDb, result.secondsPerColumn, duration, viridis, { fmaxHz }, theme, span),
    [result, duration, fmaxHz, theme],
  );
  const melReadout = useCallback(
    (t: number, y: number, f: PlotFrame) => {
      const at = fromBottomIn(y, f);
      if (at === null) return null;
      const db = matrixValueAt(result.melDb, rowAt(at, result.melDb.rows), t, result.secondsPerColumn);
      return `${formatHz(frequencyAt(at, fmaxHz))}${db === null ? '' : ` · ${Math.round(db)} dB`}`;
    },
    [result, fmaxHz],
  );
  const chroma = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, span: TimeSpan) => drawChromagram(ctx, w, h, result.chroma, result.secondsPerColumn, duration, cividis, theme, span),
    [result, duration, theme],
  );
  const chromaReadout = useCallback(
    (t: number, y: number, f: PlotFrame) => {
      const at = fromBottomIn(y, f);
      if (at === null) return null;
      const energy = matrixValueAt(result.chroma, rowAt(at, 12), t, result.secondsPerColumn);
      return `${pitchClassAt(at)}${energy === null ? '' : ` ${percent(energy)}`}`;
    },
    [result],
  );
  const beats = result.beatTimes.length;
  return (
    <div className="time-plots">
      <h3 className="plot-title">
        Waveform <span className="legend-beat">beats ({beats})</span>
      </h3>
      <PlotCanvas testId="waveform" label={`Waveform of ${formatLength(duration)} with ${beats} beat markers`} height={110} durationSec={duration} draw={wave} linked />
      <h3 className="plot-title">Mel spectrogram</h3>
      <PlotCanvas
        testId="spectrogram"
        label="Mel spectrogram: frequency in Hz against time, loudness as colour (viridis)"
        height={190}
        durationSec={duration}
        draw={mel}
        readout={melReadout}
        linked
      />
      <h3 className="plot-title">Chromagram</h3>
      <PlotCanvas
        testId="chromagram"
        label="Chromagram: energy of the twelve pitch classes C to B against time (cividis)"
        height={170}
        durationSec={duration}
        draw={chroma}
        readout={chromaReadout}
        linked
      />
      {tags && tags.patches.length > 0 && <Taggram tags={tags} durationSec={duration} />}
    </div>
  );
});

/**
 * The linked plots' group: focusable, + and − zoom, the arrow keys pan, 0 shows the whole track
 * (keys on a plot itself zoom there and move the playhead); buttons for the same, and the span
 * shown in words.
 */
export function LinkedTimeGroup({ durationSec, children }: { durationSec: number; children: ReactNode }) {
  const span = useTimeSpan(durationSec);
  const { zoomTime, panTime, showWholeTrack } = useActions();
  const whole = isWholeTrack(span, durationSec);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const command = timeKeyCommand(e.key);
    if (!command || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    // Keys typed into the group's buttons are theirs, except zooming.
    if (e.target !== e.currentTarget && (command === 'earlier' || command === 'later')) return;
    if (command === 'zoom-in') zoomTime(ZOOM_STEP);
    else if (command === 'zoom-out') zoomTime(1 / ZOOM_STEP);
    else if (command === 'whole') showWholeTrack();
    else panTime((command === 'later' ? 1 : -1) * PAN_STEP * spanLength(span));
    e.preventDefault();
  };
  const shown = whole
    ? `the whole track (${formatLength(durationSec)})`
    : `${formatMoment(span.startSec, durationSec)} to ${formatMoment(span.endSec, durationSec)} of ${formatLength(durationSec)}`;
  return (
    <div
      className="linked-time"
      role="group"
      tabIndex={0}
      data-testid="time-plots-group"
      aria-label="Time plots on one time axis: + and − zoom, the arrow keys pan, 0 shows the whole track"
      onKeyDown={onKeyDown}
    >
      <div className="time-toolbar">
        <span className="muted small" data-testid="time-shown" aria-live="polite">
          Showing {shown}
        </span>
        <span className="time-buttons" role="group" aria-label="Zoom">
          <button type="button" aria-label="Zoom out" title="Zoom out (−)" disabled={whole} onClick={() => zoomTime(1 / ZOOM_STEP)}>
            −
          </button>
          <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomTime(ZOOM_STEP)}>
            +
          </button>
          <button type="button" title="Whole track (0)" disabled={whole} onClick={showWholeTrack}>
            Whole track
          </button>
        </span>
      </div>
      <p className="muted small time-hint">Wheel or pinch to zoom, drag to pan, double-click for the whole track, click to play from there.</p>
      {children}
    </div>
  );
}
