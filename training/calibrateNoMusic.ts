/**
 * npm run train:no-music: fits the no-music detector (src/model/noMusic) and measures it.
 *   fit    on the train clips and their 128 kbit/s MP3s only: each signal threshold sits just
 *          past what train music ever shows (the 0.1 % or 99.9 % point of its windows), per mel
 *          configuration (the CNN's, musicnn's); the speech direction is a shrinkage linear
 *          discriminant on musicnn's embedding between train music's patches and a synthetic
 *          speech set of its own (training/noMusicCorpus.ts noMusicSpeechTrainingSet), its
 *          threshold halfway between music's 99.9 % point and that speech's 5 % point;
 *   check  the valid clips and their MP3s (should be music: at most one flagged) and the no-music
 *          corpus (should be flagged: >= 95 %), generated into a temporary folder.
 * Writes public/models/no-music/metadata.json and docs/no-music-report.json (figures only), puts
 * their section into docs/model-card.md (training/noMusicCard.ts) and prints a table. musicnn's embeddings of the GTZAN clips come from training/.cache (buildEmbeddings.ts).
 *
 *   npx tsx training/calibrateNoMusic.ts [--data ../shared/data]
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logMelFromPower, melPowerFromAudio } from '../src/model/features.ts';
import { parseCnnMetadata, type CnnMetadata } from '../src/model/metadata.ts';
import { musicnnLogMelFromPcm, musicnnPatches, patchSilent } from '../src/model/musicnn/input.ts';
import type { MusicnnNetwork } from '../src/model/musicnn/network.ts';
import { runMusicnn, type PatchOutputs } from '../src/model/musicnn/predict.ts';
import { patchSignals } from '../src/model/noMusic/detect.ts';
import { reasonText, trackVerdict, windowReason, type NoMusicReason } from '../src/model/noMusic/judge.ts';
import type { NoMusicMetadata, SignalThresholds } from '../src/model/noMusic/metadata.ts';
import { speechScores } from '../src/model/noMusic/speech.ts';
import { melGrid, windowSignal, type WindowSignal } from '../src/model/noMusic/signal.ts';
import { cnnWindows } from '../src/model/windowing.ts';
import { loadAudioFile } from '../src/node/decodeAudio.ts';
import { selectNodeBackend } from '../src/node/backend.ts';
import { fileModelFiles } from '../src/node/modelFiles.ts';
import { loadMusicnn } from '../src/model/musicnn/load.ts';
import { readEmbeddings, type ClipEmbeddings } from './buildEmbeddings.ts';
import { modelsDir, readClips, repoRoot, resolveDataDir } from './dataPaths.ts';
import { mp3Of } from './mp3.ts';
import { spliceNoMusicSection } from './noMusicCard.ts';
import { noMusicCorpus, noMusicSpeechTrainingSet, writeNoMusicCorpus } from './noMusicCorpus.ts';

const SR = 22050;
/** Quantiles of train music's windows that the signal thresholds sit at. */
const TAIL = 0.001;
/** Near silence: this far below the quietest window train music has at that quantile. */
const QUIET_MARGIN_DB = 20;
/**
 * Set by hand from the physics (a tone's spectrum is peaked and still, noise's smooth and flickering),
 * not fitted: they only choose the words of a reason, never whether a window is flagged.
 */
const TONAL_UNEVEN_DB = 5;
/** The CNN's 2048-point frames average more bins into each band than musicnn's 512-point ones: noise flickers less there. */
const NOISE_FLICKER_DB = { cnn: 1, musicnn: 3 };
const HUM_BELOW_HZ = 150;
const SPEECH_SHRINKAGE = 0.1;
const TRACK_SHARE = 0.5;

interface Windowed {
  signal: WindowSignal[];
  silent: boolean[];
}

interface Described {
  cnn: Windowed;
  musicnn: Windowed;
}

function describe(y: Float32Array, cnnMeta: CnnMetadata, net: MusicnnNetwork): Described & { patches: ReturnType<typeof musicnnPatches> } {
  const power = melPowerFromAudio(y, cnnMeta.features);
  const w = cnnWindows(logMelFromPower(power, cnnMeta.features), cnnMeta);
  const cnnGrid = melGrid(cnnMeta.features);
  const patches = musicnnPatches(musicnnLogMelFromPcm(y, SR, net.meta.features), net.meta);
  return {
    cnn: { signal: w.starts.map((s) => windowSignal(power, s, w.frames, cnnGrid)), silent: w.silent },
    musicnn: { signal: patchSignals(patches, net.meta.features), silent: patches.starts.map((_, i) => patchSilent(patches, i)) },
    patches,
  };
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

function fitThresholds(windows: WindowSignal[], stage: 'cnn' | 'musicnn'): SignalThresholds {
  const col = (k: keyof WindowSignal) => windows.map((s) => s[k]);
  const r = (v: number, d = 3) => Number(v.toFixed(d));
  return {
    quietPeakDb: r(quantile(col('peakDb'), TAIL) - QUIET_MARGIN_DB, 1),
    steadyChangeDb: r(quantile(col('changeDb'), TAIL)),
    tonalUnevenDb: TONAL_UNEVEN_DB,
    noiseFlickerDb: NOISE_FLICKER_DB[stage],
    singleTonePeakShare: r(quantile(col('peakShare'), 1 - TAIL)),
    clicksGapShare: r(quantile(col('gapShare'), 1 - TAIL)),
    humBelowHz: HUM_BELOW_HZ,
  };
}

/** Solves A x = b in place (Gaussian elimination with partial pivoting); A is n x n row-major. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[p * n + k]] = [a[p * n + k], a[c * n + k]];
      [b[c], b[p]] = [b[p], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * x[k];
    x[r] = s / a[r * n + r];
  }
  return x;
}

/** Rows (patches x e) of one class: mean and scatter (sum of centred outer products). */
function scatter(rows: Float64Array[], e: number): { mean: Float64Array; s: Float64Array } {
  const mean = new Float64Array(e);
  for (const r of rows) for (let j = 0; j < e; j++) mean[j] += r[j] / rows.length;
  const s = new Float64Array(e * e);
  for (const r of rows) {
    for (let i = 0; i < e; i++) {
      const di = r[i] - mean[i];
      for (let j = i; j < e; j++) s[i * e + j] += di * (r[j] - mean[j]);
    }
  }
  for (let i = 0; i < e; i++) for (let j = 0; j < i; j++) s[i * e + j] = s[j * e + i];
  return { mean, s };
}

/** The speech direction: shrinkage LDA, scaled so music's projections have mean 0 and sd 1. */
function fitSpeech(music: Float64Array[], speech: Float64Array[], e: number): NoMusicMetadata['speech'] {
  const m = scatter(music, e);
  const sp = scatter(speech, e);
  const n = music.length + speech.length;
  const cov = Float64Array.from(m.s, (v, i) => (v + sp.s[i]) / n);
  let trace = 0;
  for (let i = 0; i < e; i++) trace += cov[i * e + i];
  for (let i = 0; i < cov.length; i++) cov[i] *= 1 - SPEECH_SHRINKAGE;
  for (let i = 0; i < e; i++) cov[i * e + i] += (SPEECH_SHRINKAGE * trace) / e;
  const w = solve(cov, Float64Array.from(sp.mean, (v, j) => v - m.mean[j]), e);
  const project = (r: Float64Array) => r.reduce((s, v, j) => s + v * w[j], 0);
  const pm = music.map(project);
  const mu = pm.reduce((s, v) => s + v, 0) / pm.length;
  const sd = Math.sqrt(pm.reduce((s, v) => s + (v - mu) ** 2, 0) / pm.length);
  const z = (v: number) => (v - mu) / sd;
  const threshold = (quantile(pm.map(z), 1 - TAIL) + quantile(speech.map(project).map(z), 0.05)) / 2;
  return { weights: Array.from(w, (v) => Number((v / sd).toPrecision(6))), bias: Number((-mu / sd).toPrecision(6)), threshold: Number(threshold.toFixed(3)) };
}

function patchRows(c: { penultimate: ArrayLike<number>; patches: number }, e: number): Float64Array[] {
  return Array.from({ length: c.patches }, (_, i) => Float64Array.from({ length: e }, (_, j) => c.penultimate[i * e + j]));
}

interface Verdicts {
  quick: { noMusic: boolean; reason: NoMusicReason | null; windows: number };
  final: { noMusic: boolean; reason: NoMusicReason | null; windows: number; flaggedWindows: number };
}

function judge(d: Described, outputs: PatchOutputs, meta: NoMusicMetadata): Verdicts {
  const q = d.cnn.signal.map((s, i) => (d.cnn.silent[i] ? ('silence' as const) : windowReason(s, meta.signal.cnn)));
  const speech = speechScores(outputs, meta);
  const f = d.musicnn.signal.map((s, i) => (d.musicnn.silent[i] ? ('silence' as const) : windowReason(s, meta.signal.musicnn, { score: speech[i], threshold: meta.speech.threshold })));
  const qv = trackVerdict(q, d.cnn.silent, meta.trackShare);
  const fv = trackVerdict(f, d.musicnn.silent, meta.trackShare);
  return {
    quick: { ...qv, windows: q.length },
    final: { ...fv, windows: f.length, flaggedWindows: f.filter((r, i) => r !== null && !d.musicnn.silent[i]).length },
  };
}

const outputsOf = (c: ClipEmbeddings): PatchOutputs => ({ nPatches: c.patches, penultimate: Float32Array.from(c.penultimate), taggram: Float32Array.from(c.taggram) });

async function main(args: string[]): Promise<void> {
  const dataDir = resolveDataDir(args);
  const t0 = performance.now();
  // the musicnn network and the CNN's metadata alone: the detector's own file may not exist yet
  await selectNodeBackend();
  const net = await loadMusicnn(fileModelFiles());
  const cnnMeta = parseCnnMetadata(JSON.parse(readFileSync(join(modelsDir, 'cnn', 'metadata.json'), 'utf8')));
  const e = net.meta.embeddingSize;
  const clips = readClips(dataDir);
  const embeddings = { original: readEmbeddings('original'), 'mp3-128k': readEmbeddings('mp3-128k') };
  const byStem = (v: keyof typeof embeddings) => new Map(embeddings[v].map((c) => [c.stem, c]));
  const emb = { original: byStem('original'), 'mp3-128k': byStem('mp3-128k') };

  // every GTZAN clip and its MP3 through the detector's descriptors
  const described = new Map<string, Described>();
  for (const [i, clip] of clips.entries()) {
    for (const variant of ['original', 'mp3-128k'] as const) {
      const file = variant === 'original' ? clip.file : mp3Of(clip.file, clip.stem, variant);
      const { y } = await loadAudioFile(file, { sr: SR });
      described.set(`${variant}/${clip.stem}`, describe(y, cnnMeta, net));
    }
    if ((i + 1) % 50 === 0) console.log(`[no-music] described ${i + 1}/${clips.length} clips (and their MP3s), ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const train = clips.filter((c) => c.split === 'train');
  const trainWindows = (stage: 'cnn' | 'musicnn') =>
    train.flatMap((c) => (['original', 'mp3-128k'] as const).flatMap((v) => {
      const w = described.get(`${v}/${c.stem}`)![stage];
      return w.signal.filter((_, i) => !w.silent[i]);
    }));

  // the synthetic speech the speech direction is fitted on (not the corpus checked below)
  const scratch = mkdtempSync(join(tmpdir(), 'genrescope-no-music-'));
  try {
    const speechFiles = writeNoMusicCorpus(join(scratch, 'speech-train'), undefined, noMusicSpeechTrainingSet());
    const speechRows: Float64Array[] = [];
    for (const f of speechFiles) {
      const { y } = await loadAudioFile(f.path, { sr: SR });
      const r = await runMusicnn(net, musicnnPatches(musicnnLogMelFromPcm(y, SR, net.meta.features), net.meta));
      speechRows.push(...patchRows({ penultimate: r.penultimate, patches: r.nPatches }, e));
    }
    const musicRows = train.flatMap((c) => (['original', 'mp3-128k'] as const).flatMap((v) => patchRows(emb[v].get(c.stem)!, e)));
    const meta: NoMusicMetadata = {
      format: 'genrescope-no-music',
      version: 1,
      signal: { cnn: fitThresholds(trainWindows('cnn'), 'cnn'), musicnn: fitThresholds(trainWindows('musicnn'), 'musicnn') },
      speech: fitSpeech(musicRows, speechRows, e),
      trackShare: TRACK_SHARE,
    };

    // checks: GTZAN music (train for reference, valid as the check), then the corpus
    const music = (['train', 'valid'] as const).flatMap((split) =>
      (['original', 'mp3-128k'] as const).map((variant) => {
        const rows = clips.filter((c) => c.split === split).map((c) => ({ stem: c.stem, genre: c.genre, ...judge(described.get(`${variant}/${c.stem}`)!, outputsOf(emb[variant].get(c.stem)!), meta) }));
        const flagged = rows.filter((r) => r.final.noMusic);
        return {
          split,
          variant,
          clips: rows.length,
          flagged: flagged.length,
          flaggedQuick: rows.filter((r) => r.quick.noMusic).length,
          flaggedWindows: rows.reduce((s, r) => s + r.final.flaggedWindows, 0),
          windows: rows.reduce((s, r) => s + r.final.windows, 0),
          flaggedClips: flagged.map((r) => ({ stem: r.stem, reason: r.final.reason })),
        };
      }));
    const corpusDir = join(scratch, 'corpus');
    const corpus = [];
    for (const f of writeNoMusicCorpus(corpusDir)) {
      const { y } = await loadAudioFile(f.path, { sr: SR });
      const d = describe(y, cnnMeta, net);
      const v = judge(d, await runMusicnn(net, d.patches), meta);
      corpus.push({ name: f.name, kind: f.kind, noMusic: v.final.noMusic, reason: v.final.reason, quick: v.quick.noMusic ? v.quick.reason : null });
    }
    const flaggedCorpus = corpus.filter((c) => c.noMusic).length;
    const report = {
      generatedBy: 'npm run train:no-music (training/calibrateNoMusic.ts)',
      thresholds: meta.signal,
      speechThreshold: meta.speech.threshold,
      trackShare: meta.trackShare,
      music,
      corpus: { files: corpus.length, flagged: flaggedCorpus, flaggedQuick: corpus.filter((c) => c.quick).length, perFile: corpus },
    };
    mkdirSync(join(modelsDir, 'no-music'), { recursive: true });
    writeFileSync(join(modelsDir, 'no-music', 'metadata.json'), `${JSON.stringify(meta)}\n`);
    writeFileSync(join(repoRoot, 'docs', 'no-music-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    spliceNoMusicSection();

    console.log('\nset        variant    clips  flagged (final)  flagged (quick)  flagged windows');
    for (const m of music) console.log(`${m.split.padEnd(10)} ${m.variant.padEnd(10)} ${String(m.clips).padStart(5)}  ${`${m.flagged} (${((100 * m.flagged) / m.clips).toFixed(1)} %)`.padStart(15)}  ${String(m.flaggedQuick).padStart(15)}  ${m.flaggedWindows}/${m.windows}${m.flaggedClips.length ? `  ${m.flaggedClips.map((c) => `${c.stem}: ${c.reason}`).join(', ')}` : ''}`);
    console.log(`\nno-music corpus: ${flaggedCorpus}/${corpus.length} flagged (${((100 * flaggedCorpus) / corpus.length).toFixed(1)} %), ${report.corpus.flaggedQuick} already at the quick stage`);
    for (const c of corpus) console.log(`  ${c.name.padEnd(24)} ${c.kind.padEnd(8)} ${c.noMusic ? reasonText(c.reason!) : 'NOT FLAGGED'}${c.quick ? '' : '  (quick: not flagged)'}`);
    console.log(`\nthresholds: ${JSON.stringify(meta.signal)}, speech ${meta.speech.threshold}; ${noMusicCorpus().length} corpus files; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`calibrateNoMusic: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
