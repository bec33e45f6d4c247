/** The recharts module, split from the first load: fetched when the first result is shown. */
import { lazy } from 'react';

const charts = () => import('./charts/Charts.tsx');
export const ProbabilityBars = lazy(() => charts().then((m) => ({ default: m.ProbabilityBars })));
export const GenreTimeline = lazy(() => charts().then((m) => ({ default: m.GenreTimeline })));

/** Starts loading the charts early (e.g. when a file is dropped) so they are ready with the result. */
export function preloadCharts(): void {
  void charts();
}
