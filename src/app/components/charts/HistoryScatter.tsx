/**
 * The history map as a recharts scatter (loaded on demand, like the other charts): one series per
 * genre or class with its colour, each point a focusable circle that opens its track on a click
 * or Enter, the track's name on hover. The axes carry no numbers: the principal components have
 * no unit, only how much of the tracks' differences each holds.
 */
import { memo, useMemo, type KeyboardEvent } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MapPoint } from '../../state/historyMap.ts';

export interface HistoryScatterProps {
  points: MapPoint[];
  groups: string[];
  colourOf(group: string): string;
  /** Shares of the variance along x and y, for the axis labels. */
  explained: [number, number];
  onOpen(id: string): void;
}

interface ShapeProps {
  cx?: number;
  cy?: number;
  fill?: string;
  payload?: MapPoint;
}

function NameTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const p = active ? (payload?.[0]?.payload as MapPoint | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="map-tooltip" data-testid="map-tooltip">
      <strong>{p.name}</strong>
      <br />
      {p.group}
    </div>
  );
}

const share = (v: number) => `${Math.round(v * 100)} %`;

export default memo(function HistoryScatter({ points, groups, colourOf, explained, onOpen }: HistoryScatterProps) {
  const byGroup = useMemo(() => groups.map((g) => ({ g, data: points.filter((p) => p.group === g) })), [points, groups]);
  // symmetric about the mean, never empty (one track sits at 0, 0)
  const reach = Math.max(1e-3, ...points.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y)))) * 1.15;
  const domain = [-reach, reach];
  function Point({ cx = 0, cy = 0, fill, payload }: ShapeProps) {
    if (!payload) return null;
    const open = () => onOpen(payload.id);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    };
    return (
      <circle cx={cx} cy={cy} r={7} fill={fill} className="map-point" data-testid="map-point" data-track={payload.id} data-group={payload.group}
        role="button" tabIndex={0} aria-label={`Open ${payload.name} (${payload.group})`} onClick={open} onKeyDown={onKey} />
    );
  }
  return (
    <ResponsiveContainer width="100%" height={340}>
      <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" dataKey="x" domain={domain} tick={false} allowDataOverflow label={{ value: `across: ${share(explained[0])} of the differences`, position: 'insideBottom', offset: -12, fontSize: 12 }} />
        <YAxis type="number" dataKey="y" domain={domain} tick={false} width={24} allowDataOverflow label={{ value: `up: ${share(explained[1])}`, angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
        <Tooltip content={NameTooltip} isAnimationActive={false} cursor={false} />
        {byGroup.map(({ g, data }) => (
          <Scatter key={g} name={g} data={data} fill={colourOf(g)} isAnimationActive={false} shape={Point} />
        ))}
      </ScatterChart>
    </ResponsiveContainer>
  );
});
