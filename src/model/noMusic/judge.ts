/**
 * The no-music judgement: each window gets a reason or none from its signal descriptors (and, at
 * the final stage, musicnn's embedding), checked in a fixed order so the plainest explanation wins;
 * a track is "not music" when enough of its non-silent windows are, with their most common reason.
 */
import type { SignalThresholds } from './metadata.ts';
import type { WindowSignal } from './signal.ts';

export const NO_MUSIC_REASONS = {
  silence: 'silence',
  quiet: 'near silence',
  noise: 'steady noise with no pitch or rhythm',
  hum: 'a steady low hum',
  tone: 'a steady tone',
  sweep: 'a single tone changing in pitch, like a sweep or test tones',
  clicks: 'clicks, beeps or ticks with silence between them',
  speech: 'speech rather than music',
} as const;
export type NoMusicReason = keyof typeof NO_MUSIC_REASONS;

/** The plain-words sentence for a reason. */
export function reasonText(r: NoMusicReason): string {
  return NO_MUSIC_REASONS[r];
}

/**
 * A window more than a third gaps is clicks or beeps (telephone tones included) whatever else it
 * resembles: speech's own pauses leave less (11-25 % of the windows of the synthetic speech measured).
 */
const MOSTLY_GAPS = 0.35;

/**
 * One window's reason, or null where it may be music. `speech` (final stage only) is the
 * embedding's speech score and its threshold. Speech comes after the plain signal rules, so that a
 * steady tone or a metronome is called what it is, but before the shorter gaps that speech's own
 * pauses make.
 */
export function windowReason(s: WindowSignal, t: SignalThresholds, speech?: { score: number; threshold: number }): NoMusicReason | null {
  if (s.peakDb < t.quietPeakDb) return 'quiet';
  if (s.changeDb < t.steadyChangeDb) {
    if (s.unevenDb < t.tonalUnevenDb || s.flickerDb > t.noiseFlickerDb) return 'noise';
    return s.dominantHz < t.humBelowHz ? 'hum' : 'tone';
  }
  if (s.gapShare > Math.max(MOSTLY_GAPS, t.clicksGapShare)) return 'clicks';
  if (s.peakShare > t.singleTonePeakShare) return 'sweep';
  if (speech && speech.score > speech.threshold) return 'speech';
  if (s.gapShare > t.clicksGapShare) return 'clicks';
  return null;
}

export interface TrackVerdict {
  noMusic: boolean;
  reason: NoMusicReason | null;
}

/**
 * The track's verdict from its windows' reasons: silent windows do not vote (a track of nothing
 * but silence is "silence"); otherwise flagged when at least `share` of the others are flagged,
 * with their most common reason (the earlier one in NO_MUSIC_REASONS on a tie).
 */
export function trackVerdict(reasons: (NoMusicReason | null)[], silent: boolean[], share: number): TrackVerdict {
  const voting = reasons.filter((_, i) => !silent[i]);
  if (voting.length === 0) return { noMusic: true, reason: 'silence' };
  const flagged = voting.filter((r): r is NoMusicReason => r !== null);
  if (flagged.length < share * voting.length) return { noMusic: false, reason: null };
  const counts = new Map<NoMusicReason, number>();
  for (const r of flagged) counts.set(r, (counts.get(r) ?? 0) + 1);
  const order = Object.keys(NO_MUSIC_REASONS) as NoMusicReason[];
  const reason = order.reduce<NoMusicReason | null>((best, r) => ((counts.get(r) ?? 0) > (best ? counts.get(best) ?? 0 : 0) ? r : best), null);
  return { noMusic: true, reason };
}
