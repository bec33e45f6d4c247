/**
 * The shared time view of the linked plots, as pure functions: the visible span of the track,
 * zooming around an anchor time, panning, clamping to the track, paging to follow the playhead,
 * the plots' common margins, and mapping between time and x in a plotting frame. No DOM: the store and tests use it too.
 */

/** The visible part of the track, in seconds from its start. */
export interface TimeSpan {
  startSec: number;
  endSec: number;
}

/** The plotting area of a canvas (css pixels), as plotArea gives it. */
export interface PlotFrame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every plot's margins around its plotting area, so one time maps to the same x in all of them. */
export const MARGIN = { left: 52, right: 10, top: 6, bottom: 22 } as const;

/** The plotting area inside a canvas of css size width x height. */
export function plotArea(width: number, height: number): PlotFrame {
  return { x: MARGIN.left, y: MARGIN.top, width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom) };
}

/** The narrowest span one can zoom to: a few beats, below which the pooled columns are only blur. */
export const MIN_SPAN_SEC = 1;
/** How much one keyboard or button step zooms. */
export const ZOOM_STEP = 1.5;
/** How far one arrow-key step pans, as a share of the visible span. */
export const PAN_STEP = 0.2;

export const fullSpan = (durationSec: number): TimeSpan => ({ startSec: 0, endSec: Math.max(0, durationSec) });
export const spanLength = (s: TimeSpan): number => s.endSec - s.startSec;

/** True when the span shows (practically) the whole track. */
export function isWholeTrack(s: TimeSpan, durationSec: number): boolean {
  return s.startSec <= 1e-6 && s.endSec >= durationSec - 1e-6;
}

/** The span made valid for the track: no longer than it, no shorter than MIN_SPAN_SEC (or the track), inside [0, duration]. */
export function clampSpan(s: TimeSpan, durationSec: number): TimeSpan {
  if (!(durationSec > 0)) return fullSpan(0);
  const min = Math.min(MIN_SPAN_SEC, durationSec);
  const length = Math.min(durationSec, Math.max(min, Number.isFinite(spanLength(s)) ? spanLength(s) : durationSec));
  const start = Math.min(durationSec - length, Math.max(0, Number.isFinite(s.startSec) ? s.startSec : 0));
  return { startSec: start, endSec: start + length };
}

/** Zooms by `factor` (> 1 in, < 1 out) keeping `anchorSec` at the same place on screen. */
export function zoomSpan(s: TimeSpan, factor: number, anchorSec: number, durationSec: number): TimeSpan {
  const length = spanLength(s);
  if (!(factor > 0) || length <= 0) return clampSpan(s, durationSec);
  const anchor = Math.min(s.endSec, Math.max(s.startSec, anchorSec));
  const share = (anchor - s.startSec) / length;
  const min = Math.min(MIN_SPAN_SEC, durationSec);
  const next = Math.min(durationSec, Math.max(min, length / factor));
  return clampSpan({ startSec: anchor - share * next, endSec: anchor - share * next + next }, durationSec);
}

/** Moves the span by `deltaSec` (positive: later), stopping at the track's ends. */
export function panSpan(s: TimeSpan, deltaSec: number, durationSec: number): TimeSpan {
  return clampSpan({ startSec: s.startSec + deltaSec, endSec: s.endSec + deltaSec }, durationSec);
}

/**
 * Where the view goes while the track plays: unchanged while the playhead is inside it, else the
 * next page (the playhead at its left edge) so playback never runs off the zoomed view.
 */
export function followPlayhead(s: TimeSpan, timeSec: number, durationSec: number): TimeSpan {
  if (timeSec >= s.startSec && timeSec <= s.endSec) return s;
  return clampSpan({ startSec: timeSec, endSec: timeSec + spanLength(s) }, durationSec);
}

/** The x (css px) of time `t` in the frame. */
export function xOfTime(t: number, f: PlotFrame, s: TimeSpan): number {
  return f.x + ((t - s.startSec) / (spanLength(s) || 1)) * f.width;
}

/** The time at css x in the frame, clamped to the span. */
export function timeOfX(x: number, f: PlotFrame, s: TimeSpan): number {
  const t = s.startSec + ((x - f.x) / (f.width || 1)) * spanLength(s);
  return Math.min(s.endSec, Math.max(s.startSec, t));
}

/** The zoom factor of one wheel event: a notch (100 px, or 3 lines) zooms by about 1.22. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-400, Math.min(400, px)) * 0.002);
}

/** What a key does to the time view: zoom in or out, step earlier or later, or back to the whole track. */
export type TimeKeyCommand = 'zoom-in' | 'zoom-out' | 'earlier' | 'later' | 'whole';

export function timeKeyCommand(key: string): TimeKeyCommand | null {
  switch (key) {
    case '+':
    case '=':
      return 'zoom-in';
    case '-':
    case '_':
      return 'zoom-out';
    case 'ArrowLeft':
      return 'earlier';
    case 'ArrowRight':
      return 'later';
    case '0':
      return 'whole';
    default:
      return null;
  }
}
