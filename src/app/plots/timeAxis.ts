/**
 * The time axis's ticks: a round step for the visible span (0.1 s up to 20 min) and labels in
 * seconds for short tracks, in m:ss (h:mm:ss past an hour) once the track reaches a minute, with
 * tenths where the step is under a second, so a zoomed-in 5-minute track reads "2:10.5".
 */
import { clockTime } from '../../model/verdict.ts';
import type { TimeSpan } from './timeView.ts';

const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200] as const;

/** Tracks at least this long get m:ss labels. */
export const CLOCK_FROM_SEC = 60;

/** The smallest round step that keeps `spanSec` within `maxTicks` ticks. */
export function niceTimeStep(spanSec: number, maxTicks: number): number {
  return STEPS.find((s) => spanSec / s <= Math.max(1, maxTicks)) ?? 3600;
}

/** One time as the axis prints it: `clock` for m:ss, tenths when the step needs them. */
export function formatTime(t: number, step: number, clock: boolean): string {
  const tenths = step < 1;
  if (!clock) return tenths ? t.toFixed(1) : String(Math.round(t));
  if (!tenths) return clockTime(t);
  const whole = Math.floor(t + 1e-6);
  return `${clockTime(whole)}.${Math.min(9, Math.round((t - whole) * 10))}`;
}

export interface TimeTicks {
  step: number;
  /** What the labels are in: seconds, or minutes and seconds. */
  unit: 's' | 'min:s';
  ticks: { t: number; label: string }[];
}

/** The ticks inside `span`, at multiples of a round step, at most about `maxTicks` of them. */
export function timeTicks(span: TimeSpan, maxTicks: number, durationSec: number): TimeTicks {
  const length = span.endSec - span.startSec;
  const clock = durationSec >= CLOCK_FROM_SEC;
  if (!(length > 0)) return { step: 1, unit: clock ? 'min:s' : 's', ticks: [] };
  const step = niceTimeStep(length, maxTicks);
  const ticks: TimeTicks['ticks'] = [];
  // Integer multiples, so 0.1-steps do not drift (0.30000000000000004).
  for (let k = Math.ceil(span.startSec / step - 1e-9); k * step <= span.endSec + 1e-9; k++) {
    const t = Number((k * step).toFixed(3));
    ticks.push({ t, label: formatTime(t, step, clock) });
  }
  return { step, unit: clock ? 'min:s' : 's', ticks };
}

/** A moment as read-outs and labels print it: to the tenth, "2:10.5" on a track of a minute or more, else "12.5 s". */
export function formatMoment(t: number, durationSec: number): string {
  const clock = durationSec >= CLOCK_FROM_SEC;
  return clock ? formatTime(Math.round(t * 10) / 10, 0.1, true) : `${formatTime(t, 0.1, false)} s`;
}

/** A length as labels print it: "5:00" on a track of a minute or more, else "12.0 s". */
export function formatLength(sec: number): string {
  return sec >= CLOCK_FROM_SEC ? clockTime(sec) : `${sec.toFixed(1)} s`;
}
