/**
 * The app's single source of truth: a framework-free zustand store (createStore), so the worker's
 * message handlers update it without React; components read it through a thin hook and call its
 * actions. All I/O goes through injected ports (ports.ts), so tests build a fresh store with fakes.
 *
 * Flow of one file: decode (one at a time, on the UI thread's Web Audio decoder) -> the worker
 * analyses (jobs queue there; a new file never cancels another) -> features arrive -> the genre
 * slice arrives with them or later. A long track first gets a quick result for its opening
 * (PREVIEW_SEC), then the whole one.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TrackAnalysis } from '../../analysis/types.ts';
import type { AnalysisEngine, AudioDecoder, AudioUrls, DecodedAudio, DemoSynth, EngineHandlers, EngineJob, Exporter, HistoryRepository, MicrophoneRecorder } from './ports.ts';
import { exportName, featureCsv, resultJson } from './exports.ts';
import { JobCancelled, UserFacingError } from './ports.ts';
import { checkSource, InputRejected } from '../../input/rules.ts';
import { noMusicVerdict } from '../../model/verdict.ts';
import { describePcm, SILENCE_PEAK } from './pcm.ts';
import { toTrackResult, waveformEnvelope } from './result.ts';
import type { Alert, GenreResult, HistoryEntry, LiveState, PipelineStage, RecorderState, Track, TrackResult, TrackSource, WaveformEnvelope } from './types.ts';
import { GTZAN_GENRES } from './types.ts';
import { appendLiveColumns } from './live.ts';

/** Tracks longer than this get a quick first result for their opening. */
export const PREVIEW_MIN_SEC = 60;
export const PREVIEW_SEC = 30;
/** Recording stops by itself after this long (bounded memory). */
export const MAX_RECORDING_SEC = 600;
export const LIVE_WINDOW_SEC = 3;
export const LIVE_EVERY_SEC = 1;
/** Seconds of scrolling spectrogram kept in live mode. */
export const LIVE_SPAN_SEC = 12;

/**
 * Position on the progress bar: decoding takes the first 10 %, the worker's analysis the next
 * 75 % (its checkpoints report the share of the analysis done when each stage starts), the
 * models the rest.
 */
export function overallProgress(stage: PipelineStage, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  // shares of a 30 s track's time in the page: decoding 8 %, the engine 15 %, the models (musicnn most) 77 %
  if (stage === 'decode') return 0.08 * f;
  if (stage === 'model') return 0.23 + 0.77 * f;
  return 0.08 + 0.15 * f;
}

/** The probabilities panel's chosen view: the ensemble or one model's own (musicnn's genre head, the CNN, the table model). */
export type ModelView = 'ensemble' | 'head' | 'cnn' | 'table';

export interface PlaybackState {
  timeSec: number;
  playing: boolean;
  /** A request to move the audio element; nonce makes repeated seeks to one time distinct. */
  seek: { timeSec: number; nonce: number } | null;
}

export interface AppState {
  /** Oldest first; restored history entries included. */
  tracks: Track[];
  /** The track whose status (progress, error) the result area reports: the one last added or picked. */
  focusId: string | null;
  /** The track whose result the panels show; it changes only when another result is there to show. */
  viewedId: string | null;
  alert: Alert | null;
  playback: PlaybackState;
  modelView: ModelView;
  recorder: RecorderState;
  live: LiveState;
  historyLoaded: boolean;
}

export interface AppActions {
  addFiles(files: readonly (Blob & { name?: string })[]): string[];
  addDemo(): Promise<void>;
  cancel(id: string): void;
  view(id: string): void;
  remove(id: string): void;
  clearHistory(): Promise<void>;
  dismissAlert(): void;
  setModelView(view: ModelView): void;
  setPlayhead(timeSec: number, playing: boolean): void;
  seek(timeSec: number): void;
  /** Moves the playhead by `deltaSec` (keyboard seeking on the plots). */
  seekBy(deltaSec: number): void;
  startRecording(): Promise<void>;
  stopRecording(): Promise<void>;
  startLive(): Promise<void>;
  stopLive(): Promise<void>;
  loadHistory(): Promise<void>;
  /** Downloads the viewed (or given) result as JSON, the feature CSV, or the plots as PNG. */
  exportResult(kind: 'json' | 'csv' | 'png', id?: string): Promise<void>;
}

export type AppStore = StoreApi<AppState & AppActions>;

export interface AppDeps {
  decoder: AudioDecoder;
  engine: AnalysisEngine;
  urls: AudioUrls;
  history?: HistoryRepository | null;
  recorder?: MicrophoneRecorder | null;
  demo?: DemoSynth | null;
  exporter?: Exporter | null;
  now?: () => number;
  newId?: () => string;
}

const emptyLive: LiveState = { genre: null, genreUnavailable: null, melDb: null, secondsPerColumn: 0, updates: 0 };

/** Silence, told from the samples before any model runs (the models would say the same: src/model/noMusic). */
function noMusic(): GenreResult {
  const p = GTZAN_GENRES.map(() => 1 / GTZAN_GENRES.length);
  const reason = 'silence';
  return { status: 'no-music', noMusicReason: reason, verdict: noMusicVerdict(reason), probabilities: p, models: {}, timeline: [], shortClip: false, backend: 'none' };
}

export function messageOf(err: unknown): string {
  if (err instanceof UserFacingError) return err.message;
  if (err instanceof Error) return `Analysis failed: ${err.message}`;
  return `Analysis failed: ${String(err)}`;
}

export function createAppStore(deps: AppDeps): AppStore {
  const now = deps.now ?? (() => Date.now());
  let idCounter = 0;
  const newId = deps.newId ?? (() => `t${now().toString(36)}-${(++idCounter).toString(36)}`);
  let alertCounter = 0;
  let seekNonce = 0;
  /** Engine jobs per track (a long track has a preview job and a full one). */
  const jobs = new Map<string, EngineJob[]>();
  const cancelled = new Set<string>();
  let decodeChain: Promise<void> = Promise.resolve();
  let liveBusy = false;
  let livePeak = 0;
  let recordingTimer: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<AppState & AppActions>()((set, get) => {
    const patch = (id: string, p: Partial<Track> | ((t: Track) => Partial<Track>)) =>
      set((s) => ({ tracks: s.tracks.map((t) => (t.id === id ? { ...t, ...(typeof p === 'function' ? p(t) : p) } : t)) }));
    const track = (id: string) => get().tracks.find((t) => t.id === id);
    const raise = (text: string, trackId: string | null, kind: Alert['kind'] = 'error') =>
      set({ alert: { id: ++alertCounter, kind, text, trackId } });

    function fail(id: string, err: unknown): void {
      const text = messageOf(err);
      patch(id, { status: 'error', error: text });
      const t = track(id);
      // decoder messages already name the file in quotes
      raise(t && !text.includes(`"${t.name}"`) ? `${t.name}: ${text}` : text, id);
    }

    function newTrack(name: string, source: TrackSource): Track {
      return {
        id: newId(),
        name,
        source,
        addedAt: now(),
        status: 'decoding',
        stage: 'decode',
        progress: 0,
        progressScope: 'track',
        audioUrl: null,
        sourceDurationSec: null,
        warnings: [],
        result: null,
        partial: false,
        genre: { status: 'pending' },
        genreFromPreview: false,
        error: null,
        restored: false,
      };
    }

    /** Shows a result if it belongs to the focused track or nothing is shown yet. */
    function showIfFocused(id: string): void {
      const s = get();
      if (s.focusId === id || s.viewedId === null) {
        if (s.viewedId !== id) set({ viewedId: id, playback: { timeSec: 0, playing: false, seek: { timeSec: 0, nonce: ++seekNonce } } });
      }
    }

    function applyGenre(id: string, g: GenreResult | { unavailable: string }, fromPreview: boolean): void {
      const t = track(id);
      if (!t) return;
      // Silence is decided from the samples (see prepare): no model needed to say so.
      if (t.genre.status === 'ready' && t.genre.result.status === 'no-music' && t.genre.result.backend === 'none') return;
      patch(id, { genre: 'unavailable' in g ? { status: 'unavailable', message: g.unavailable } : { status: 'ready', result: g }, genreFromPreview: fromPreview });
    }

    function handlersFor(id: string, waveform: WaveformEnvelope, partial: boolean): EngineHandlers {
      return {
        progress(stage, fraction) {
          if (cancelled.has(id)) return;
          const t = track(id);
          if (!t || (partial && !t.partial && t.result)) return;
          const scope = partial ? 'opening' : 'track';
          patch(id, (t) => ({ status: 'analysing', stage, progressScope: scope, progress: Math.max(t.progressScope === scope ? t.progress : 0, overallProgress(stage, fraction)) }));
        },
        features(a: TrackAnalysis, warnings) {
          const t = track(id);
          if (!t || cancelled.has(id)) return;
          // A late preview never replaces the full result.
          if (partial && t.result && !t.partial) return;
          patch(id, { result: toTrackResult(a, waveform), partial, ...(partial ? {} : { warnings }) });
          showIfFocused(id);
        },
        genre(g) {
          const t = track(id);
          if (!t || cancelled.has(id)) return;
          if (partial && t.result && !t.partial && !t.genreFromPreview && t.genre.status !== 'pending') return;
          applyGenre(id, g, partial);
        },
      };
    }

    /** The quick first result of a long track: its opening analysed on its own. */
    function submitPreview(id: string, head: Float32Array, sr: number): void {
      // the opening's quick genre only: its musicnn pass would hold up the whole track's behind it
      const preview = deps.engine.analyze(head, sr, handlersFor(id, waveformEnvelope(head, sr), true), { refine: false });
      preview.done.catch(() => undefined); // the full job reports errors
      jobs.set(id, [...(jobs.get(id) ?? []), preview]);
    }

    function submit(id: string, decoded: DecodedAudio, previewDone = false): void {
      const { pcm, sr, waveform, source } = decoded;
      const durationSec = pcm.length / sr;
      if (durationSec > PREVIEW_MIN_SEC && !previewDone) submitPreview(id, pcm.slice(0, Math.round(PREVIEW_SEC * sr)), sr);
      const full = deps.engine.analyze(pcm, sr, handlersFor(id, waveform, false), { source });
      jobs.set(id, [...(jobs.get(id) ?? []), full]);
      full.done.then(
        () => {
          jobs.delete(id);
          const t = track(id);
          if (!t || cancelled.has(id)) return;
          patch(id, (t) => ({
            status: 'done',
            progress: 1,
            partial: false,
            genre: t.genre.status === 'pending' ? { status: 'unavailable', message: 'The genre models are not available in this build.' } : t.genre,
          }));
          void saveToHistory(id);
        },
        (err: unknown) => {
          jobs.delete(id);
          if (err instanceof JobCancelled || cancelled.has(id)) {
            patch(id, { status: 'cancelled' });
            return;
          }
          fail(id, err);
        },
      );
    }

    /** The input rules' verdict (src/input, as in the worker and the CLI): false, with the reason shown, when it cannot be analysed. */
    function prepare(id: string, decoded: DecodedAudio): boolean {
      try {
        checkSource(decoded.source);
      } catch (err) {
        if (!(err instanceof InputRejected)) throw err;
        fail(id, new UserFacingError(`${err.message[0].toUpperCase()}${err.message.slice(1)}.`));
        return false;
      }
      const silent = decoded.peak < SILENCE_PEAK;
      patch(id, (t) => ({
        // A preview of the opening may already be running: keep its status and stage.
        ...(t.status === 'analysing' ? {} : { status: 'queued' as const, stage: 'spectrogram' as const, progress: overallProgress('decode', 1) }),
        sourceDurationSec: decoded.source.durationSec ?? decoded.source.analysedSec,
        ...(silent ? { genre: { status: 'ready' as const, result: noMusic() } } : {}),
      }));
      return true;
    }

    function decodeAndQueue(id: string, blob: Blob, name: string): void {
      decodeChain = decodeChain.then(async () => {
        if (cancelled.has(id)) return;
        patch(id, { stage: 'decode', progress: 0.02 });
        let decoded: DecodedAudio;
        let previewDone = false;
        try {
          decoded = await deps.decoder.decode(blob, name, {
            ifLongerThanSec: PREVIEW_MIN_SEC,
            seconds: PREVIEW_SEC,
            // A long file's opening is analysed while the rest is still being decoded.
            onOpening: (opening) => {
              if (cancelled.has(id) || opening.peak < SILENCE_PEAK) return;
              previewDone = true;
              patch(id, { status: 'queued', sourceDurationSec: opening.source.durationSec });
              submitPreview(id, opening.pcm, opening.sr);
            },
          });
        } catch (err) {
          if (!cancelled.has(id)) {
            for (const j of jobs.get(id) ?? []) j.cancel();
            fail(id, err);
          }
          return;
        }
        if (cancelled.has(id)) return;
        if (prepare(id, decoded)) submit(id, decoded, previewDone);
      });
    }

    async function saveToHistory(id: string): Promise<void> {
      const t = track(id);
      if (!deps.history || !t || !t.result) return;
      const entry: HistoryEntry = {
        id: t.id,
        name: t.name,
        source: t.source,
        addedAt: t.addedAt,
        sourceDurationSec: t.sourceDurationSec,
        warnings: t.warnings,
        result: t.result,
        genre: t.genre.status === 'ready' ? t.genre.result : null,
      };
      try {
        await deps.history.put(entry);
      } catch {
        raise('Could not save this result to the history (storage full or unavailable); it stays until you reload.', null, 'info');
      }
    }

    function addPcm(name: string, source: TrackSource, pcm: Float32Array, sr: number): string {
      const t = newTrack(name, source);
      t.audioUrl = deps.urls.forPcm(pcm, sr);
      set((s) => ({ tracks: [...s.tracks, t], focusId: t.id, alert: null }));
      const seconds = pcm.length / sr;
      const decoded: DecodedAudio = { pcm, sr, source: { sampleRate: sr, channels: 1, durationSec: seconds, analysedSec: seconds, cut: false }, ...describePcm(pcm, sr) };
      if (prepare(t.id, decoded)) submit(t.id, decoded);
      return t.id;
    }

    function onLiveFeatures(a: TrackAnalysis): void {
      // Fixed dB scale across windows (each analysis normalises its own melDb to its peak).
      set((s) => {
        const { melDb, peak } = appendLiveColumns(s.live.melDb, a.melPower, livePeak, LIVE_EVERY_SEC, a.hopLength / a.sr, LIVE_SPAN_SEC);
        livePeak = peak;
        return { live: { ...s.live, melDb, secondsPerColumn: a.hopLength / a.sr, updates: s.live.updates + 1 } };
      });
    }

    return {
      tracks: [],
      focusId: null,
      viewedId: null,
      alert: null,
      playback: { timeSec: 0, playing: false, seek: null },
      modelView: 'ensemble',
      recorder: { status: 'idle', level: 0, elapsedSec: 0 },
      live: emptyLive,
      historyLoaded: false,

      addFiles(files) {
        const added: Track[] = [];
        for (const f of files) {
          const name = f.name || 'untitled';
          const t = newTrack(name, 'file');
          if (f.size === 0) {
            added.push({ ...t, status: 'error', error: 'This file is empty (0 bytes).' });
            continue;
          }
          t.audioUrl = deps.urls.forBlob(f);
          added.push(t);
        }
        if (added.length === 0) return [];
        set((s) => ({ tracks: [...s.tracks, ...added], focusId: added[0].id, alert: null }));
        for (const t of added) {
          if (t.status === 'error') raise(`${t.name}: ${t.error}`, t.id);
          else decodeAndQueue(t.id, files[added.indexOf(t)], t.name);
        }
        return added.map((t) => t.id);
      },

      async addDemo() {
        if (!deps.demo) return;
        try {
          const blob = await deps.demo.render();
          const file = Object.assign(blob, { name: 'Demo (synthesised)' });
          const [id] = get().addFiles([file]);
          if (id) patch(id, { source: 'demo' });
        } catch (err) {
          raise(`Could not make the demo clip: ${err instanceof Error ? err.message : String(err)}`, null);
        }
      },

      cancel(id) {
        const t = track(id);
        if (!t || t.status === 'done' || t.status === 'error' || t.status === 'cancelled') return;
        cancelled.add(id);
        for (const j of jobs.get(id) ?? []) j.cancel();
        jobs.delete(id);
        patch(id, { status: 'cancelled', partial: t.partial });
      },

      view(id) {
        if (!track(id)) return;
        set({ focusId: id, alert: null });
        if (track(id)?.result) set({ viewedId: id, playback: { timeSec: 0, playing: false, seek: { timeSec: 0, nonce: ++seekNonce } } });
      },

      remove(id) {
        const t = track(id);
        if (!t) return;
        get().cancel(id);
        if (t.audioUrl) deps.urls.revoke(t.audioUrl);
        set((s) => ({
          tracks: s.tracks.filter((x) => x.id !== id),
          focusId: s.focusId === id ? null : s.focusId,
          viewedId: s.viewedId === id ? null : s.viewedId,
          alert: s.alert?.trackId === id ? null : s.alert,
        }));
        void deps.history?.remove(id).catch(() => undefined);
      },

      async clearHistory() {
        const restored = get().tracks.filter((t) => t.status === 'done' || t.status === 'error' || t.status === 'cancelled');
        for (const t of restored) get().remove(t.id);
        await deps.history?.clear().catch(() => undefined);
      },

      dismissAlert() {
        set({ alert: null });
      },

      setModelView(view) {
        set({ modelView: view });
      },

      setPlayhead(timeSec, playing) {
        const p = get().playback;
        if (p.timeSec !== timeSec || p.playing !== playing) set({ playback: { ...p, timeSec, playing } });
      },

      seek(timeSec) {
        const t = Math.max(0, timeSec);
        set((s) => ({ playback: { ...s.playback, timeSec: t, seek: { timeSec: t, nonce: ++seekNonce } } }));
      },

      seekBy(deltaSec) {
        const viewed = selectViewed(get());
        const end = viewed?.result?.waveform.durationSec ?? Infinity;
        get().seek(Math.min(end, get().playback.timeSec + deltaSec));
      },

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
          const stamp = new Date(now()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
          addPcm(`Recording ${stamp}`, 'microphone', pcm, sr);
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

      async exportResult(kind, id) {
        const t = track(id ?? get().viewedId ?? '');
        if (!deps.exporter || !t?.result) {
          raise('There is no result to export yet.', null, 'info');
          return;
        }
        try {
          if (kind === 'json') {
            deps.exporter.save(exportName(t, 'genrescope.json'), new Blob([JSON.stringify(resultJson(t), null, 2)], { type: 'application/json' }));
          } else if (kind === 'csv') {
            deps.exporter.save(exportName(t, 'features.csv'), new Blob([featureCsv([t])], { type: 'text/csv' }));
          } else {
            deps.exporter.save(exportName(t, 'plots.png'), await deps.exporter.renderPng(t));
          }
        } catch (err) {
          raise(`Export failed: ${err instanceof Error ? err.message : String(err)}`, null);
        }
      },

      async loadHistory() {
        if (!deps.history) {
          set({ historyLoaded: true });
          return;
        }
        let entries: HistoryEntry[];
        try {
          entries = await deps.history.load();
        } catch {
          set({ historyLoaded: true });
          raise('The history of earlier results could not be read (storage unavailable).', null, 'info');
          return;
        }
        const known = new Set(get().tracks.map((t) => t.id));
        const restored: Track[] = entries
          .filter((e) => !known.has(e.id))
          .map((e) => ({
            id: e.id,
            name: e.name,
            source: e.source,
            addedAt: e.addedAt,
            status: 'done',
            stage: 'model',
            progress: 1,
            progressScope: 'track',
            audioUrl: null,
            sourceDurationSec: e.sourceDurationSec,
            warnings: e.warnings ?? [],
            result: e.result,
            partial: false,
            genre: e.genre ? { status: 'ready', result: e.genre } : { status: 'unavailable', message: 'No genre was computed for this result.' },
            error: null,
            genreFromPreview: false,
            restored: true,
          }));
        restored.sort((a, b) => a.addedAt - b.addedAt);
        set((s) => {
          const last = restored[restored.length - 1];
          return {
            tracks: [...restored, ...s.tracks],
            historyLoaded: true,
            viewedId: s.viewedId ?? last?.id ?? null,
          };
        });
      },
    };
  });

  deps.engine.onCrash((message) => {
    store.setState({
      alert: { id: ++alertCounter, kind: 'error', text: `The analysis engine crashed (${message}). What was being analysed stopped; drop the file again to retry. Results already shown are kept.`, trackId: null },
    });
  });

  return store;
}

/** The track whose result the panels show. */
export const selectViewed = (s: AppState): Track | null => s.tracks.find((t) => t.id === s.viewedId) ?? null;
/** The track whose progress or error the result area reports. */
export const selectFocus = (s: AppState): Track | null => s.tracks.find((t) => t.id === s.focusId) ?? null;

export type { TrackResult };
