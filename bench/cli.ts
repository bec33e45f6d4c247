/**
 * The CLI as whole processes: `tsx bench/cli.ts` prints JSON with the start time of
 * `genrescope --help`, `genrescope features` on 10 clips (the shared GTZAN clips where present,
 * else synthetic 30 s WAVs) against the engine's in-process time for the same clips, and
 * `genrescope classify` of a 60-minute MP3 (made by ffmpeg) and of a folder of 150 clips (GTZAN's
 * genres in turn where present, else the 10 synthetic WAVs 15 times each), each with the process's peak RSS.
 * The compiled CLI (npm run build:cli) is what these time; a stale build falls back to tsx.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeTrack } from '../src/analysis/analyzeTrack.ts';
import { loadAudioFile } from '../src/node/decodeAudio.ts';
import { writeWav } from '../tests/support/wav.ts';
import { syntheticSong } from '../src/analysis/syntheticSong.ts';

const tmp = mkdtempSync(join(tmpdir(), 'genrescope-bench-cli-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Wall time of one command, and its peak RSS (reported by the process itself as it exits). */
function timed(args: string[]): { ms: number; peakRssMb: number } {
  const report = "data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss '+process.resourceUsage().maxRSS+'\\n'))";
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', report, 'bin/genrescope.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`genrescope ${args[0]} exited ${r.status}: ${r.stderr}`);
  const rss = /peak-rss (\d+)/.exec(r.stderr)?.[1];
  return { ms, peakRssMb: rss ? Number(rss) / 1024 : NaN };
}

const helpMs = median(Array.from({ length: 5 }, () => timed(['--help']).ms));

const gtzan = join('..', 'shared', 'data', 'gtzan', 'audio');
const clips = existsSync(gtzan)
  ? readdirSync(gtzan).flatMap((g) => readdirSync(join(gtzan, g)).slice(0, 1).map((f) => join(gtzan, g, f)))
  : Array.from({ length: 10 }, (_, i) => {
      const f = join(tmp, `song-${i}.wav`);
      writeWav(f, syntheticSong(30 + i));
      return f;
    });
let engineMs = 0;
for (const f of clips) {
  const { y, sr } = await loadAudioFile(f);
  const t0 = performance.now();
  await analyzeTrack(y, { sr });
  engineMs += performance.now() - t0;
}
const features = timed(['features', ...clips]);

const hour = join(tmp, 'hour.mp3');
execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:d=3600', '-f', 'lavfi', '-i', 'anoisesrc=d=3600:a=0.05', '-filter_complex', 'amix=inputs=2', '-ar', '44100', '-ac', '2', '-b:a', '128k', hour]);
const hourRun = timed(['classify', hour]);

const FOLDER = 150;
// the genres in turn (some hold fewer than 15 clips here), the first FOLDER of them
const byGenre = existsSync(gtzan) ? readdirSync(gtzan).sort().map((g) => readdirSync(join(gtzan, g)).sort().map((f) => join(gtzan, g, f))) : [clips];
const folder = Array.from({ length: Math.max(...byGenre.map((c) => c.length)) }, (_, i) => byGenre.flatMap((c) => (i < c.length ? [c[i]] : [])))
  .flat()
  .slice(0, FOLDER);
while (folder.length < FOLDER) folder.push(clips[folder.length % clips.length]); // synthetic: the 10 clips again
const folderRun = timed(['classify', ...folder]);

process.stdout.write(JSON.stringify({
  helpMs,
  features: { clips: clips.length, source: existsSync(gtzan) ? 'GTZAN' : 'synthetic', commandMs: features.ms, engineInProcessMs: engineMs },
  hourMp3: { ms: hourRun.ms, peakRssMb: hourRun.peakRssMb },
  folder: { clips: folder.length, source: existsSync(gtzan) ? 'GTZAN' : 'synthetic', ms: folderRun.ms, peakRssMb: folderRun.peakRssMb },
}));
