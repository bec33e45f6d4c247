/**
 * What every slice of the store shares, built once per store by createSliceContext and handed to
 * each slice creator: zustand's set/get, the injected ports, the clock and id source, the engine
 * jobs per track, and the small helpers that change one track, raise an alert or fail a track.
 * The slices keep their own private state (timers, chains) to themselves.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { EngineJob } from '../ports.ts';
import { UserFacingError } from '../ports.ts';
import type { Alert, Track } from '../types.ts';
import type { AppActions, AppDeps, AppState } from '../store.ts';

export type Full = AppState & AppActions;
/** The part of the store one slice owns: its state and actions, checked against AppState & AppActions. */
export type Slice<K extends keyof Full> = Pick<Full, K>;

export interface SliceContext {
  set: StoreApi<Full>['setState'];
  get: StoreApi<Full>['getState'];
  deps: AppDeps;
  now(): number;
  newId(): string;
  /** Engine jobs per track (a long track has a preview job and a full one). */
  jobs: Map<string, EngineJob[]>;
  track(id: string): Track | undefined;
  patch(id: string, p: Partial<Track> | ((t: Track) => Partial<Track>)): void;
  raise(text: string, trackId: string | null, kind?: Alert['kind']): void;
  /** Marks the track failed ('error': refused; 'interrupted': stopped mid-way) and raises its message, naming the file. */
  fail(id: string, err: unknown, status?: 'error' | 'interrupted'): void;
  /** A request to move the audio element to `timeSec`, distinct from every earlier one. */
  seekTo(timeSec: number): { timeSec: number; nonce: number };
  /** Shows the track's result in the panels, its player back at the start. */
  showFromStart(id: string): void;
}

export function messageOf(err: unknown): string {
  if (err instanceof UserFacingError) return err.message;
  if (err instanceof Error) return `Analysis failed: ${err.message}`;
  return `Analysis failed: ${String(err)}`;
}

export function createSliceContext(set: SliceContext['set'], get: SliceContext['get'], deps: AppDeps): SliceContext {
  const now = deps.now ?? (() => Date.now());
  let idCounter = 0;
  const newId = deps.newId ?? (() => `t${now().toString(36)}-${(++idCounter).toString(36)}`);
  let alertCounter = 0;
  let seekNonce = 0;

  const track = (id: string) => get().tracks.find((t) => t.id === id);
  const patch: SliceContext['patch'] = (id, p) =>
    set((s) => ({ tracks: s.tracks.map((t) => (t.id === id ? { ...t, ...(typeof p === 'function' ? p(t) : p) } : t)) }));
  const raise: SliceContext['raise'] = (text, trackId, kind = 'error') => set({ alert: { id: ++alertCounter, kind, text, trackId } });
  const seekTo = (timeSec: number) => ({ timeSec, nonce: ++seekNonce });

  return {
    set,
    get,
    deps,
    now,
    newId,
    jobs: new Map(),
    track,
    patch,
    raise,
    fail(id, err, status = 'error') {
      const text = messageOf(err);
      patch(id, { status, error: text });
      const t = track(id);
      // decoder messages already name the file in quotes
      raise(t && !text.includes(`"${t.name}"`) ? `${t.name}: ${text}` : text, id);
    },
    seekTo,
    showFromStart(id) {
      set({ viewedId: id, playback: { timeSec: 0, playing: false, seek: seekTo(0) } });
    },
  };
}
