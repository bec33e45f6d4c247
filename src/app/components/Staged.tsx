/**
 * A chart that shows `value` a moment after the rest of the result (step x 40 ms later, in a
 * task and a commit of its own: not a transition, since React renders pending transitions
 * together, which would put every chart's work in one task), and that stays mounted from one
 * value to the next: while a new value is on its way (or `value` is null: the genre is still
 * being worked out) the previous chart stays in place, hidden under a placeholder, and then
 * takes the new data. Before the first value it is mounted, hidden, with `placeholder`.
 * Mounting or unmounting a recharts chart is one long task (its parts register from layout
 * effects and the re-render that follows is synchronous); an update costs a fraction, and the
 * mount then happens while the models are still running rather than when their answer comes.
 */
import { useEffect, useState, type ReactNode } from 'react';

export function Staged<T>({ step, value, placeholder, height, render }: { step: number; value: T | null; placeholder?: T; height: number; render: (value: T) => ReactNode }) {
  const [shown, setShown] = useState<T | null>(null);
  useEffect(() => {
    const next = value ?? placeholder;
    if (next === undefined || next === null) return;
    const id = setTimeout(() => setShown((s) => (value === null && s !== null ? s : next)), 40 * step);
    return () => clearTimeout(id);
  }, [value, placeholder, step]);
  const stale = shown !== value;
  return (
    <div className="staged" style={{ minHeight: height }}>
      {shown !== null && (
        <div className={stale ? 'staged-stale' : undefined} aria-hidden={stale || undefined}>
          {render(shown)}
        </div>
      )}
      {stale && <div className="chart-placeholder" style={{ height }} aria-hidden="true" />}
    </div>
  );
}
