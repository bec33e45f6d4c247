/**
 * The recharts chart, loaded on demand (the first page load does not need it): genre
 * probabilities as bars. (The genre timeline is a canvas on the plots' time axis: draw.ts.)
 * Kept cheap to render, since a chart mounts or takes new data in one task (recharts registers
 * its parts from layout effects and the re-render that follows is synchronous): no animation,
 * fixed ticks (no tick search), tick and bar labels as plain SVG text (recharts' own Text
 * measures every word in the DOM).
 */
import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { GTZAN_GENRES, type GenreProbabilities } from '../../state/types.ts';

const pct = (v: number) => `${Math.round(v * 100)}%`;
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
