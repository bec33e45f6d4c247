/**
 * The recharts charts, loaded on demand (the first page load does not need them): genre
 * probabilities as bars and the genre timeline as stacked areas.
 * Kept cheap to render, since a chart mounts or takes new data in one task (recharts registers
 * its parts from layout effects and the re-render that follows is synchronous): no animation,
 * fixed ticks (no tick search), tick and bar labels as plain SVG text (recharts' own Text
 * measures every word in the DOM), and the timeline's legend in plain HTML.
 */
import { memo, useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { niceTimeStep } from '../../plots/draw.ts';
import { GTZAN_GENRES, type GenreProbabilities, type TimelineEntry } from '../../state/types.ts';
import { GENRE_COLORS } from './palette.ts';

const pct = (v: number) => `${Math.round(v * 100)}%`;
const seconds = (v: number) => `${Math.round(v)} s`;
const UNIT_TICKS = [0, 0.25, 0.5, 0.75, 1];

interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  verticalAnchor?: string;
  fill?: string;
  payload?: { value: unknown };
}

/** An axis tick label as one SVG text element; `format` turns the tick's value into its text. */
function tick(format: (v: unknown) => string) {
  return function Tick({ x, y, textAnchor, verticalAnchor, fill, payload }: TickProps) {
    const dy = verticalAnchor === 'start' ? '0.71em' : verticalAnchor === 'end' ? '0' : '0.355em';
    return (
      <text x={x} y={y} dy={dy} textAnchor={textAnchor} fill={fill ?? '#666'} fontSize={12} className="recharts-cartesian-axis-tick-value">
        {format(payload?.value)}
      </text>
    );
  };
}
const percentTick = tick((v) => pct(Number(v)));
const secondsTick = tick((v) => seconds(Number(v)));
const genreTick = tick(String);

/** A bar's value just past its end (`viewBox` is the bar's rectangle). */
function BarValue({ viewBox, value }: { viewBox?: unknown; value?: unknown }) {
  const box = viewBox as { x?: number; y?: number; width?: number; height?: number } | undefined;
  if (box?.x === undefined || box.y === undefined) return null;
  return (
    <text x={box.x + (box.width ?? 0) + 5} y={box.y + (box.height ?? 0) / 2} dy="0.355em" fontSize={11} fill="#333" className="recharts-label">
      {pct(Number(value))}
    </text>
  );
}

export const ProbabilityBars = memo(function ProbabilityBars({ probabilities }: { probabilities: GenreProbabilities }) {
  const data = useMemo(() => GTZAN_GENRES.map((genre, i) => ({ genre, p: probabilities[i] })), [probabilities]);
  const top = data.reduce((a, b) => (b.p > a.p ? b : a), data[0]);
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 36, bottom: 4, left: 8 }}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" domain={[0, 1]} ticks={UNIT_TICKS} niceTicks="none" interval={0} tick={percentTick} />
        <YAxis type="category" dataKey="genre" width={68} interval={0} tick={genreTick} />
        <Tooltip formatter={(v) => pct(Number(v))} isAnimationActive={false} />
        <Bar dataKey="p" name="probability" isAnimationActive={false} label={{ position: 'right', content: BarValue }}>
          {data.map((d) => (
            <Cell key={d.genre} fill={d.genre === top.genre ? '#d55e00' : '#0072b2'} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
});

/** Points drawn along the timeline at most: a long track's windows are averaged in runs (its cost grows with the points). */
const MAX_TIMELINE_POINTS = 100;

/** One point per window, or per run of neighbouring windows averaged where there are many. */
function timelinePoints(timeline: readonly TimelineEntry[]): Record<string, number>[] {
  const per = Math.ceil(timeline.length / MAX_TIMELINE_POINTS);
  const points: Record<string, number>[] = [];
  for (let a = 0; a < timeline.length; a += per) {
    const run = timeline.slice(a, a + per);
    const point: Record<string, number> = { t: (run[0].start + run[run.length - 1].end) / 2 };
    GTZAN_GENRES.forEach((g, i) => (point[g] = run.reduce((s, w) => s + w.probabilities[i], 0) / run.length));
    points.push(point);
  }
  return points;
}

export const GenreTimeline = memo(function GenreTimeline({ timeline }: { timeline: readonly TimelineEntry[] }) {
  const data = useMemo(() => timelinePoints(timeline), [timeline]);
  const timeTicks = useMemo(() => {
    if (data.length === 0) return [];
    const first = data[0].t;
    const last = data[data.length - 1].t;
    const step = niceTimeStep(last - first, 8);
    const ticks: number[] = [];
    for (let t = Math.ceil(first / step) * step; t <= last + 1e-9; t += step) ticks.push(t);
    return ticks;
  }, [data]);
  return (
    <>
      <ResponsiveContainer width="100%" height={220}>
        <AreaChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} ticks={timeTicks} niceTicks="none" interval={0} tick={secondsTick} />
          <YAxis domain={[0, 1]} ticks={UNIT_TICKS} niceTicks="none" interval={0} tick={percentTick} width={40} />
          <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(v) => `${Number(v).toFixed(1)} s`} isAnimationActive={false} />
          {GTZAN_GENRES.map((g, i) => (
            <Area key={g} type="monotone" dataKey={g} stackId="p" stroke={GENRE_COLORS[i]} fill={GENRE_COLORS[i]} fillOpacity={0.85} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
      <ul className="chart-legend" aria-hidden="true">
        {GTZAN_GENRES.map((g, i) => (
          <li key={g}>
            <span className="swatch" style={{ background: GENRE_COLORS[i] }} />
            <span className="legend-label">{g}</span>
          </li>
        ))}
      </ul>
    </>
  );
});
