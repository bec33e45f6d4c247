/**
 * The time view slice: where the viewed track is playing and which part of it the linked time
 * plots show. The player's position and seek requests (clicks and keys on the plots), the visible
 * span shared by the waveform, spectrogram, chromagram, taggram and genre timeline (zoom around
 * an anchor, pan, the whole track again; it follows the playhead while playing), the time under
 * the pointer on any of them, and the genre timeline's raw or smoothed view. The span math is
 * src/app/plots/timeView.ts; a span belongs to one track, so viewing another shows it whole.
 */
import { clampSpan, followPlayhead, fullSpan, isWholeTrack, panSpan, zoomSpan, type TimeSpan } from '../../plots/timeView.ts';
import type { AppState } from '../store.ts';
import type { Slice, SliceContext } from './shared.ts';
import { selectViewed } from './view.ts';

export type TimeViewSlice = Slice<
  | 'playback'
  | 'timeView'
  | 'hoverSec'
  | 'timelineMode'
  | 'setPlayhead'
  | 'seek'
  | 'seekBy'
  | 'zoomTime'
  | 'panTime'
  | 'setTimeSpan'
  | 'showWholeTrack'
  | 'hoverTime'
  | 'setTimelineMode'
>;

/** The analysed length of the viewed track (0 without a result). */
export const selectViewedDuration = (s: AppState): number => selectViewed(s)?.result?.waveform.durationSec ?? 0;

/** The span the linked plots show for a track of `durationSec`: the chosen one while it is the viewed track's, else the whole track. */
export function selectTimeSpan(s: AppState, durationSec = selectViewedDuration(s)): TimeSpan {
  return s.timeView && s.timeView.trackId === s.viewedId ? s.timeView.span : fullSpan(durationSec);
}

export function createTimeViewSlice(ctx: SliceContext): TimeViewSlice {
  const { set, get } = ctx;

  /** Sets the viewed track's span (clamped to it); the whole track is stored as no span. */
  const show = (span: TimeSpan) => {
    const s = get();
    const d = selectViewedDuration(s);
    if (!s.viewedId || d <= 0) return;
    const next = clampSpan(span, d);
    const now = selectTimeSpan(s, d);
    if (next.startSec === now.startSec && next.endSec === now.endSec) return;
    set({ timeView: isWholeTrack(next, d) ? null : { trackId: s.viewedId, span: next } });
  };

  /** Keeps the playhead on screen: a zoomed view pages along when the playhead leaves it. */
  const follow = (timeSec: number) => {
    const s = get();
    if (!s.timeView || s.timeView.trackId !== s.viewedId) return;
    const span = followPlayhead(s.timeView.span, timeSec, selectViewedDuration(s));
    if (span !== s.timeView.span) show(span);
  };

  return {
    playback: { timeSec: 0, playing: false, seek: null },
    timeView: null,
    hoverSec: null,
    timelineMode: 'smoothed',

    setPlayhead(timeSec, playing) {
      const p = get().playback;
      if (p.timeSec !== timeSec || p.playing !== playing) set({ playback: { ...p, timeSec, playing } });
      if (playing) follow(timeSec);
    },

    seek(timeSec) {
      const t = Math.max(0, timeSec);
      set((s) => ({ playback: { ...s.playback, timeSec: t, seek: ctx.seekTo(t) } }));
      follow(t);
    },

    seekBy(deltaSec) {
      const viewed = selectViewed(get());
      const end = viewed?.result?.waveform.durationSec ?? Infinity;
      get().seek(Math.min(end, get().playback.timeSec + deltaSec));
    },

    zoomTime(factor, anchorSec) {
      const s = get();
      const d = selectViewedDuration(s);
      const span = selectTimeSpan(s, d);
      const t = s.playback.timeSec;
      // Keys and buttons zoom around the playhead where it is on screen, else around the middle.
      const anchor = anchorSec ?? (t >= span.startSec && t <= span.endSec ? t : (span.startSec + span.endSec) / 2);
      show(zoomSpan(span, factor, anchor, d));
    },

    panTime(deltaSec) {
      const s = get();
      const d = selectViewedDuration(s);
      show(panSpan(selectTimeSpan(s, d), deltaSec, d));
    },

    setTimeSpan(span) {
      show(span);
    },

    showWholeTrack() {
      if (get().timeView) set({ timeView: null });
    },

    hoverTime(sec) {
      if (get().hoverSec !== sec) set({ hoverSec: sec });
    },

    setTimelineMode(mode) {
      set({ timelineMode: mode });
    },
  };
}
