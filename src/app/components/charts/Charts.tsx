/**
 * The recharts charts, loaded on demand (the first page load does not need them): genre
 * probabilities as bars and the genre timeline as stacked areas.
 * Animations are off: results should appear at once and screenshots should be stable.
 */
import { memo, useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { GTZAN_GENRES, type GenreProbabilities, type TimelineEntry } from '../../state/types.ts';
import { GENRE_COLORS } from './palette.ts';

const pct = (v: number) => `${Math.round(v * 100)}%`;

export const ProbabilityBars = memo(function ProbabilityBars({ probabilities }: { probabilities: GenreProbabilities }) {
  const data = useMemo(() => GTZAN_GENRES.map((genre, i) => ({ genre, p: probabilities[i] })), [probabilities]);
  const top = data.reduce((a, b) => (b.p > a.p ? b : a), data[0]);
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 36, bottom: 4, left: 8 }}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" domain={[0, 1]} tickFormatter={pct} fontSize={12} />
        <YAxis type="category" dataKey="genre" width={68} fontSize={12} interval={0} />
        <Tooltip formatter={(v) => pct(Number(v))} />
        <Bar dataKey="p" name="probability" isAnimationActive={false} label={{ position: 'right', formatter: (v: unknown) => pct(Number(v)), fontSize: 11 }}>
          {data.map((d) => (
            <Cell key={d.genre} fill={d.genre === top.genre ? '#d55e00' : '#0072b2'} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
});

export const GenreTimeline = memo(function GenreTimeline({ timeline }: { timeline: readonly TimelineEntry[] }) {
  const data = useMemo(() => timeline.map((w) => ({ t: (w.start + w.end) / 2, ...Object.fromEntries(GTZAN_GENRES.map((g, i) => [g, w.probabilities[i]])) })), [timeline]);
  return (
    <ResponsiveContainer width="100%" height={220}>
      <AreaChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => `${Math.round(v)} s`} fontSize={12} />
        <YAxis domain={[0, 1]} tickFormatter={pct} width={40} fontSize={12} />
        <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(v) => `${Number(v).toFixed(1)} s`} />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => <span className="legend-label">{String(value)}</span>} />
        {GTZAN_GENRES.map((g, i) => (
          <Area key={g} type="monotone" dataKey={g} stackId="p" stroke={GENRE_COLORS[i]} fill={GENRE_COLORS[i]} fillOpacity={0.85} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
});
