/** The time axis: round steps for the visible span, m:ss from a minute of track on, tenths when zoomed in, no drift. */
import { describe, expect, it } from 'vitest';
import { formatLength, formatMoment, formatTime, niceTimeStep, timeTicks } from '../../../src/app/plots/timeAxis.ts';

describe('time axis', () => {
  it('a 5-minute track reads in m:ss, to its real end', () => {
    const axis = timeTicks({ startSec: 0, endSec: 300 }, 8, 300);
    expect(axis.unit).toBe('min:s');
    expect(axis.ticks.map((t) => t.label)).toEqual(['0:00', '1:00', '2:00', '3:00', '4:00', '5:00']);
    expect(timeTicks({ startSec: 0, endSec: 300 }, 12, 300).ticks.map((t) => t.label)).toEqual(['0:00', '0:30', '1:00', '1:30', '2:00', '2:30', '3:00', '3:30', '4:00', '4:30', '5:00']);
  });

  it('zoomed in on it, the ticks stay inside the span, with tenths where the step is under a second', () => {
    const axis = timeTicks({ startSec: 130.2, endSec: 133.1 }, 8, 300);
    expect(axis.step).toBe(0.5);
    expect(axis.ticks.map((t) => t.label)).toEqual(['2:10.5', '2:11.0', '2:11.5', '2:12.0', '2:12.5', '2:13.0']);
    expect(axis.ticks.every((t) => t.t >= 130.2 && t.t <= 133.1)).toBe(true);
  });

  it('a short clip reads in seconds; 0.1 s steps land on tenths exactly', () => {
    const axis = timeTicks({ startSec: 0, endSec: 30 }, 8, 30);
    expect(axis.unit).toBe('s');
    expect(axis.ticks.map((t) => t.label)).toEqual(['0', '5', '10', '15', '20', '25', '30']);
    const fine = timeTicks({ startSec: 0.25, endSec: 0.75 }, 8, 30);
    expect(fine.ticks.map((t) => t.t)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(fine.ticks.map((t) => t.label)).toEqual(['0.3', '0.4', '0.5', '0.6', '0.7']);
  });

  it('never more ticks than asked (plus the end), and h:mm:ss past an hour', () => {
    for (const span of [1, 7, 45, 100, 299, 3000]) {
      for (const max of [2, 5, 9]) expect(span / niceTimeStep(span, max)).toBeLessThanOrEqual(max);
    }
    expect(formatTime(3725, 5, true)).toBe('1:02:05');
    expect(timeTicks({ startSec: 5, endSec: 5 }, 8, 30).ticks).toEqual([]);
  });

  it('a moment reads to the tenth: "2:10.5" on a long track, "12.5 s" on a short one', () => {
    expect(formatMoment(130.46, 300)).toBe('2:10.5');
    expect(formatMoment(59.96, 300)).toBe('1:00.0');
    expect(formatMoment(12.46, 30)).toBe('12.5 s');
    expect([formatLength(300), formatLength(12)]).toEqual(['5:00', '12.0 s']);
  });
});
