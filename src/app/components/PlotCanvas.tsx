/**
 * A canvas plot sized to its container (redrawn on resize, sharp on high-DPI screens, each
 * redraw in a task of its own), with the shared playhead on top. Click or Arrow keys to seek; a
 * text label for screen readers.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { MARGIN, plotArea, timeAtX } from '../plots/draw.ts';
import { scheduleDraw } from '../plots/drawQueue.ts';
import { useActions, useApp } from '../state/useApp.ts';

export type DrawFn = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

interface Props {
  testId: string;
  label: string;
  height: number;
  durationSec: number;
  /** Memoised by the caller: a new function means a redraw. */
  draw: DrawFn;
  interactive?: boolean;
}

function Playhead({ durationSec, width }: { durationSec: number; width: number }) {
  const t = useApp((s) => s.playback.timeSec);
  if (width === 0 || durationSec <= 0) return null;
  const f = plotArea(width, 100);
  const x = f.x + (Math.min(t, durationSec) / durationSec) * f.width;
  return <div className="playhead" aria-hidden="true" style={{ transform: `translateX(${x}px)`, top: MARGIN.top, bottom: MARGIN.bottom }} />;
}

export function PlotCanvas({ testId, label, height, durationSec, draw, interactive = true }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const { seek, seekBy } = useActions();

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    // In a task of its own (drawQueue.ts); until then the canvas keeps its previous picture.
    return scheduleDraw(() => {
      const dpr = Math.min(3, window.devicePixelRatio || 1);
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      const ctx = c.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      draw(ctx, width, height);
    });
  }, [width, height, draw]);

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (!interactive) return;
    const rect = e.currentTarget.getBoundingClientRect();
    seek(timeAtX(e.clientX - rect.left, rect.width, durationSec));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!interactive) return;
    const step = e.shiftKey ? 1 : 5;
    if (e.key === 'ArrowRight') seekBy(step);
    else if (e.key === 'ArrowLeft') seekBy(-step);
    else if (e.key === 'Home') seek(0);
    else return;
    e.preventDefault();
  };

  return (
    <div className="plot" ref={wrap} style={{ height }}>
      <canvas
        ref={canvas}
        data-testid={testId}
        role="img"
        aria-label={interactive ? `${label}. Click or use the arrow keys to move the playhead.` : label}
        tabIndex={interactive ? 0 : -1}
        style={{ width: '100%', height }}
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      {interactive && <Playhead durationSec={durationSec} width={width} />}
    </div>
  );
}
