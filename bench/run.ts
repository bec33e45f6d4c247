/**
 * `npm run bench`: the project's speed and memory figures, each configuration in its own
 * process (one core each, run one after another) so timings and peak memory do not mix.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

interface EngineResult {
  seconds: number;
  runs: number;
  stagesMs: Record<string, number>;
  totalMs: number;
  peakRssMb: number;
}

/** The fields of bench/browser.ts's JSON printed here (that file is typed against the DOM, this one is not). */
interface BrowserFigures {
  browser: string;
  webglRenderer: string | null;
  backend: string | null;
  runs: number;
  wav30: { medianQuickMs: number; medianMs: number; medianEngineMs: number };
  bareWorkerEngine: { firstMs: number; medianMs: number };
  musicnnPerPatchMs: Record<string, number>;
  mp3Minutes5: { medianFirstMs: number; medianFinalMs: number };
  firstLoad: { jsBytes: number; jsGzipBytes: number };
  later: { path: string; bytes: number; gzipBytes: number; why: string }[];
  customTraining: { medianTrainMs: number; medianRoundTripMs: number };
}

function runTsx(script: string, args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
}

const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
console.log(`Genrescope benchmarks on ${machine}\n`);

console.log('Feature engine (analyzeTrack: STFT, mel, MFCC, chroma, descriptors, onset/tempo/beats, HPSS, 57-value GTZAN vector)');
const targets: Record<number, { ms: number; mb: number }> = { 30: { ms: 150, mb: Infinity }, 300: { ms: 1500, mb: 300 } };
let engine30Ms = NaN;
for (const [seconds, runs] of [
  [30, 7],
  [300, 3],
] as const) {
  const r = JSON.parse(runTsx('bench/engine.ts', [String(seconds), String(runs)])) as EngineResult;
  const stages = Object.entries(r.stagesMs)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');
  const t = targets[seconds];
  if (seconds === 30) engine30Ms = r.totalMs;
  console.log(`  ${seconds} s signal, median of ${r.runs}: total ${r.totalMs.toFixed(1)} ms (target ${t.ms} ms); stages ms: ${stages}; peak RSS ${r.peakRssMb.toFixed(0)} MB${Number.isFinite(t.mb) ? ` (target ${t.mb} MB)` : ''}`);
}

const h = JSON.parse(runTsx('bench/hpss.ts', ['30', '5'])) as { autoEngine: string; autoMs: number; jsMs: number };
console.log(`  HPSS pass alone, 30 s: ${h.autoEngine} engine ${h.autoMs.toFixed(1)} ms, JavaScript engine (other kernel sizes, no WebAssembly SIMD) ${h.jsMs.toFixed(1)} ms`);

console.log('\nmusicnn in Node (the network alone, batches of 8 patches of 3 s)');
for (const [backend, patches, runs] of [['wasm', 8, 3], ['cpu', 1, 1]] as const) {
  const m = JSON.parse(runTsx('bench/musicnn.ts', [backend, String(patches), String(runs)])) as { backend: string; perPatchMs: number; frontEnd30sMs: number };
  console.log(`  ${m.backend}: ${m.perPatchMs.toFixed(0)} ms per patch (${(m.perPatchMs / engine30Ms).toFixed(2)}x the engine's 30 s analysis)` +
    (backend === 'wasm' ? `; its front end for a 30 s clip (resampling to 16 kHz, mel, log): ${m.frontEnd30sMs.toFixed(0)} ms` : ''));
}

const c = JSON.parse(runTsx('bench/classify.ts', ['3'])) as { runs: number; backend: string; medianMs: number; commandMs: number };
console.log(`\nClassify a 30 s WAV (decode + analysis + CNN + table model + musicnn and its head, tfjs ${c.backend} backend): median ${c.medianMs.toFixed(0)} ms of ${c.runs} ` +
  `(${(c.medianMs / engine30Ms).toFixed(1)}x the engine); the whole \`genrescope classify\` command, Node start and model loading included: ${c.commandMs.toFixed(0)} ms (target 2000 ms)`);

const cli = JSON.parse(runTsx('bench/cli.ts', [])) as {
  helpMs: number;
  features: { clips: number; source: string; commandMs: number; engineInProcessMs: number };
  hourMp3: { ms: number; peakRssMb: number };
  folder: { clips: number; source: string; ms: number; peakRssMb: number };
};
console.log(`\nThe CLI as whole processes (compiled JavaScript): \`genrescope --help\` ${cli.helpMs.toFixed(0)} ms (target 300 ms); ` +
  `\`features\` on ${cli.features.clips} ${cli.features.source} clips ${(cli.features.commandMs / 1000).toFixed(2)} s, ${(cli.features.commandMs / cli.features.engineInProcessMs).toFixed(2)}x the engine's in-process time for them ` +
  `(librosa took 1.53 s a clip when measured in session 1: ${((1530 * cli.features.clips) / cli.features.commandMs).toFixed(1)}x faster, target 10x); ` +
  `\`classify\` of a 60-minute MP3 ${(cli.hourMp3.ms / 1000).toFixed(1)} s, peak RSS ${cli.hourMp3.peakRssMb.toFixed(0)} MB (targets 20 s, 600 MB); ` +
  `\`classify\` of ${cli.folder.clips} ${cli.folder.source} clips ${(cli.folder.ms / 1000).toFixed(1)} s, peak RSS ${cli.folder.peakRssMb.toFixed(0)} MB (target 180 s)`);

console.log('\nIn the browser (headless Debian Chromium, production build on localhost)');
// its own process too (and its own DOM-typed tsconfig): bench/browser.ts prints its result as JSON
const b = JSON.parse(runTsx('bench/browser.ts', ['5'])) as BrowserFigures;
console.log(`  ${b.browser}; WebGL renderer: ${b.webglRenderer ?? 'none'}; inference backend used: ${b.backend ?? 'unknown'}`);
console.log(`  30 s WAV, drop to the quick genre: median ${b.wav30.medianQuickMs.toFixed(0)} ms of ${b.runs} (${(b.wav30.medianQuickMs / engine30Ms).toFixed(1)}x the engine's in-process time, target 3x); ` +
  `to the musicnn-refined result: ${b.wav30.medianMs.toFixed(0)} ms (${(b.wav30.medianMs / engine30Ms).toFixed(1)}x, target 6x; 2000 ms)`);
console.log(`  the engine on that WAV in the page's analysis worker: median ${b.wav30.medianEngineMs.toFixed(0)} ms (${(b.wav30.medianEngineMs / engine30Ms).toFixed(1)}x its Node time); ` +
  `on a 30 s song in a bare worker of a production build: first ${b.bareWorkerEngine.firstMs.toFixed(0)} ms, then median ${b.bareWorkerEngine.medianMs.toFixed(0)} ms (${(b.bareWorkerEngine.medianMs / engine30Ms).toFixed(1)}x)`);
console.log(`  musicnn per 3 s patch in the page, as the page runs them (on a CPU backend two workers share the patches): ${Object.entries(b.musicnnPerPatchMs).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
console.log(`  5-minute MP3: first result median ${b.mp3Minutes5.medianFirstMs.toFixed(0)} ms (target 2000), final ${b.mp3Minutes5.medianFinalMs.toFixed(0)} ms (target 8000)`);
console.log(`  JavaScript for the first page load: ${(b.firstLoad.jsBytes / 1024).toFixed(0)} KB (${(b.firstLoad.jsGzipBytes / 1024).toFixed(0)} KB gzipped)`);
for (const l of b.later) console.log(`    later: ${l.path} ${(l.bytes / 1024).toFixed(0)} KB (${(l.gzipBytes / 1024).toFixed(0)} KB gzipped): ${l.why}`);
console.log(`  Your own classes, 4 x 5 examples, trained in their worker (head + leave-one-out): median ${b.customTraining.medianTrainMs.toFixed(0)} ms in the worker, ${b.customTraining.medianRoundTripMs.toFixed(0)} ms from the page (target 1000 ms)`);
