/**
 * The history slice: earlier results kept across reloads through the injected HistoryRepository
 * (IndexedDB in the page). It restores them at start (loadHistory), saves each finished track
 * (saveToHistory, called by the analysis flow) and clears the finished ones (clearHistory).
 */
import type { HistoryEntry, Track } from '../types.ts';
import type { Slice, SliceContext } from './shared.ts';

export type HistorySlice = Slice<'historyLoaded' | 'loadHistory' | 'clearHistory'>;

/** Saves a finished track's result; a failure to store it is told, not fatal. */
export async function saveToHistory(ctx: SliceContext, id: string): Promise<void> {
  const t = ctx.track(id);
  const history = ctx.deps.history;
  if (!history || !t || !t.result) return;
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
    await history.put(entry);
  } catch {
    ctx.raise('Could not save this result to the history (storage full or unavailable); it stays until you reload.', null, 'info');
  }
}

/** A history entry as a finished track, without audio. */
function restoredTrack(e: HistoryEntry): Track {
  return {
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
  };
}

export function createHistorySlice(ctx: SliceContext): HistorySlice {
  const { set, get, deps, raise } = ctx;
  return {
    historyLoaded: false,

    async clearHistory() {
      const restored = get().tracks.filter((t) => t.status === 'done' || t.status === 'error' || t.status === 'cancelled');
      for (const t of restored) get().remove(t.id);
      await deps.history?.clear().catch(() => undefined);
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
      const restored = entries.filter((e) => !known.has(e.id)).map(restoredTrack);
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
}
