/** The recharts module (the probability bars), split from the first load: fetched when the first result is shown. */
import { lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { GTZAN_GENRES } from '../state/types.ts';

const charts = () => import('./charts/Charts.tsx');
export const ProbabilityBars = lazy(() => charts().then((m) => ({ default: m.ProbabilityBars })));

/** Starts loading the charts early (e.g. when a file is dropped) so they are ready with the result. */
export function preloadCharts(): void {
  void charts();
}

const idle = () => new Promise<void>((resolve) => ('requestIdleCallback' in window ? requestIdleCallback(() => resolve(), { timeout: 3000 }) : setTimeout(resolve, 200)));

let warmed: Promise<void> | null = null;

/**
 * Loads the charts and renders the chart once, hidden off-screen, while the page is idle, one
 * step per idle period. The first mount of a recharts chart runs its code cold (compiled on
 * first use) and takes several times as long as a later one; paid here, the first result's
 * charts appear without freezing the page.
 */
export function warmCharts(): Promise<void> {
  warmed ??= (async () => {
    await idle();
    const m = await charts();
    const host = document.createElement('div');
    host.setAttribute('aria-hidden', 'true');
    host.style.cssText = 'position:fixed;left:-10000px;top:0;width:640px;visibility:hidden;pointer-events:none;contain:strict;height:600px';
    document.body.append(host);
    const root = createRoot(host);
    const p = GTZAN_GENRES.map((_, i) => (i + 1) / 55);
    try {
      await idle();
      root.render(<m.ProbabilityBars probabilities={p} />);
      await idle();
    } finally {
      root.unmount();
      host.remove();
    }
  })().catch(() => undefined);
  return warmed;
}
