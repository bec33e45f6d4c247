/** Durations in the words people read them in, for the input rules' messages. */

/** "4 min 05 s", "12.3 s", "1 h 02 min". */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return 'unknown length';
  if (sec < 60) return `${sec.toFixed(1)} s`;
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s).padStart(2, '0')} s`;
}
