/** Beat markers thinned to what the zoom can show: never closer than the minimum gap, all of them once zoomed in, and steady while panning. */
import { describe, expect, it } from 'vitest';
import { MIN_BEAT_GAP_PX, thinBeats } from '../../../src/app/plots/beats.ts';

// A 5-minute track at 151 BPM: 757 beats, as in the issue.
const beats = Array.from({ length: 757 }, (_, i) => 0.2 + i * (60 / 151));
const WIDTH = 600;

describe('beat thinning', () => {
  it('the whole 5-minute track shows every 16th beat at 600 px (about 47 markers), at least the minimum gap apart, instead of 757 markers', () => {
    const { times, every } = thinBeats(beats, { startSec: 0, endSec: 300 }, WIDTH);
    expect(every).toBe(16);
    expect(times.length).toBeLessThan(100);
    const gapPx = ((times[1] - times[0]) / 300) * WIDTH;
    expect(gapPx).toBeGreaterThanOrEqual(MIN_BEAT_GAP_PX);
    // and no coarser than needed: every 8th would be too close
    expect(gapPx / 2).toBeLessThan(MIN_BEAT_GAP_PX);
  });

  it('zoomed in to 20 s every beat inside the span comes back', () => {
    const { times, every } = thinBeats(beats, { startSec: 100, endSec: 120 }, WIDTH);
    expect(every).toBe(1);
    expect(times).toEqual(beats.filter((t) => t >= 100 && t <= 120));
  });

  it('the beats kept are the same ones while panning (counted from the track’s first beat)', () => {
    const a = thinBeats(beats, { startSec: 60, endSec: 160 }, WIDTH);
    const b = thinBeats(beats, { startSec: 63, endSec: 163 }, WIDTH);
    expect(a.every).toBe(b.every);
    const common = a.times.filter((t) => t >= 63);
    expect(b.times.slice(0, common.length)).toEqual(common);
    expect(a.times.every((t) => beats.indexOf(t) % a.every === 0)).toBe(true);
  });

  it('no beats, one beat, an empty span', () => {
    expect(thinBeats([], { startSec: 0, endSec: 10 }, WIDTH)).toEqual({ times: [], every: 1 });
    expect(thinBeats([2], { startSec: 0, endSec: 10 }, WIDTH)).toEqual({ times: [2], every: 1 });
    expect(thinBeats(beats, { startSec: 5, endSec: 5 }, WIDTH).times).toEqual([]);
  });
});
