/**
 * The tracks slice: the list of tracks (oldest first, restored history entries included) and the
 * actions that add to it or take from it: dropped files and the demo clip (each queued through the
 * analysis flow), cancelling or running again one track, removing one, and clearing the finished
 * ones with an undo. The undo lasts until the next action on the list or UNDO_MS; the cleared
 * entries leave the history at once and are written back by the undo.
 */
import { isBusy } from '../queue.ts';
import type { Track } from '../types.ts';
import type { AnalysisFlow } from './analysis.ts';
import { recordInHistory } from './history.ts';
import type { Slice, SliceContext } from './shared.ts';

export type TracksSlice = Slice<'tracks' | 'lastClear' | 'addFiles' | 'addDemo' | 'cancel' | 'runAgain' | 'remove' | 'clearHistory' | 'undoClear'>;

/** How long "Clear" can be undone, unless another action on the list comes first. */
export const UNDO_MS = 8000;

interface Cleared {
  tracks: Track[];
  /** The list's order before the clear, to put them back where they were. */
  order: string[];
  viewedId: string | null;
  timer: ReturnType<typeof setTimeout>;
}

export function createTracksSlice(ctx: SliceContext, flow: AnalysisFlow): TracksSlice {
  const { set, get, deps, track, patch, raise } = ctx;
  let cleared: Cleared | null = null;

  /** The last clear can no longer be undone: its tracks' audio is let go. */
  function settleClear(): void {
    if (!cleared) return;
    clearTimeout(cleared.timer);
    for (const t of cleared.tracks) {
      if (t.audioUrl) deps.urls.revoke(t.audioUrl);
      flow.forget(t.id);
    }
    cleared = null;
    set({ lastClear: null });
  }

  return {
    tracks: [],
    lastClear: null,

    addFiles(files) {
      settleClear();
      const added: Track[] = [];
      for (const f of files) {
        const name = f.name || 'untitled';
        const t = flow.newTrack(name, 'file');
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
        else flow.addFile(t.id, files[added.indexOf(t)]);
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
      settleClear();
      flow.cancel(id);
    },

    async runAgain(id, file) {
      settleClear();
      await flow.runAgain(id, file);
    },

    remove(id) {
      settleClear();
      const t = track(id);
      if (!t) return;
      flow.cancel(id);
      flow.forget(id);
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
      settleClear();
      const s = get();
      const gone = s.tracks.filter((t) => !isBusy(t));
      if (gone.length === 0) return;
      const ids = new Set(gone.map((t) => t.id));
      cleared = { tracks: gone, order: s.tracks.map((t) => t.id), viewedId: s.viewedId, timer: setTimeout(settleClear, UNDO_MS) };
      set((s) => ({
        tracks: s.tracks.filter((t) => !ids.has(t.id)),
        focusId: s.focusId && ids.has(s.focusId) ? null : s.focusId,
        viewedId: s.viewedId && ids.has(s.viewedId) ? null : s.viewedId,
        alert: s.alert?.trackId && ids.has(s.alert.trackId) ? null : s.alert,
        lastClear: { count: gone.length },
      }));
      const history = deps.history;
      if (history) await Promise.all(gone.map((t) => history.remove(t.id).catch(() => undefined)));
    },

    async undoClear() {
      if (!cleared) return;
      const { tracks: back, order, viewedId, timer } = cleared;
      clearTimeout(timer);
      cleared = null;
      const at = new Map(order.map((id, i) => [id, i]));
      const place = (t: Track) => at.get(t.id) ?? order.length;
      set((s) => ({
        // back where they were (a recording made since goes last)
        tracks: [...s.tracks, ...back].sort((a, b) => place(a) - place(b)),
        viewedId: s.viewedId ?? viewedId,
        lastClear: null,
      }));
      await Promise.all(back.map((t) => recordInHistory(ctx, t.id)));
    },
  };
}
