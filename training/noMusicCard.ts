/**
 * The model card's "Not music" section, from docs/no-music-report.json (written by
 * training/calibrateNoMusic.ts): how the detector decides, its thresholds and every figure of the
 * check on valid music, its MP3s and the no-music corpus. Used by training/evaluate.ts and by
 * calibrateNoMusic.ts itself, which splices a fresh section into docs/model-card.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignalThresholds } from '../src/model/noMusic/metadata.ts';
import { repoRoot } from './dataPaths.ts';

export interface NoMusicReport {
  thresholds: { cnn: SignalThresholds; musicnn: SignalThresholds };
  speechThreshold: number;
  trackShare: number;
  music: { split: string; variant: string; clips: number; flagged: number; flaggedQuick: number; flaggedWindows: number; windows: number; flaggedClips: { stem: string; reason: string | null }[] }[];
  corpus: { files: number; flagged: number; flaggedQuick: number; perFile: { name: string; kind: string; noMusic: boolean; reason: string | null; quick: string | null }[] };
}

const reportPath = join(repoRoot, 'docs', 'no-music-report.json');
const cardPath = join(repoRoot, 'docs', 'model-card.md');
const HEADING = '## Not music';

export function readNoMusicReport(): NoMusicReport | null {
  return existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as NoMusicReport) : null;
}

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;

export function noMusicSection(): string {
  const r = readNoMusicReport();
  if (!r) return `${HEADING}\n\nNot measured yet: run \`npm run train:no-music\`.\n`;
  const c = r.corpus;
  const kinds = [...new Set(c.perFile.map((f) => f.kind))];
  const kindRow = (k: string) => {
    const files = c.perFile.filter((f) => f.kind === k);
    const missed = files.filter((f) => !f.noMusic).map((f) => f.name);
    return `| ${k} | ${files.length} | ${files.filter((f) => f.noMusic).length} | ${files.filter((f) => f.quick).length} | ${missed.join(', ') || '–'} |`;
  };
  const t = (s: SignalThresholds) => `peak < ${s.quietPeakDb} dB, change < ${s.steadyChangeDb} dB, two-band share > ${s.singleTonePeakShare}, gaps > ${s.clicksGapShare}`;
  return `${HEADING}

Noise, tones, hum, sweeps, clicks, speech and silence get "This does not sound like music" with the reason in plain words, and
no genre (\`noMusic\`, \`noMusicReason\`, and \`noMusic\` per timeline window). src/model/noMusic judges each window (about 3 s)
by a few signal descriptors of its mel spectrogram, checked in order: **near silence** (loudest mel bin), a **steady** spectrum
(each band's level barely moving over time: noise if the spectrum is smooth or flickers frame to frame, a tone or, below 150 Hz, hum
if it is a few still peaks), **clicks or beeps** (more than a third of the window 30 dB below its loud frames), **one tone
at a time** (two mel bands carrying nearly all of each loud frame: sweeps, stepped test tones), then, at the final stage only,
**speech** (a shrinkage linear discriminant on musicnn's 200-unit embedding), then shorter gaps. A track is not music when at least
${Math.round(100 * r.trackShare)} % of its non-silent windows are. The quick stage runs the signal checks on the CNN's mel windows, so white noise never shows a genre
even first; the final stage runs them on musicnn's patches with the speech score, and decides.

- **Fitted on train music only** (the 224 train clips and their 128 kbit/s MP3s): each threshold sits at the 0.1 % or 99.9 % point
  of train music's windows (near silence 20 dB below its 0.1 % point): quick stage ${t(r.thresholds.cnn)}; final stage ${t(r.thresholds.musicnn)}.
  The speech direction is fitted between train music's patches and a synthetic speech set of its own (10 espeak-ng files: other
  texts, voices, languages and noise beds than the corpus below), in standard deviations of train music: threshold ${r.speechThreshold},
  halfway between music's 99.9 % point and that speech's 5 % point. Which words a flagged window gets (noise or tone) uses two
  thresholds set by hand; they never decide whether it is flagged.
- **Checked** on the valid clips and the no-music corpus (\`npm run corpus:no-music -- --out DIR\`: ${c.files} deterministic files from sox, espeak-ng
  and own synthesis, 6.6–30 s, 8–44.1 kHz), none of which the fit saw.

| set | clips | flagged (final) | flagged (quick) | flagged windows |
|---|---:|---:|---:|---:|
${r.music.map((m) => `| ${m.split} ${m.variant === 'original' ? 'clips' : 'MP3 128 kbit/s'} | ${m.clips} | ${m.flagged} (${pct(m.flagged, m.clips)}) | ${m.flaggedQuick} | ${m.flaggedWindows}/${m.windows} |`).join('\n')}
| **no-music corpus** | ${c.files} | **${c.flagged} (${pct(c.flagged, c.files)})** | ${c.flaggedQuick} | |

| corpus kind | files | flagged | already at the quick stage | missed |
|---|---:|---:|---:|---|
${kinds.map(kindRow).join('\n')}

Targets of the issue: >= 95 % of the corpus flagged (measured ${pct(c.flagged, c.files)}), <= 1 % of valid music and of its MP3s
(measured ${r.music.filter((m) => m.split === 'valid').map((m) => `${m.flagged}/${m.clips}`).join(' and ')}). Per-file reasons: docs/no-music-report.json.
Limits: the speech direction knows espeak-ng's synthetic voices, not recorded human speech (none is here to check it on); speech
over a beat (rap) is music by design; a sustained chord may flag its own window (the flagged windows above) without flagging the track.
Rebuild: \`npm run train:no-music\` (about 10 min here: every clip and its MP3 through the descriptors, musicnn on the corpus).
`;
}

/** Replaces (or adds, before "## Data and split") the section in docs/model-card.md. */
export function spliceNoMusicSection(): void {
  const md = readFileSync(cardPath, 'utf8');
  const section = noMusicSection();
  const start = md.indexOf(`${HEADING}\n`);
  const next = (from: number) => {
    const i = md.indexOf('\n## ', from + 1);
    return i < 0 ? md.length : i + 1;
  };
  const out = start >= 0 ? md.slice(0, start) + section + '\n' + md.slice(next(start)) : md.replace('## Data and split', `${section}\n## Data and split`);
  writeFileSync(cardPath, out);
}
