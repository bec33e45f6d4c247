/**
 * The one hook through which a plot joins the linked time view (the store's timeView slice): it
 * gives the span to draw and the pointer handlers that drive it. The wheel (or a trackpad pinch)
 * zooms around the pointer, a horizontal wheel or a drag pans, two fingers pinch, a double click
 * shows the whole track, a click seeks the player there; + and − zoom, 0 shows the whole track,
 * the arrow keys move the playhead. The pointer's time goes to the store, so every linked plot
 * draws the same hover line, and the caller gets the pointer's position for its read-out.
 *
 * A panel with its own canvas joins with `const t = useLinkedTime(ref, duration, frameOf)`,
 * spreading `t.handlers` on the element and drawing `t.span`; PlotCanvas (linked) does exactly that.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { panSpan, spanLength, timeKeyCommand, timeOfX, wheelZoomFactor, ZOOM_STEP, zoomSpan, type PlotFrame, type TimeSpan } from '../plots/timeView.ts';
import { selectTimeSpan } from '../state/store.ts';
import { useActions, useAppShallow } from '../state/useApp.ts';

/** Movement (css px) under which a press is a click, not a drag. */
const DRAG_SLOP_PX = 4;

export interface PointerAt {
  /** css px from the element's top-left corner. */
  x: number;
  y: number;
  timeSec: number;
}

type Gesture =
  | { kind: 'drag'; id: number; x0: number; span0: TimeSpan; moved: boolean }
  | { kind: 'pinch'; distance0: number; span0: TimeSpan; anchorSec: number };

export interface LinkedTime {
  span: TimeSpan;
  /** The pointer over this element (null when it is elsewhere or dragging). */
  pointer: PointerAt | null;
  handlers: {
    onPointerDown(e: PointerEvent<HTMLElement>): void;
    onPointerMove(e: PointerEvent<HTMLElement>): void;
    onPointerUp(e: PointerEvent<HTMLElement>): void;
    onPointerCancel(e: PointerEvent<HTMLElement>): void;
    onPointerLeave(e: PointerEvent<HTMLElement>): void;
    onDoubleClick(): void;
    onKeyDown(e: KeyboardEvent<HTMLElement>): void;
  };
}

/** The span the linked plots show for a track of `durationSec` (the whole track until someone zooms). */
export function useTimeSpan(durationSec: number): TimeSpan {
  return useAppShallow((s) => selectTimeSpan(s, durationSec));
}

export function useLinkedTime(target: RefObject<HTMLElement | null>, durationSec: number, frameOf: () => PlotFrame): LinkedTime {
  const span = useTimeSpan(durationSec);
  const { seek, seekBy, zoomTime, setTimeSpan, showWholeTrack, hoverTime } = useActions();
  const [pointer, setPointer] = useState<PointerAt | null>(null);
  const gesture = useRef<Gesture | null>(null);
  const touches = useRef(new Map<number, number>());
  // The latest values for the native wheel listener and the handlers (no re-subscription per render).
  const latest = useRef({ span, durationSec, frameOf });
  useLayoutEffect(() => {
    latest.current = { span, durationSec, frameOf };
  });

  useEffect(() => {
    const el = target.current;
    if (!el) return;
    // Not React's onWheel: that listener is passive, and the page must not scroll while zooming.
    const onWheel = (e: WheelEvent) => {
      const { span: s, durationSec: d, frameOf: frame } = latest.current;
      if (d <= 0) return;
      e.preventDefault();
      const f = frame();
      const x = e.clientX - el.getBoundingClientRect().left;
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        setTimeSpan(panSpan(s, (e.deltaX / f.width) * spanLength(s), d));
      } else {
        // Chromium reports a trackpad pinch as a wheel with ctrlKey: finer steps, same direction.
        zoomTime(wheelZoomFactor(e.ctrlKey ? e.deltaY * 4 : e.deltaY, e.deltaMode), timeOfX(x, f, s));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [target, setTimeSpan, zoomTime]);

  const handlers = useMemo<LinkedTime['handlers']>(() => {
    const at = (e: PointerEvent<HTMLElement>): PointerAt => {
      const rect = e.currentTarget.getBoundingClientRect();
      const x = e.clientX - rect.left;
      return { x, y: e.clientY - rect.top, timeSec: timeOfX(x, latest.current.frameOf(), latest.current.span) };
    };
    const touchDistance = () => {
      const [a, b] = [...touches.current.values()];
      return Math.abs(a - b) || 1;
    };
    return {
      onPointerDown(e) {
        if (e.pointerType === 'mouse' && e.button !== 0) return;
        e.currentTarget.setPointerCapture?.(e.pointerId);
        if (e.pointerType === 'touch') touches.current.set(e.pointerId, e.clientX);
        if (touches.current.size === 2) {
          const rect = e.currentTarget.getBoundingClientRect();
          const mid = [...touches.current.values()].reduce((a, b) => a + b, 0) / 2 - rect.left;
          gesture.current = { kind: 'pinch', distance0: touchDistance(), span0: latest.current.span, anchorSec: timeOfX(mid, latest.current.frameOf(), latest.current.span) };
          return;
        }
        gesture.current = { kind: 'drag', id: e.pointerId, x0: e.clientX, span0: latest.current.span, moved: false };
      },
      onPointerMove(e) {
        const g = gesture.current;
        if (e.pointerType === 'touch' && touches.current.has(e.pointerId)) touches.current.set(e.pointerId, e.clientX);
        if (g?.kind === 'pinch') {
          setTimeSpan(zoomSpan(g.span0, touchDistance() / g.distance0, g.anchorSec, latest.current.durationSec));
          return;
        }
        if (g?.kind === 'drag' && g.id === e.pointerId) {
          const dx = e.clientX - g.x0;
          if (!g.moved && Math.abs(dx) > DRAG_SLOP_PX) g.moved = true;
          if (g.moved) {
            setPointer(null);
            setTimeSpan(panSpan(g.span0, (-dx / latest.current.frameOf().width) * spanLength(g.span0), latest.current.durationSec));
            return;
          }
        }
        const p = at(e);
        setPointer(p);
        hoverTime(p.timeSec);
      },
      onPointerUp(e) {
        const g = gesture.current;
        touches.current.delete(e.pointerId);
        if (g?.kind === 'drag' && g.id === e.pointerId && !g.moved) seek(at(e).timeSec);
        if (g?.kind !== 'pinch' || touches.current.size === 0) gesture.current = null;
      },
      onPointerCancel(e) {
        touches.current.delete(e.pointerId);
        gesture.current = null;
      },
      onPointerLeave() {
        setPointer(null);
        hoverTime(null);
      },
      onDoubleClick() {
        showWholeTrack();
      },
      onKeyDown(e) {
        const command = timeKeyCommand(e.key);
        if (e.key === 'Home') seek(0);
        else if (command === 'zoom-in') zoomTime(ZOOM_STEP);
        else if (command === 'zoom-out') zoomTime(1 / ZOOM_STEP);
        else if (command === 'whole') showWholeTrack();
        else if (command === 'earlier' || command === 'later') seekBy((command === 'later' ? 1 : -1) * (e.shiftKey ? 1 : 5));
        else return;
        // Handled here: the plots' group (TimePlots) must not pan as well.
        e.preventDefault();
        e.stopPropagation();
      },
    };
  }, [seek, seekBy, zoomTime, setTimeSpan, showWholeTrack, hoverTime]);

  return { span, pointer, handlers };
}

