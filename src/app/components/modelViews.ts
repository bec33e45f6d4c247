/**
 * The views of the probabilities panel's selector: the ensemble and each model that answered.
 * The store holds the choice (its ModelView); an answer may lack the chosen model's view.
 */
import type { ModelView } from '../state/store.ts';
import type { GenreResult } from '../state/types.ts';

export const VIEW_LABEL: Record<ModelView, string> = { ensemble: 'Ensemble', head: 'musicnn', cnn: 'CNN', table: 'Feature model' };

const VIEW_DESCRIPTION: Record<ModelView, string> = {
  ensemble: 'Both models combined',
  head: 'A genre model on what musicnn hears, averaged over 3-second slices',
  cnn: 'The CNN on the mel spectrogram, averaged over 3-second windows',
  table: 'The model on the 57 GTZAN table features of the whole track',
};

/** What a view shows; the ensemble pools musicnn as well once the answer is final. */
export function describeView(view: ModelView, g: GenreResult): string {
  if (view === 'ensemble' && g.models.head) return 'musicnn, the CNN and the feature model combined';
  return VIEW_DESCRIPTION[view];
}

/** The views this answer has, in the selector's order (none while the genre is on its way). */
export function availableViews(g: GenreResult | null): ModelView[] {
  return g ? ['ensemble', ...(['head', 'cnn', 'table'] as const).filter((m) => g.models[m])] : [];
}

/**
 * The view shown: the one chosen if this answer has it, else the ensemble (a quick answer has no
 * musicnn view yet). The choice itself stays, so the final answer shows it again.
 */
export function shownView(available: readonly ModelView[], chosen: ModelView): ModelView {
  return available.includes(chosen) ? chosen : 'ensemble';
}
