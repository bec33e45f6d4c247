/**
 * Renders its children a moment after the rest of the result (step x 40 ms later), each step in
 * its own task: a new result then paints in several short tasks instead of one long one, so the
 * page stays responsive (no task over 100 ms) while charts appear.
 */
import { useEffect, useState, type ReactNode } from 'react';

export function Staged({ step, resetKey, height, children }: { step: number; resetKey: unknown; height: number; children: ReactNode }) {
  const [shownFor, setShownFor] = useState<unknown>(undefined);
  useEffect(() => {
    const id = setTimeout(() => setShownFor(resetKey), 40 * step);
    return () => clearTimeout(id);
  }, [resetKey, step]);
  return shownFor === resetKey ? children : <div className="chart-placeholder" style={{ height }} aria-hidden="true" />;
}
