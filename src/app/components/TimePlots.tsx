/** Waveform with beats, mel spectrogram and chromagram of the viewed result, on one time axis. */
import { memo, useCallback } from 'react';
import { cividis, viridis } from '../plots/colormap.ts';
import { drawChromagram, drawMelSpectrogram, drawWaveform } from '../plots/draw.ts';
import type { TrackResult } from '../state/types.ts';
import { PlotCanvas } from './PlotCanvas.tsx';

export const TimePlots = memo(function TimePlots({ result }: { result: TrackResult }) {
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
    </div>
  );
});
