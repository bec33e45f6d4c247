/**
 * The app's single source of truth: a framework-free zustand store (createStore), so the worker's
 * message handlers update it without React; components read it through a thin hook and call its
 * actions. All I/O goes through injected ports (ports.ts), so tests build a fresh store with fakes.
 *
 * The store is made of slices by concern (./slices), each built from one shared context
 * (slices/shared.ts: set/get, the ports, the jobs per track, patch/raise/fail):
 * - tracks: the list, adding files and the demo, cancel, run again, remove, clear with undo;
 * - analysis: the flow of the tracks (hash -> decode -> input rules -> the queue -> engine -> features -> genre);
 * - history: restoring and saving the analyses kept across reloads;
 * - recorder: recording and live mode;
 * - view: focus, the viewed result, alerts, the model view, exports;
 * - timeView: playback and the linked time plots' shared span, the pointer's time, the timeline's view.
 * - custom: the user's own classes taught from tracks of the list, their model, export and import.
 * - why: "why this genre", the occlusion map of a track's genre on demand.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AnalysisEngine, AudioDecoder, AudioUrls, ContentHasher, DemoSynth, Exporter, HistoryRepository, MicrophoneRecorder } from './ports.ts';
import type { ExportKind } from './exportFiles.ts';
import type { Alert, LiveState, RecorderState, Track, TrackResult } from './types.ts';
import { createAnalysisFlow } from './slices/analysis.ts';
import { createHistorySlice } from './slices/history.ts';
import { createCustomSlice, type CustomDeps, type CustomSliceActions, type CustomSliceState } from './slices/custom.ts';
import { createRecorderSlice } from './slices/recorder.ts';
import { createSliceContext, type SliceContext } from './slices/shared.ts';
import { createTracksSlice } from './slices/tracks.ts';
import { createTimeViewSlice } from './slices/timeView.ts';
import { createWhySlice, type WhyDeps, type WhySliceActions, type WhySliceState } from './slices/why.ts';
import { createViewSlice } from './slices/view.ts';
import type { TimelineMode } from '../plots/genreTimeline.ts';
import type { TimeSpan } from '../plots/timeView.ts';

export { overallProgress, PREVIEW_MIN_SEC, PREVIEW_SEC } from './slices/analysis.ts';
export { LIVE_EVERY_SEC, LIVE_SPAN_SEC, LIVE_WINDOW_SEC, MAX_RECORDING_SEC } from './slices/recorder.ts';
export { messageOf } from './slices/shared.ts';
export { selectFocus, selectViewed } from './slices/view.ts';
export { selectTimeSpan, selectViewedDuration } from './slices/timeView.ts';
export type { TimelineMode, TimeSpan };

/** The probabilities panel's chosen view: the ensemble or one model's own (musicnn's genre head, the CNN, the table model). */
export type ModelView = 'ensemble' | 'head' | 'cnn' | 'table';

export interface PlaybackState {
  timeSec: number;
  playing: boolean;
  /** A request to move the audio element; nonce makes repeated seeks to one time distinct. */
  seek: { timeSec: number; nonce: number } | null;
}

export interface AppState extends CustomSliceState, WhySliceState {
  /** Oldest first; restored history entries included. */
  tracks: Track[];
  /** The track whose status (progress, error) the result area reports: the one last added or picked. */
  focusId: string | null;
  /** The track whose result the panels show; it changes only when another result is there to show. */
  viewedId: string | null;
  alert: Alert | null;
  playback: PlaybackState;
  /** The linked time plots' visible span, for the track it was chosen on (null: the whole track). */
  timeView: { trackId: string; span: TimeSpan } | null;
  /** The time under the pointer on any linked plot (null: the pointer is on none). */
  hoverSec: number | null;
  /** The genre timeline: each window as the model heard it, or smoothed as the verdict reads it. */
  timelineMode: TimelineMode;
  modelView: ModelView;
  recorder: RecorderState;
  live: LiveState;
  historyLoaded: boolean;
  /** The last "Clear" while it can still be undone (undoClear). */
  lastClear: { count: number } | null;
}

export interface AppActions extends CustomSliceActions, WhySliceActions {
  addFiles(files: readonly (Blob & { name?: string })[]): string[];
  addDemo(): Promise<void>;
  cancel(id: string): void;
  /** Runs a cancelled or interrupted track again; after a reload its file must be given again (same content). */
  runAgain(id: string, file?: Blob): Promise<void>;
  view(id: string): void;
  remove(id: string): void;
  /** Clears the finished tracks from the list and the history; undoClear brings them back, until the next action or a few seconds. */
  clearHistory(): Promise<void>;
  undoClear(): Promise<void>;
  dismissAlert(): void;
  setModelView(view: ModelView): void;
  setPlayhead(timeSec: number, playing: boolean): void;
  seek(timeSec: number): void;
  /** Moves the playhead by `deltaSec` (keyboard seeking on the plots). */
  seekBy(deltaSec: number): void;
  /** Zooms the linked plots by `factor` (> 1: in) around `anchorSec` (default: the playhead where visible, else the middle). */
  zoomTime(factor: number, anchorSec?: number): void;
  /** Pans the linked plots by `deltaSec` (positive: later). */
  panTime(deltaSec: number): void;
  /** Shows `span` of the viewed track on the linked plots (clamped to it). */
  setTimeSpan(span: TimeSpan): void;
  showWholeTrack(): void;
  /** The time under the pointer on a linked plot, or null when it leaves them. */
  hoverTime(sec: number | null): void;
  setTimelineMode(mode: TimelineMode): void;
  startRecording(): Promise<void>;
  stopRecording(): Promise<void>;
  startLive(): Promise<void>;
  stopLive(): Promise<void>;
  loadHistory(): Promise<void>;
  /** Downloads the viewed (or given) result (JSON, its CSV row, its windows CSV, the PNG card), or every track's CSV ('all-csv'). */
  exportResult(kind: ExportKind, id?: string): Promise<void>;
}

export type AppStore = StoreApi<AppState & AppActions>;

export interface AppDeps extends CustomDeps, WhyDeps {
  decoder: AudioDecoder;
  engine: AnalysisEngine;
  urls: AudioUrls;
  history?: HistoryRepository | null;
  /** Content hashes of dropped files (duplicates are reused); without it every file is analysed. */
  hasher?: ContentHasher | null;
  recorder?: MicrophoneRecorder | null;
  demo?: DemoSynth | null;
  exporter?: Exporter | null;
  now?: () => number;
  newId?: () => string;
}

export function createAppStore(deps: AppDeps): AppStore {
  let ctx!: SliceContext;
  const store = createStore<AppState & AppActions>()((set, get) => {
    ctx = createSliceContext(set, get, deps);
    const flow = createAnalysisFlow(ctx);
    return {
      ...createTracksSlice(ctx, flow),
      ...createViewSlice(ctx),
      ...createTimeViewSlice(ctx),
      ...createRecorderSlice(ctx, flow),
      ...createHistorySlice(ctx),
      ...createCustomSlice(ctx),
      ...createWhySlice(ctx),
    };
  });

  deps.engine.onCrash((message) => {
    ctx.raise(`The analysis engine crashed (${message}). What was being analysed stopped; drop the file again to retry. Results already shown are kept.`, null);
  });

  return store;
}

export type { TrackResult };
