/**
 * The time view slice: zoom, pan and the whole track again for the viewed track only, a span that
 * does not carry over to another track, the view paging along with playback and seeks, the
 * pointer's time, the timeline's raw or smoothed view.
 */
import { describe, expect, it } from 'vitest';
import { selectTimeSpan } from '../../../src/app/state/store.ts';
import { file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

async function twoResults() {
  const h = harness();
  h.s().addFiles([file('a.wav'), file('b.mp3')]);
  for (let i = 0; i < 2; i++) {
    await flush();
    h.engine.jobs[i]?.finish(genre(i));
    await flush();
  }
  h.s().view(h.named('a.wav').id);
  return h;
}

describe('time view slice', () => {
  it('without a result there is nothing to zoom', () => {
    const { s } = harness();
    s().zoomTime(2, 5);
    expect(s().timeView).toBeNull();
    expect(selectTimeSpan(s())).toEqual({ startSec: 0, endSec: 0 });
  });

  it('zooms around the anchor, pans, and shows the whole track again (stored as no span)', async () => {
    const { s } = await twoResults();
    const d = s().tracks.find((t) => t.id === s().viewedId)!.result!.waveform.durationSec;
    expect(selectTimeSpan(s())).toEqual({ startSec: 0, endSec: d });
    s().zoomTime(2, d / 2);
    expect(selectTimeSpan(s())).toEqual({ startSec: d / 4, endSec: (3 * d) / 4 });
    s().panTime(1000);
    expect(selectTimeSpan(s())).toEqual({ startSec: d / 2, endSec: d });
    s().setTimeSpan({ startSec: -5, endSec: 4 });
    expect(selectTimeSpan(s())).toEqual({ startSec: 0, endSec: 9 });
    s().showWholeTrack();
    expect(s().timeView).toBeNull();
    s().zoomTime(0.5);
    expect(s().timeView, 'zooming out of the whole track changes nothing').toBeNull();
  });

  it('keys and buttons zoom around the playhead where it is on screen, else the middle', async () => {
    const { s } = await twoResults();
    s().seek(3);
    s().zoomTime(3);
    const a = selectTimeSpan(s());
    expect((3 - a.startSec) / (a.endSec - a.startSec)).toBeCloseTo(0.1, 9);
    s().setTimeSpan({ startSec: 20, endSec: 25 });
    s().setPlayhead(3, false);
    s().zoomTime(2);
    expect(selectTimeSpan(s())).toEqual({ startSec: 21.25, endSec: 23.75 });
  });

  it('a span belongs to its track: another track is shown whole, and coming back shows the span again', async () => {
    const { s, named } = await twoResults();
    s().setTimeSpan({ startSec: 10, endSec: 20 });
    s().view(named('b.mp3').id);
    expect(selectTimeSpan(s())).toEqual({ startSec: 0, endSec: 20 });
    s().view(named('a.wav').id);
    expect(selectTimeSpan(s())).toEqual({ startSec: 10, endSec: 20 });
    // a panel drawing another duration (the deferred track) gets that track's whole span
    s().view(named('b.mp3').id);
    expect(selectTimeSpan(s(), 20)).toEqual({ startSec: 0, endSec: 20 });
  });

  it('pages along with playback and with seeks out of view; stays put while paused or in view', async () => {
    const { s } = await twoResults();
    s().setTimeSpan({ startSec: 0, endSec: 5 });
    s().setPlayhead(4, true);
    expect(selectTimeSpan(s())).toEqual({ startSec: 0, endSec: 5 });
    s().setPlayhead(5.02, true);
    expect(selectTimeSpan(s())).toEqual({ startSec: 5.02, endSec: 10.02 });
    s().setPlayhead(20, false);
    expect(selectTimeSpan(s()).startSec).toBe(5.02);
    s().seek(28);
    expect(selectTimeSpan(s())).toEqual({ startSec: 25, endSec: 30 });
    expect(s().playback.seek?.timeSec).toBe(28);
  });

  it('keeps the pointer’s time and the timeline view', async () => {
    const { s } = await twoResults();
    s().hoverTime(12.5);
    expect(s().hoverSec).toBe(12.5);
    s().hoverTime(null);
    expect(s().hoverSec).toBeNull();
    expect(s().timelineMode).toBe('smoothed');
    s().setTimelineMode('raw');
    expect(s().timelineMode).toBe('raw');
  });
});
