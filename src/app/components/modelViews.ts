/**
 * The views of the probabilities panel's selector: the ensemble and each model that answered.
 * The store keeps the choice among ensemble, CNN and table (its ModelView); musicnn's head is
 * chosen in the panel on top of it, since the store's ModelView does not name it yet.
 */
import type { ModelView } from '../state/store.ts';
import type { GenreResult } from '../state/types.ts';

export type PanelView = ModelView | 'head';

export const VIEW_LABEL: Record<PanelView, string> = { ensemble: 'Ensemble', head: 'musicnn', cnn: 'CNN', table: 'Feature model' };

const VIEW_DESCRIPTION: Record<PanelView, string> = {
  ensemble: 'Both models combined',
  head: 'A genre model on what musicnn hears, averaged over 3-second slices',
  cnn: 'The CNN on the mel spectrogram, averaged over 3-second windows',
  table: 'The model on the 57 GTZAN table features of the whole track',
};

/** What a view shows; the ensemble pools musicnn as well once the answer is final. */
export function describeView(view: PanelView, g: GenreResult): string {
  if (view === 'ensemble' && g.models.head) return 'musicnn, the CNN and the feature model combined';
  return VIEW_DESCRIPTION[view];
}

/** The views this answer has, in the selector's order (none while the genre is on its way). */
export function availableViews(g: GenreResult | null): PanelView[] {
  return g ? ['ensemble', ...(['head', 'cnn', 'table'] as const).filter((m) => g.models[m])] : [];
}

/**
 * The view shown: the one chosen if this answer has it, else the store's choice if it has that
 * (a quick answer has no musicnn view yet), else the ensemble.
 */
export function shownView(available: readonly PanelView[], chosen: PanelView, storeView: ModelView): PanelView {
  if (available.includes(chosen)) return chosen;
  return available.includes(storeView) ? storeView : 'ensemble';
}
