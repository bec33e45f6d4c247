/**
 * The view slice: what the result area shows and does. The focused track (whose progress or error
 * is reported), the viewed one (whose result the panels show), the alert, the probabilities
 * panel's model view, and exporting the viewed result. (Playback and the plots' time view are
 * the time view slice, timeView.ts.)
 */
import { exportName, featureCsv, resultJson } from '../exports.ts';
import type { AppState } from '../store.ts';
import type { Track } from '../types.ts';
import type { Slice, SliceContext } from './shared.ts';

export type ViewSlice = Slice<
  'focusId' | 'viewedId' | 'alert' | 'modelView' | 'view' | 'dismissAlert' | 'setModelView' | 'exportResult'
>;

/** The track whose result the panels show. */
export const selectViewed = (s: AppState): Track | null => s.tracks.find((t) => t.id === s.viewedId) ?? null;
/** The track whose progress or error the result area reports. */
export const selectFocus = (s: AppState): Track | null => s.tracks.find((t) => t.id === s.focusId) ?? null;

export function createViewSlice(ctx: SliceContext): ViewSlice {
  const { set, get, deps, track, raise } = ctx;
  return {
    focusId: null,
    viewedId: null,
    alert: null,
    modelView: 'ensemble',

    view(id) {
      if (!track(id)) return;
      set({ focusId: id, alert: null });
      if (track(id)?.result) ctx.showFromStart(id);
    },

    dismissAlert() {
      set({ alert: null });
    },

    setModelView(view) {
      set({ modelView: view });
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
  };
}
