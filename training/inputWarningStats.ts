/**
 * The signal warnings' measures (src/input/signalWarnings.ts) over every GTZAN clip with audio,
 * original and as 128 kbit/s MP3: the extremes of each measure and the clips that would earn a
 * warning (expected: none), which is how the thresholds were set.
 *
 *   npx tsx training/inputWarningStats.ts [--data ../shared/data]
 */
import { loadAudioFile } from '../src/node/decodeAudio.ts';
import { measureSignal, signalWarnings, type SignalMeasures } from '../src/input/signalWarnings.ts';
import { readClips, resolveDataDir } from './dataPaths.ts';
import { mp3Of } from './mp3.ts';

const clips = readClips(resolveDataDir(process.argv.slice(2)));
const rows: { name: string; m: SignalMeasures }[] = [];
for (const clip of clips) {
  for (const [name, file] of [[clip.stem, clip.file], [`${clip.stem}.mp3`, mp3Of(clip.file, clip.stem, 'mp3-128k')]]) {
    const { y, sr } = await loadAudioFile(file);
    rows.push({ name, m: measureSignal(y, sr) });
  }
}
const fmt = (v: number) => (Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(3));
for (const key of ['highBandShare', 'clippedShare', 'peak', 'rmsDb'] as const) {
  const sorted = [...rows].sort((a, b) => a.m[key] - b.m[key]);
  const show = (r: (typeof rows)[number]) => `${r.name} ${fmt(r.m[key])}`;
  console.log(`${key.padEnd(14)} lowest: ${sorted.slice(0, 3).map(show).join(', ')}; highest: ${sorted.slice(-3).map(show).join(', ')}`);
}
const warned = rows.filter((r) => signalWarnings(r.m).length > 0);
console.log(`${warned.length} of ${rows.length} files earn a warning${warned.length ? `: ${warned.map((r) => `${r.name} (${signalWarnings(r.m).map((w) => w.code).join(', ')})`).join('; ')}` : ''}`);
