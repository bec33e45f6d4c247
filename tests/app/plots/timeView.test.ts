/** The shared time view's math: clamping, zooming around an anchor, panning, following the playhead, time <-> x, keys and the wheel. */
import { describe, expect, it } from 'vitest';
import {
  clampSpan,
  followPlayhead,
  fullSpan,
  isWholeTrack,
  MIN_SPAN_SEC,
  panSpan,
  spanLength,
  timeKeyCommand,
  timeOfX,
  wheelZoomFactor,
  xOfTime,
  zoomSpan,
} from '../../../src/app/plots/timeView.ts';

const D = 300; // a 5-minute track
const f = { x: 52, y: 6, width: 600, height: 100 };

describe('time view', () => {
  it('clamps a span into the track, no longer than it and no shorter than the minimum', () => {
    expect(clampSpan({ startSec: -20, endSec: 40 }, D)).toEqual({ startSec: 0, endSec: 60 });
    expect(clampSpan({ startSec: 280, endSec: 340 }, D)).toEqual({ startSec: 240, endSec: 300 });
    expect(clampSpan({ startSec: -10, endSec: 500 }, D)).toEqual(fullSpan(D));
    expect(spanLength(clampSpan({ startSec: 100, endSec: 100.1 }, D))).toBeCloseTo(MIN_SPAN_SEC, 9);
    // a track shorter than the minimum span is shown whole
    expect(clampSpan({ startSec: 0.1, endSec: 0.2 }, 0.6)).toEqual({ startSec: 0, endSec: 0.6 });
    expect(clampSpan({ startSec: NaN, endSec: NaN }, D)).toEqual(fullSpan(D));
  });

  it('zooms around the anchor: the anchor keeps its place on screen, the length divides by the factor', () => {
    const s = zoomSpan(fullSpan(D), 4, 150, D);
    expect(spanLength(s)).toBeCloseTo(75, 9);
    expect((150 - s.startSec) / spanLength(s)).toBeCloseTo(0.5, 9);
    const t = zoomSpan(s, 2, 130, D);
    expect((130 - t.startSec) / spanLength(t)).toBeCloseTo((130 - s.startSec) / spanLength(s), 9);
    // zooming out near the end stops at the end rather than showing time past the track
    expect(zoomSpan({ startSec: 280, endSec: 300 }, 0.5, 299, D)).toEqual({ startSec: 260, endSec: 300 });
    expect(zoomSpan(fullSpan(D), 2, 0, D)).toEqual({ startSec: 0, endSec: 150 });
    // zooming out past the track shows it whole; in past the minimum stops at it
    expect(isWholeTrack(zoomSpan(s, 0.01, 150, D), D)).toBe(true);
    expect(spanLength(zoomSpan(s, 1e6, 150, D))).toBeCloseTo(MIN_SPAN_SEC, 9);
  });

  it('pans by seconds and stops at either end with the length kept', () => {
    const s = { startSec: 100, endSec: 130 };
    expect(panSpan(s, 15, D)).toEqual({ startSec: 115, endSec: 145 });
    expect(panSpan(s, -500, D)).toEqual({ startSec: 0, endSec: 30 });
    expect(panSpan(s, 500, D)).toEqual({ startSec: 270, endSec: 300 });
  });

  it('follows the playhead: unchanged while it is inside, the next page once it leaves', () => {
    const s = { startSec: 100, endSec: 130 };
    expect(followPlayhead(s, 120, D)).toBe(s);
    expect(followPlayhead(s, 131, D)).toEqual({ startSec: 131, endSec: 161 });
    expect(followPlayhead(s, 290, D)).toEqual({ startSec: 270, endSec: 300 });
    expect(followPlayhead(s, 10, D)).toEqual({ startSec: 10, endSec: 40 });
  });

  it('maps time to x and back within the frame, clamping x outside it to the span', () => {
    const s = { startSec: 60, endSec: 90 };
    expect(xOfTime(60, f, s)).toBe(52);
    expect(xOfTime(90, f, s)).toBe(652);
    expect(xOfTime(75, f, s)).toBe(352);
    for (const t of [60, 61.5, 77.7, 90]) expect(timeOfX(xOfTime(t, f, s), f, s)).toBeCloseTo(t, 9);
    expect(timeOfX(0, f, s)).toBe(60);
    expect(timeOfX(10_000, f, s)).toBe(90);
  });

  it('the wheel zooms in when scrolled up, out when down, by the same factor each way; pages and lines count as pixels', () => {
    const up = wheelZoomFactor(-100, 0);
    expect(up).toBeGreaterThan(1.1);
    expect(wheelZoomFactor(100, 0)).toBeCloseTo(1 / up, 12);
    expect(wheelZoomFactor(-3, 1)).toBeCloseTo(wheelZoomFactor(-99, 0), 12);
    // one violent flick is capped
    expect(wheelZoomFactor(-1e6, 0)).toBe(wheelZoomFactor(-400, 0));
  });

  it('keys: + and = zoom in, - zooms out, the arrows step, 0 shows the whole track', () => {
    expect(['+', '=', '-', '_', 'ArrowLeft', 'ArrowRight', '0', 'a'].map(timeKeyCommand)).toEqual(['zoom-in', 'zoom-in', 'zoom-out', 'zoom-out', 'earlier', 'later', 'whole', null]);
  });
});
