/**
 * A canvas plot sized to its container (redrawn on resize, sharp on high-DPI screens), with the
 * shared playhead on top and a text label for screen readers. New data is drawn in a task of its
 * own (drawQueue.ts scheduleDraw), so a new result's dozen canvases do not freeze the page.
 *
 * A `linked` plot joins the shared time view (useLinkedTime): it draws the visible span, redraws
 * on the next animation frame when the span moves (drawOnNextFrame: all linked plots in one
 * frame), shows the hover line of every linked plot and, under the pointer, a read-out (the time,
 * and what `readout` adds: a frequency, a pitch class, a tag, a genre). Without `linked` it shows
 * the whole track; click or arrow keys seek either way.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { MARGIN, plotArea } from '../plots/draw.ts';
import { drawOnNextFrame, scheduleDraw } from '../plots/drawQueue.ts';
import { formatLength, formatMoment } from '../plots/timeAxis.ts';
import { fullSpan, isWholeTrack, timeOfX, xOfTime, type PlotFrame, type TimeSpan } from '../plots/timeView.ts';
import { useActions, useApp } from '../state/useApp.ts';
import { useLinkedTime } from './useLinkedTime.ts';

/** Draws the plot for a css size, showing `span` of the track. */
export type DrawFn = (ctx: CanvasRenderingContext2D, width: number, height: number, span: TimeSpan) => void;
/** What the read-out adds to the time at a point (y in css px from the canvas top), or null. */
export type ReadoutFn = (timeSec: number, y: number, frame: PlotFrame) => string | null;

interface Props {
  testId: string;
  label: string;
  height: number;
  durationSec: number;
  /** Memoised by the caller: a new function means a redraw. */
  draw: DrawFn;
  /** Click and keys seek the player (default true). */
  interactive?: boolean;
  /** Joins the linked time view: zoom, pan, hover line, read-out. */
  linked?: boolean;
  readout?: ReadoutFn;
}

function useWidth(wrap: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [wrap]);
  return width;
}

interface Picture {
  width: number;
  height: number;
  draw: DrawFn;
  span: TimeSpan;
}

/** Draws the picture on the canvas at the screen's pixel density; false where there is no 2D context. */
function paintCanvas(c: HTMLCanvasElement, p: Picture): boolean {
  const dpr = Math.min(3, window.devicePixelRatio || 1);
  const w = Math.round(p.width * dpr);
  const h = Math.round(p.height * dpr);
  // Resizing a canvas clears and reallocates it: only when the size changed.
  if (c.width !== w || c.height !== h) {
    c.width = w;
    c.height = h;
  }
  const ctx = c.getContext('2d');
  if (!ctx) return false;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  p.draw(ctx, p.width, p.height, p.span);
  c.dataset.viewStart = p.span.startSec.toFixed(3);
  c.dataset.viewEnd = p.span.endSec.toFixed(3);
  return true;
}

/**
 * Keeps the canvas showing `draw` over `span`: new data or a new size in a task of its own, a
 * moved span alone in the next animation frame; each picture drawn once.
 */
function useCanvasPicture(canvas: RefObject<HTMLCanvasElement | null>, picture: Picture): void {
  const latest = useRef(picture);
  const painted = useRef<Picture | null>(null);
  useLayoutEffect(() => {
    latest.current = picture;
  });
  const paint = useCallback(() => {
    const c = canvas.current;
    const p = latest.current;
    const done = painted.current;
    if (!c || p.width === 0) return;
    if (done && done.width === p.width && done.height === p.height && done.draw === p.draw && done.span === p.span) return;
    if (paintCanvas(c, p)) painted.current = p;
  }, [canvas]);

  const { width, height, draw, span } = picture;
  useEffect(() => {
    if (width === 0) return;
    // Until then the canvas keeps its previous picture.
    return scheduleDraw(paint);
  }, [width, height, draw, paint]);
  useEffect(() => {
    const done = painted.current;
    // Only the span moved: follow within the frame. (New data or size is queued above and draws the latest span.)
    if (!done || done.draw !== draw || done.width !== width || done.height !== height) return;
    return drawOnNextFrame(canvas, paint);
  }, [span, draw, width, height, canvas, paint]);
}

/** A vertical line at `timeSec` over the plotting area, hidden outside the span. */
function TimeLine({ className, timeSec, span, width }: { className: string; timeSec: number | null; span: TimeSpan; width: number }) {
  if (timeSec === null || width === 0 || timeSec < span.startSec || timeSec > span.endSec) return null;
  const x = xOfTime(timeSec, plotArea(width, 100), span);
  return <div className={className} aria-hidden="true" style={{ transform: `translateX(${x}px)`, top: MARGIN.top, bottom: MARGIN.bottom }} />;
}

function Playhead({ span, width }: { span: TimeSpan; width: number }) {
  const t = useApp((s) => s.playback.timeSec);
  return <TimeLine className="playhead" timeSec={t} span={span} width={width} />;
}

function HoverLine({ span, width }: { span: TimeSpan; width: number }) {
  const t = useApp((s) => s.hoverSec);
  return <TimeLine className="hover-line" timeSec={t} span={span} width={width} />;
}

/** ", showing 1:10 to 1:40 of 5:00" while zoomed in. */
function shownRange(span: TimeSpan, durationSec: number): string {
  if (isWholeTrack(span, durationSec)) return '';
  return `, showing ${formatMoment(span.startSec, durationSec)} to ${formatMoment(span.endSec, durationSec)} of ${formatLength(durationSec)}`;
}

const SEEK_HINT = 'Click or use the arrow keys to move the playhead.';
const ZOOM_HINT = 'Drag or use the mouse wheel to pan and zoom, + and − zoom, 0 shows the whole track, double-click too.';

function LinkedPlot({ testId, label, height, durationSec, draw, readout }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(wrap);
  const frameOf = useCallback(() => plotArea(canvas.current?.clientWidth ?? 0, height), [height]);
  const { span, pointer, handlers } = useLinkedTime(canvas, durationSec, frameOf);
  useCanvasPicture(canvas, { width, height, draw, span });

  let text: string | null = null;
  if (pointer) {
    const f = plotArea(width, height);
    const inside = pointer.x >= f.x && pointer.x <= f.x + f.width;
    const extra = inside && readout ? readout(pointer.timeSec, pointer.y, f) : null;
    text = inside ? `${formatMoment(pointer.timeSec, durationSec)}${extra ? ` · ${extra}` : ''}` : null;
  }
  // Under the pointer, kept inside the plot: to the left of it near the right edge, above it near the bottom.
  const flipX = pointer !== null && pointer.x > width - 200;
  const flipY = pointer !== null && pointer.y > height - 34;
  return (
    <div className="plot" ref={wrap} style={{ height }}>
      <canvas
        ref={canvas}
        data-testid={testId}
        role="img"
        aria-label={`${label}${shownRange(span, durationSec)}. ${SEEK_HINT} ${ZOOM_HINT}`}
        tabIndex={0}
        className="linked"
        style={{ width: '100%', height }}
        {...handlers}
      />
      <HoverLine span={span} width={width} />
      <Playhead span={span} width={width} />
      {text && pointer && (
        <div
          className="plot-readout"
          data-testid="plot-readout"
          aria-hidden="true"
          style={{ left: pointer.x, top: pointer.y, transform: `translate(${flipX ? 'calc(-100% - 12px)' : '12px'}, ${flipY ? 'calc(-100% - 10px)' : '16px'})` }}
        >
          {text}
        </div>
      )}
    </div>
  );
}

function WholeTrackPlot({ testId, label, height, durationSec, draw, interactive = true }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(wrap);
  const span = useMemo(() => fullSpan(durationSec), [durationSec]);
  const { seek, seekBy } = useActions();
  useCanvasPicture(canvas, { width, height, draw, span });

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (!interactive) return;
    const rect = e.currentTarget.getBoundingClientRect();
    seek(timeOfX(e.clientX - rect.left, plotArea(rect.width, height), span));
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
        aria-label={interactive ? `${label}. ${SEEK_HINT}` : label}
        tabIndex={interactive ? 0 : -1}
        style={{ width: '100%', height }}
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      {interactive && <Playhead span={span} width={width} />}
    </div>
  );
}

export function PlotCanvas(props: Props) {
  return props.linked ? <LinkedPlot {...props} /> : <WholeTrackPlot {...props} />;
}
