/** Every input warning for a decoded source: its description's (./rules.ts), then its signal's (./signalWarnings.ts). */
import { sourceWarnings, type InputWarning, type SourceDescription } from './rules.ts';
import { measureSignal, signalWarnings } from './signalWarnings.ts';

export function inputWarnings(y: Float32Array, sr: number, source: SourceDescription): InputWarning[] {
  return [...sourceWarnings(source), ...signalWarnings(measureSignal(y, sr))];
}
