/**
 * The order in which waiting tracks are analysed, one at a time: files of at most SHORT_SEC
 * (known once decoded) before longer ones, each group in the order dropped, so a short file never
 * waits behind a long one. A long track's quick look at its opening counts as its first turn; its
 * whole analysis then waits behind the short files. The analysis flow runs tracks in this order
 * and the list shows the same positions.
 */
import type { Track } from './types.ts';

/** Files at most this long go first. */
export const SHORT_SEC = 60;

export function isWaiting(t: Track): boolean {
  return t.status === 'decoding' || t.status === 'queued';
}

/** Still to be finished: waiting or in the engine. */
export function isBusy(t: Track): boolean {
  return isWaiting(t) || t.status === 'analysing';
}

function isShort(t: Track): boolean {
  return t.sourceDurationSec !== null && t.sourceDurationSec <= SHORT_SEC;
}

/** The waiting tracks, next first. */
export function queueOrder(tracks: readonly Track[]): Track[] {
  const waiting = tracks.filter(isWaiting);
  return [...waiting.filter(isShort), ...waiting.filter((t) => !isShort(t))];
}

/** The waiting tracks' ids, next first: a track's position in the queue is its index + 1. */
export function selectQueue(s: { tracks: readonly Track[] }): string[] {
  return queueOrder(s.tracks).map((t) => t.id);
}
