/**
 * Waveform with beats, mel spectrogram, chromagram and, once musicnn has listened, its taggram:
 * the plots of the viewed result, on one time axis.
 */
import { memo, useCallback, useMemo } from 'react';
import { cividis, cssGradient, viridis } from '../plots/colormap.ts';
import { drawChromagram, drawMelSpectrogram, drawTaggram, drawWaveform, type TaggramRow } from '../plots/draw.ts';
import { topTags } from '../state/exports.ts';
import type { TagsResult, TrackResult } from '../state/types.ts';
import { tagLabel } from './labels.ts';
import { PlotCanvas } from './PlotCanvas.tsx';

/** Rows of the taggram: more than the ten listed beside it, few enough to name each row. */
export const TAGGRAM_ROWS = 12;
const TAGGRAM_ROW_PX = 18;

const VIRIDIS_SCALE = { background: cssGradient(viridis) };

/** musicnn's tags per 3-second patch; memoised apart so a new genre answer leaves the other plots alone. */
const Taggram = memo(function Taggram({ tags, durationSec }: { tags: TagsResult; durationSec: number }) {
  const rows: TaggramRow[] = useMemo(() => topTags(tags, TAGGRAM_ROWS).map((t) => ({ index: t.index, label: tagLabel(t.name) })), [tags]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawTaggram(ctx, w, h, tags.patches, rows, durationSec, viridis),
    [tags, rows, durationSec],
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
      />
    </>
  );
});

export const TimePlots = memo(function TimePlots({ result, tags }: { result: TrackResult; /** musicnn's tags, once the final answer has them. */ tags: TagsResult | null }) {
  const duration = result.waveform.durationSec;
  const wave = useCallback((ctx: CanvasRenderingContext2D, w: number, h: number) => drawWaveform(ctx, w, h, result.waveform, result.beatTimes), [result]);
  const mel = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawMelSpectrogram(ctx, w, h, result.melDb, result.secondsPerColumn, duration, viridis, { fmaxHz: result.sr / 2 }),
    [result, duration],
  );
  const chroma = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawChromagram(ctx, w, h, result.chroma, result.secondsPerColumn, duration, cividis),
    [result, duration],
  );
  const beats = result.beatTimes.length;
  return (
    <div className="time-plots">
      <h3 className="plot-title">
        Waveform <span className="legend-beat">beats ({beats})</span>
      </h3>
      <PlotCanvas testId="waveform" label={`Waveform of ${duration.toFixed(1)} seconds with ${beats} beat markers`} height={110} durationSec={duration} draw={wave} />
      <h3 className="plot-title">Mel spectrogram</h3>
      <PlotCanvas testId="spectrogram" label="Mel spectrogram: frequency in Hz against time, loudness as colour (viridis)" height={190} durationSec={duration} draw={mel} />
      <h3 className="plot-title">Chromagram</h3>
      <PlotCanvas testId="chromagram" label="Chromagram: energy of the twelve pitch classes C to B against time (cividis)" height={170} durationSec={duration} draw={chroma} />
      {tags && tags.patches.length > 0 && <Taggram tags={tags} durationSec={duration} />}
    </div>
  );
});
