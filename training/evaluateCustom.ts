/**
 * The figures behind custom classes and similar tracks (issue 13), measured as a user would meet
 * them, written to docs/custom-report.json:
 *   - custom classes: four genres of GTZAN's valid part as four classes, 5 clips each to teach, the
 *     other valid clips of those genres to test; seeded random draws of the genres and the
 *     examples (genres with more than 5 valid clips: hiphop and reggae have 3). The shipped head
 *     (src/model/custom/head.ts, logistic regression) against the nearest class mean and k nearest
 *     neighbours (cosine), with 5 and with 3 examples a class; its leave-one-out estimate beside
 *     the test accuracy, and the time to train it with leave-one-out.
 *   - similar tracks: precision@5 of same-genre neighbours, each valid clip a query against the
 *     other valid clips: cosine on the mean embedding (src/model/custom/similarity.ts) against
 *     cosine after standardising by the train clips' statistics.
 *   - `genrescope similar` over a library of 1,000 tracks whose embeddings are cached: whole
 *     processes of the compiled CLI (built first), on 1,000 small files with synthetic cached
 *     embeddings (the cache lookup never decodes; hearing 1,000 real tracks would take ~40 min).
 * Embeddings of the clips come from training/.cache/musicnn-original (training/buildEmbeddings.ts:
 * the same decode and musicnn pipeline as the CLI; every patch, none silent in GTZAN).
 *
 *   npx tsx training/evaluateCustom.ts [--draws 30] [--seed 13]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingCache } from '../src/cli/embeddingCache.ts';
import { embeddingModel } from '../src/cli/embedFiles.ts';
import { meanRows } from '../src/model/ensemble.ts';
import { argmax, leaveOneOut, predictHead, trainHead, type Example } from '../src/model/custom/head.ts';
import { rankSimilar } from '../src/model/custom/similarity.ts';
import { cosine } from '../src/model/custom/vectors.ts';
import { readEmbeddings } from './buildEmbeddings.ts';
import { modelsDir, repoRoot, takeOption } from './dataPaths.ts';

interface Clip {
  stem: string;
  genre: string;
  split: 'train' | 'valid';
  e: Float64Array;
}

/** mulberry32: a small seeded generator, so every draw can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Head = (teach: Example[], classes: number) => (x: Float64Array) => number;

/** The baselines the shipped head was chosen against. */
const HEADS: Record<string, Head> = {
  'logistic regression (shipped)': (teach, classes) => {
    const h = trainHead(teach, classes);
    return (x) => argmax(predictHead(h, x));
  },
  'nearest class mean (cosine)': (teach, classes) => {
    const size = teach[0].embedding.length;
    const means = Array.from({ length: classes }, (_, k) => {
      const rows = teach.filter((t) => t.label === k);
      return Float64Array.from({ length: size }, (_, j) => rows.reduce((s, r) => s + r.embedding[j], 0) / rows.length);
    });
    return (x) => argmax(means.map((m) => cosine(m, x)));
  },
  ...Object.fromEntries([1, 3].map((k): [string, Head] => [`${k} nearest neighbour${k > 1 ? 's' : ''} (cosine)`, (teach, classes) => (x) => {
    const votes = new Float64Array(classes);
    for (const n of rankSimilar(x, teach.map((t) => ({ key: t.label, embedding: t.embedding })), k)) votes[n.key] += n.similarity;
    return argmax(votes);
  }])),
};

const summary = (xs: number[]) => ({
  mean: Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4)),
  min: Number(Math.min(...xs).toFixed(4)),
  max: Number(Math.max(...xs).toFixed(4)),
});

function customClasses(valid: Clip[], draws: number, seed: number, perClass: number) {
  const genres = [...new Set(valid.map((c) => c.genre))].filter((g) => valid.filter((c) => c.genre === g).length > 5).sort();
  const rnd = random(seed);
  const acc: Record<string, number[]> = Object.fromEntries(Object.keys(HEADS).map((h) => [h, []]));
  const loo: number[] = [];
  const trainMs: number[] = [];
  const drawn: { genres: string[]; testClips: number; accuracy: number }[] = [];
  for (let d = 0; d < draws; d++) {
    const four = shuffled(genres, rnd).slice(0, 4).sort();
    const teach: Example[] = [];
    const test: Example[] = [];
    four.forEach((g, label) => shuffled(valid.filter((c) => c.genre === g), rnd).forEach((c, i) => (i < perClass ? teach : test).push({ label, embedding: c.e })));
    for (const [name, head] of Object.entries(HEADS)) {
      const predict = head(teach, four.length);
      acc[name].push(test.filter((t) => predict(t.embedding as Float64Array) === t.label).length / test.length);
    }
    const t0 = performance.now();
    trainHead(teach, four.length);
    const l = leaveOneOut(teach, four.length);
    trainMs.push(performance.now() - t0);
    loo.push(l.reduce((s: number, v) => s + (v ?? 0), 0) / l.length);
    drawn.push({ genres: four, testClips: test.length, accuracy: Number(acc['logistic regression (shipped)'][d].toFixed(4)) });
  }
  return {
    perClass,
    genresDrawnFrom: genres,
    draws,
    accuracy: Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, summary(v)])),
    leaveOneOutOfShipped: summary(loo),
    trainWithLeaveOneOutMs: summary(trainMs),
    perDraw: drawn,
  };
}

function precisionAt(clips: Clip[], k: number, transform: (x: Float64Array) => Float64Array) {
  const xs = clips.map((c) => ({ key: c.genre, embedding: transform(c.e) }));
  const p = xs.map((q, i) => rankSimilar(q.embedding, xs.filter((_, j) => j !== i), k).filter((n) => n.key === q.key).length / k);
  return Number((p.reduce((a, b) => a + b, 0) / p.length).toFixed(4));
}

function similarTracks(train: Clip[], valid: Clip[]) {
  const size = train[0].e.length;
  const mu = Float64Array.from({ length: size }, (_, j) => train.reduce((s, c) => s + c.e[j], 0) / train.length);
  const sd = Float64Array.from({ length: size }, (_, j) => Math.sqrt(train.reduce((s, c) => s + (c.e[j] - mu[j]) ** 2, 0) / train.length) || 1);
  const standardised = (x: Float64Array) => x.map((v, j) => (v - mu[j]) / sd[j]);
  return {
    queries: valid.length,
    'precision@5': { 'cosine (shipped)': precisionAt(valid, 5, (x) => x), 'cosine, standardised by train statistics': precisionAt(valid, 5, standardised) },
    'precision@1': { 'cosine (shipped)': precisionAt(valid, 1, (x) => x), 'cosine, standardised by train statistics': precisionAt(valid, 1, standardised) },
  };
}

/** Whole `genrescope similar` processes over 1,000 files whose (synthetic) embeddings are in a fresh cache. */
function similarTiming(tracks: number, runs: number) {
  execFileSync('npm', ['run', 'build:cli'], { cwd: repoRoot, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'genrescope-similar-'));
  const lib = join(dir, 'library');
  const cacheDir = join(dir, 'cache');
  mkdirSync(lib);
  try {
    const model = embeddingModel(modelsDir);
    const cache = new EmbeddingCache(model.key, model.id.size, cacheDir);
    const rnd = random(1);
    for (let i = 0; i < tracks; i++) {
      const file = join(lib, `track${String(i).padStart(4, '0')}.wav`);
      writeFileSync(file, `not decoded: its embedding is in the cache ${i}`);
      const hash = `synthetic${String(i).padStart(56, '0')}`;
      cache.write(hash, Float32Array.from({ length: model.id.size }, () => rnd() - 0.5));
      cache.remember(file, hash);
    }
    cache.saveIndex();
    const ms: number[] = [];
    let neighbours = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const out = spawnSync(process.execPath, [join(repoRoot, 'bin', 'genrescope.js'), 'similar', '--to', join(lib, 'track0000.wav'), '--top', '10', '--json', lib], { env: { ...process.env, GENRESCOPE_CACHE_DIR: cacheDir }, encoding: 'utf8' });
      ms.push(performance.now() - t0);
      if (out.status !== 0) throw new Error(`similar failed: ${out.stderr}`);
      neighbours = (JSON.parse(out.stdout) as { neighbours: unknown[] }).neighbours.length;
    }
    return { tracks, runs, neighbours, wallMs: summary(ms.map((v) => Math.round(v))), how: 'whole processes of the compiled CLI (node bin/genrescope.js similar --top 10 --json <folder>), every embedding cached' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(args: string[]): void {
  const draws = Number(takeOption(args, 'draws').value ?? 30);
  const seed = Number(takeOption(args, 'seed').value ?? 13);
  const clips: Clip[] = readEmbeddings('original').map((c) => ({
    stem: c.stem,
    genre: c.genre,
    split: c.split,
    e: meanRows(Float32Array.from(c.penultimate), c.penultimate.length / c.patches, new Array<boolean>(c.patches).fill(true), { normalise: false }),
  }));
  const valid = clips.filter((c) => c.split === 'valid');
  const report = {
    embedding: 'MSD_musicnn penultimate layer (200), mean over the clip\'s 3 s patches',
    customClasses: [customClasses(valid, draws, seed, 5), customClasses(valid, draws, seed, 3)],
    similar: similarTracks(clips.filter((c) => c.split === 'train'), valid),
    similarTiming: similarTiming(1000, 5),
  };
  writeFileSync(join(repoRoot, 'docs', 'custom-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const c of report.customClasses) {
    console.log(`custom classes, 4 of ${c.genresDrawnFrom.length} genres, ${c.perClass} examples each, ${c.draws} draws:`);
    for (const [k, v] of Object.entries(c.accuracy)) console.log(`  ${k.padEnd(32)} accuracy mean ${(100 * v.mean).toFixed(1)} %, range ${(100 * v.min).toFixed(1)}-${(100 * v.max).toFixed(1)} %`);
    console.log(`  leave-one-out estimate (shipped) mean ${(100 * c.leaveOneOutOfShipped.mean).toFixed(1)} %; train + leave-one-out ${c.trainWithLeaveOneOutMs.mean.toFixed(0)} ms mean, ${c.trainWithLeaveOneOutMs.max.toFixed(0)} ms max`);
  }
  console.log(`similar, ${report.similar.queries} valid queries: precision@5`, report.similar['precision@5'], 'precision@1', report.similar['precision@1']);
  const t = report.similarTiming;
  console.log(`similar over ${t.tracks} cached tracks: ${t.wallMs.mean} ms mean, ${t.wallMs.max} ms max (${t.runs} runs)`);
  console.log('wrote docs/custom-report.json');
}

main(process.argv.slice(2));
