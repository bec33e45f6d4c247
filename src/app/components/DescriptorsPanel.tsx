/**
 * Tempo, key and the spectral descriptors, as numbers and as curves over time. The curves are
 * canvas plots on the same time axis as the waveform (shared playhead, click to seek), and cost
 * a millisecond each to draw, where six chart components would freeze the page for a moment.
 */
import { memo, useCallback } from 'react';
import { drawCurve } from '../plots/draw.ts';
import type { DescriptorName, TrackResult } from '../state/types.ts';
import { PlotCanvas } from './PlotCanvas.tsx';
import { usePlotTheme } from './usePlotTheme.ts';

const DESCRIPTORS: { name: DescriptorName; label: string; unit: string; color: string; format: (v: number) => string }[] = [
  { name: 'spectralCentroid', label: 'Spectral centroid', unit: 'Hz', color: '#0072b2', format: (v) => `${Math.round(v)} Hz` },
  { name: 'spectralRolloff', label: 'Spectral rolloff (85 %)', unit: 'Hz', color: '#009e73', format: (v) => `${Math.round(v)} Hz` },
  { name: 'spectralBandwidth', label: 'Spectral bandwidth', unit: 'Hz', color: '#cc79a7', format: (v) => `${Math.round(v)} Hz` },
  { name: 'zeroCrossingRate', label: 'Zero-crossing rate', unit: 'per sample', color: '#a66f00', format: (v) => v.toFixed(4) },
  { name: 'rms', label: 'RMS energy', unit: '', color: '#d55e00', format: (v) => v.toFixed(4) },
  { name: 'spectralFlux', label: 'Spectral flux (onset strength)', unit: '', color: '#3d8fc4', format: (v) => v.toPrecision(3) },
];

const compact = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Math.abs(v) >= 10 ? v.toFixed(0) : Number(v.toPrecision(2)).toString());

function Curve({ result, d }: { result: TrackResult; d: (typeof DESCRIPTORS)[number] }) {
  const values = result.descriptors[d.name];
  const duration = result.waveform.durationSec;
  const theme = usePlotTheme();
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawCurve(ctx, w, h, values, result.secondsPerColumn, duration, d.color, compact, theme),
    [values, result.secondsPerColumn, duration, d.color, theme],
  );
  return <PlotCanvas testId={`curve-${d.name}`} label={`${d.label} over time${d.unit ? `, in ${d.unit}` : ''}`} height={84} durationSec={duration} draw={draw} />;
}

export const DescriptorsPanel = memo(function DescriptorsPanel({ result }: { result: TrackResult }) {
  const key = result.key.confidence > 0 ? `${result.key.tonic} ${result.key.mode}` : 'unclear';
  return (
    <section className="panel" data-testid="descriptors" aria-labelledby="desc-heading">
      <h2 id="desc-heading">Tempo, key and descriptors</h2>
      <dl className="facts">
        <div>
          <dt>Tempo</dt>
          <dd data-testid="tempo">{result.tempo > 0 ? `${result.tempo.toFixed(1)} BPM` : '—'}</dd>
        </div>
        <div>
          <dt>Key</dt>
          <dd data-testid="key">
            {key} <span className="muted small">({Math.round(result.key.confidence * 100)} % confidence)</span>
          </dd>
        </div>
        <div>
          <dt>Beats</dt>
          <dd>{result.beatTimes.length}</dd>
        </div>
        <div>
          <dt>Tuning</dt>
          <dd>{`${result.tuning >= 0 ? '+' : ''}${Math.round(result.tuning * 100)} cents`}</dd>
        </div>
      </dl>
      <div className="descriptor-grid">
        {DESCRIPTORS.map((d) => (
          <figure key={d.name} className="descriptor">
            <figcaption>
              <span>{d.label}</span> <strong data-descriptor={d.name}>{d.format(result.descriptorMeans[d.name])}</strong>
              <span className="muted small"> mean</span>
            </figcaption>
            <Curve result={result} d={d} />
          </figure>
        ))}
      </div>
    </section>
  );
});
