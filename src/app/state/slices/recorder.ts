/**
 * The recorder slice: the microphone, in one of two uses. Recording captures up to
 * MAX_RECORDING_SEC and, on stop, analyses the take like a file (through the analysis flow).
 * Live mode classifies rolling LIVE_WINDOW_SEC windows every LIVE_EVERY_SEC with the quick models,
 * dropping a window while the last is still running, and scrolls LIVE_SPAN_SEC of spectrogram.
 */
import type { TrackAnalysis } from '../../../analysis/types.ts';
import { appendLiveColumns } from '../live.ts';
import type { LiveState } from '../types.ts';
import type { AnalysisFlow } from './analysis.ts';
import { messageOf, type Slice, type SliceContext } from './shared.ts';

/** Recording stops by itself after this long (bounded memory). */
export const MAX_RECORDING_SEC = 600;
export const LIVE_WINDOW_SEC = 3;
export const LIVE_EVERY_SEC = 1;
/** Seconds of scrolling spectrogram kept in live mode. */
export const LIVE_SPAN_SEC = 12;

export const emptyLive: LiveState = { genre: null, genreUnavailable: null, melDb: null, secondsPerColumn: 0, updates: 0 };

export type RecorderSlice = Slice<'recorder' | 'live' | 'startRecording' | 'stopRecording' | 'startLive' | 'stopLive'>;

export function createRecorderSlice(ctx: SliceContext, flow: AnalysisFlow): RecorderSlice {
  const { set, get, deps, raise } = ctx;
  let liveBusy = false;
  let livePeak = 0;
  let recordingTimer: ReturnType<typeof setTimeout> | null = null;

  function onLiveFeatures(a: TrackAnalysis): void {
    // Fixed dB scale across windows (each analysis normalises its own melDb to its peak).
    set((s) => {
      const { melDb, peak } = appendLiveColumns(s.live.melDb, a.melPower, livePeak, LIVE_EVERY_SEC, a.hopLength / a.sr, LIVE_SPAN_SEC);
      livePeak = peak;
      return { live: { ...s.live, melDb, secondsPerColumn: a.hopLength / a.sr, updates: s.live.updates + 1 } };
    });
  }

  return {
    recorder: { status: 'idle', level: 0, elapsedSec: 0 },
    live: emptyLive,

    async startRecording() {
      const rec = deps.recorder;
      if (!rec) {
        raise('Recording is not supported in this browser.', null);
        return;
      }
      if (get().recorder.status !== 'idle') return;
      set({ recorder: { status: 'requesting', level: 0, elapsedSec: 0 }, alert: null });
      try {
        await rec.start(
          {
            level: (level, elapsedSec) => set((s) => ({ recorder: { ...s.recorder, level, elapsedSec } })),
            ended: (message) => {
              raise(message, null);
              void get().stopRecording();
            },
          },
          {},
        );
        set((s) => ({ recorder: { ...s.recorder, status: 'recording' } }));
        recordingTimer = setTimeout(() => void get().stopRecording(), MAX_RECORDING_SEC * 1000);
      } catch (err) {
        set({ recorder: { status: 'idle', level: 0, elapsedSec: 0 } });
        raise(messageOf(err), null);
      }
    },

    async stopRecording() {
      const rec = deps.recorder;
      if (!rec || get().recorder.status !== 'recording') return;
      if (recordingTimer) clearTimeout(recordingTimer);
      recordingTimer = null;
      set({ recorder: { status: 'idle', level: 0, elapsedSec: 0 } });
      try {
        const { pcm, sr } = await rec.stop();
        const stamp = new Date(ctx.now()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
        flow.addPcm(`Recording ${stamp}`, 'microphone', pcm, sr);
      } catch (err) {
        raise(messageOf(err), null);
      }
    },

    async startLive() {
      const rec = deps.recorder;
      if (!rec) {
        raise('Live mode is not supported in this browser.', null);
        return;
      }
      if (get().recorder.status !== 'idle') return;
      set({ recorder: { status: 'requesting', level: 0, elapsedSec: 0 }, live: emptyLive, alert: null });
      livePeak = 0;
      try {
        await rec.start(
          {
            level: (level, elapsedSec) => set((s) => ({ recorder: { ...s.recorder, level, elapsedSec } })),
            window: (pcm, sr) => {
              // Drop a window rather than queue behind a slow one: live means now.
              if (liveBusy || get().recorder.status !== 'live') return;
              liveBusy = true;
              const job = deps.engine.analyze(pcm, sr, {
                progress: () => undefined,
                features: onLiveFeatures,
                genre: (g) => set((s) => ({ live: 'unavailable' in g ? { ...s.live, genreUnavailable: g.unavailable } : { ...s.live, genre: g, genreUnavailable: null } })),
              }, { refine: false }); // live means now: the quick models only
              job.done.catch(() => undefined).finally(() => (liveBusy = false));
            },
            ended: (message) => {
              raise(message, null);
              void get().stopLive();
            },
          },
          { liveWindowSec: LIVE_WINDOW_SEC, liveEverySec: LIVE_EVERY_SEC },
        );
        set((s) => ({ recorder: { ...s.recorder, status: 'live' } }));
      } catch (err) {
        set({ recorder: { status: 'idle', level: 0, elapsedSec: 0 } });
        raise(messageOf(err), null);
      }
    },

    async stopLive() {
      const rec = deps.recorder;
      if (!rec || get().recorder.status !== 'live') return;
      set({ recorder: { status: 'idle', level: 0, elapsedSec: 0 } });
      await rec.stop().catch(() => undefined);
    },
  };
}
