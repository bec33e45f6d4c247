/**
 * The no-music corpus: deterministic WAV files of things that are not music (noise of three
 * colours, pure and synthetic tones, telephone signals, sweeps, mains hum, clicks and a metronome,
 * synthetic speech in several voices and languages, alone and in noise, silence), made with sox,
 * espeak-ng and a little synthesis of our own. The repository keeps this generator, not the audio;
 * the no-music detector is checked on its output (training/calibrateNoMusic.ts, tests/model).
 *
 *   npm run corpus:no-music -- --out DIR
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { takeOption } from './dataPaths.ts';

export const NO_MUSIC_KINDS = ['noise', 'tone', 'sweep', 'hum', 'clicks', 'speech', 'silence'] as const;
export type NoMusicKind = (typeof NO_MUSIC_KINDS)[number];

export interface CorpusItem {
  /** File name without extension. */
  name: string;
  kind: NoMusicKind;
  /** Writes the WAV to `path`; `scratch` is a folder for intermediate files. */
  make(path: string, scratch: string): void;
}

function run(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(' ')} failed (are sox and espeak-ng installed? bash scripts/install-deps.sh)`, { cause: err });
  }
}

/** sox in repeatable mode (-R seeds its noise generators), mono 16-bit. */
function sox(args: string[]): void {
  run('sox', ['-R', '-V1', ...args]);
}

/** `sox -n` synthesis of `seconds` at `sr`, then `effects` (synth chains, gain...). */
function synth(sr: number, seconds: number, effects: string[]): (path: string) => void {
  return (path) => sox(['-n', '-r', String(sr), '-b', '16', '-c', '1', path, 'synth', String(seconds), ...effects]);
}

/** A 16-bit mono WAV of float samples in [-1, 1]. */
function writeWav(path: string, y: Float32Array, sr: number): void {
  const b = Buffer.alloc(44 + 2 * y.length);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + 2 * y.length, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sr, 24);
  b.writeUInt32LE(2 * sr, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(2 * y.length, 40);
  y.forEach((v, i) => b.writeInt16LE(Math.round(32767 * Math.max(-1, Math.min(1, v))), 44 + 2 * i));
  writeFileSync(path, b);
}

/** A seeded uniform generator in [0, 1) (LCG): the same corpus on every machine. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Our own synthesis: `f(t, i)` sampled for `seconds` at `sr`. */
function own(sr: number, seconds: number, f: (t: number, i: number) => number): (path: string) => void {
  return (path) => {
    const y = new Float32Array(Math.round(sr * seconds));
    for (let i = 0; i < y.length; i++) y[i] = f(i / sr, i);
    writeWav(path, y, sr);
  };
}

const tau = 2 * Math.PI;
const gate = (t: number, on: number, period: number) => (t % period < on ? 1 : 0);

/** Keypad tones (ITU-T Q.23): a row and a column frequency per key, 0.2 s on, 0.15 s off. */
const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], '*': [941, 1209], '0': [941, 1336], '#': [941, 1477],
};

function dtmf(keys: string, sr: number): (path: string) => void {
  const step = 0.35;
  return own(sr, keys.length * step + 1, (t) => {
    const k = Math.floor((t - 0.5) / step);
    if (t < 0.5 || k >= keys.length || (t - 0.5) % step > 0.2) return 0;
    const [a, b] = DTMF[keys[k]];
    return 0.3 * (Math.sin(tau * a * t) + Math.sin(tau * b * t));
  });
}

/** Mains hum: the fundamental and its first harmonics (odd ones stronger, as a transformer buzzes), a little hiss. */
function hum(mainsHz: number, seconds: number, sr: number, seed: number, hiss: number): (path: string) => void {
  const partials = [1, 0.5, 0.6, 0.15, 0.3, 0.08, 0.12];
  return (path) => {
    const r = lcg(seed);
    own(sr, seconds, (t) => partials.reduce((s, a, k) => s + 0.25 * a * Math.sin(tau * mainsHz * (k + 1) * t + k), 0) + hiss * (2 * r() - 1))(path);
  };
}

/** A metronome: a short decaying 1.5 kHz tick per beat, the first of each bar at 2.5 kHz and louder. */
function metronome(bpm: number, seconds: number, sr: number): (path: string) => void {
  const period = 60 / bpm;
  return own(sr, seconds, (t) => {
    const beat = Math.floor(t / period);
    const dt = t - beat * period;
    const accent = beat % 4 === 0;
    return (accent ? 0.8 : 0.5) * Math.exp(-dt / 0.008) * Math.sin(tau * (accent ? 2500 : 1500) * dt);
  });
}

/** Random clicks and crackle (a worn record with nothing on it): Poisson-timed impulses of random height. */
function crackle(seconds: number, sr: number, ratePerSec: number, seed: number): (path: string) => void {
  return (path) => {
    const r = lcg(seed);
    let decay = 0;
    own(sr, seconds, () => {
      if (r() < ratePerSec / sr) decay = (r() < 0.5 ? -1 : 1) * (0.2 + 0.7 * r());
      const v = decay;
      decay *= 0.6;
      return v + 0.002 * (2 * r() - 1);
    })(path);
  };
}

/** Uniform noise of our own (amplitude `a`), or with `sign` only +-a: each file seeds its own generator. */
function ownNoise(sr: number, seconds: number, a: number, seed: number, sign = false): (path: string) => void {
  return (path) => {
    const r = lcg(seed);
    own(sr, seconds, () => (sign ? (r() < 0.5 ? -a : a) : a * (2 * r() - 1)))(path);
  };
}

/** Regular impulses: a click train at `hz`. */
function impulses(hz: number, seconds: number, sr: number): (path: string) => void {
  const every = Math.round(sr / hz);
  return own(sr, seconds, (_, i) => (i % every === 0 ? 0.9 : i % every === 1 ? -0.5 : 0));
}

/** Steady test tones stepping through frequencies, `each` seconds apart. */
function steppedTones(freqs: number[], each: number, sr: number): (path: string) => void {
  return own(sr, freqs.length * each, (t) => 0.4 * Math.sin(tau * freqs[Math.min(freqs.length - 1, Math.floor(t / each))] * t));
}

const TEXTS = {
  en: 'The weather tomorrow will be mostly cloudy, with a chance of light rain in the afternoon. Temperatures will stay between eight and twelve degrees. '
    + 'In other news, the city council has approved the new budget for public transport, which includes three additional bus lines and longer opening hours for the central station. '
    + 'Please remember to switch off your phone before the meeting starts.',
  story: 'Once upon a time there was a small village at the edge of a great forest. Every morning the baker opened his shop and the children came running for warm bread. '
    + 'One day a stranger arrived with a map that nobody could read, and asked the way to the old mill by the river.',
  de: 'Guten Abend, meine Damen und Herren. Hier sind die Nachrichten. Die Regierung hat heute neue Pläne für den Ausbau der Bahnstrecken vorgestellt. '
    + 'Nach Angaben des Ministeriums sollen die Arbeiten im nächsten Frühjahr beginnen und etwa vier Jahre dauern.',
  fr: 'Bonjour à tous et bienvenue dans cette présentation. Aujourd\'hui nous allons parler de l\'histoire de la ville, de ses monuments et de ses habitants. '
    + 'La première partie concerne le Moyen Âge, quand le marché se tenait chaque samedi sur la grande place.',
  es: 'Buenos días. Este es un mensaje automático. Su llamada es muy importante para nosotros. Por favor, espere en línea y uno de nuestros agentes le atenderá en breve. '
    + 'Si desea información sobre su factura, marque uno. Para hablar con un operador, marque cero.',
  it: 'Il treno regionale per Milano centrale è in partenza dal binario quattro. Si avvisano i signori viaggiatori che il treno ferma in tutte le stazioni. '
    + 'Vi preghiamo di non lasciare i bagagli incustoditi.',
};

/** espeak-ng speech (its own 22.05 kHz output), optionally mixed with a noise bed made by sox. */
function speech(voice: string, wpm: number, text: string, opts: { pitch?: number; sr?: number; bed?: string[]; bedGain?: number } = {}): (path: string, scratch: string) => void {
  return (path, scratch) => {
    const raw = join(scratch, `speech-${voice}-${wpm}.wav`);
    run('espeak-ng', ['-v', voice, '-s', String(wpm), '-p', String(opts.pitch ?? 50), '-w', raw, text]);
    const sr = String(opts.sr ?? 22050);
    if (!opts.bed) {
      sox([raw, '-r', sr, '-b', '16', '-c', '1', path]);
      return;
    }
    const bed = join(scratch, `bed-${voice}-${wpm}.wav`);
    const seconds = Number(execFileSync('soxi', ['-D', raw], { encoding: 'utf8' }).trim());
    sox(['-n', '-r', '22050', '-b', '16', '-c', '1', bed, 'synth', seconds.toFixed(3), ...opts.bed, 'vol', String(opts.bedGain ?? 0.1)]);
    sox(['-m', raw, bed, '-r', sr, '-b', '16', '-c', '1', path]);
  };
}

/** Every file of the corpus, about 40, each 10-30 s, mono, at 8-44.1 kHz. */
export function noMusicCorpus(): CorpusItem[] {
  const sr = 22050;
  const items: CorpusItem[] = [
    { name: 'white-noise', kind: 'noise', make: synth(sr, 20, ['whitenoise', 'vol', '0.5']) },
    { name: 'white-noise-quiet', kind: 'noise', make: synth(sr, 15, ['whitenoise', 'vol', '0.02']) },
    { name: 'white-noise-44k', kind: 'noise', make: synth(44100, 12, ['whitenoise', 'vol', '0.3']) },
    { name: 'pink-noise', kind: 'noise', make: synth(sr, 20, ['pinknoise', 'vol', '0.6']) },
    { name: 'pink-noise-quiet', kind: 'noise', make: synth(16000, 15, ['pinknoise', 'vol', '0.05']) },
    { name: 'brown-noise', kind: 'noise', make: synth(sr, 20, ['brownnoise', 'vol', '0.8']) },
    { name: 'brown-noise-quiet', kind: 'noise', make: synth(sr, 12, ['brownnoise', 'vol', '0.1']) },
    { name: 'band-noise-hiss', kind: 'noise', make: synth(sr, 15, ['whitenoise', 'highpass', '4000', 'vol', '0.5']) },
    { name: 'band-noise-rumble', kind: 'noise', make: synth(sr, 15, ['whitenoise', 'lowpass', '300', 'vol', '0.8']) },
    { name: 'noise-own-uniform', kind: 'noise', make: ownNoise(sr, 10, 0.3, 11) },
    { name: 'sine-100', kind: 'tone', make: synth(sr, 15, ['sine', '100', 'vol', '0.5']) },
    { name: 'sine-440', kind: 'tone', make: synth(sr, 20, ['sine', '440', 'vol', '0.5']) },
    { name: 'sine-1000-quiet', kind: 'tone', make: synth(sr, 15, ['sine', '1000', 'vol', '0.05']) },
    { name: 'sine-3000-44k', kind: 'tone', make: synth(44100, 12, ['sine', '3000', 'vol', '0.4']) },
    { name: 'square-220', kind: 'tone', make: synth(sr, 15, ['square', '220', 'vol', '0.3']) },
    { name: 'sawtooth-330', kind: 'tone', make: synth(sr, 15, ['sawtooth', '330', 'vol', '0.3']) },
    { name: 'triangle-550', kind: 'tone', make: synth(sr, 15, ['triangle', '550', 'vol', '0.4']) },
    { name: 'two-sines-440-660', kind: 'tone', make: synth(sr, 15, ['sine', '440', 'sine', '660', 'vol', '0.3']) },
    { name: 'sine-tremolo', kind: 'tone', make: own(sr, 15, (t) => 0.4 * (0.6 + 0.4 * Math.sin(tau * 5 * t)) * Math.sin(tau * 800 * t)) },
    { name: 'beeps-1k', kind: 'tone', make: own(sr, 15, (t) => 0.4 * gate(t, 0.2, 1) * Math.sin(tau * 1000 * t)) },
    { name: 'stepped-test-tones', kind: 'tone', make: steppedTones([250, 500, 1000, 2000, 4000, 8000], 2.5, sr) },
    { name: 'dtmf-digits', kind: 'tone', make: dtmf('0612345789*#044813579246802', 8000) },
    { name: 'dial-tone', kind: 'tone', make: own(8000, 15, (t) => 0.3 * (Math.sin(tau * 350 * t) + Math.sin(tau * 440 * t))) },
    { name: 'busy-tone', kind: 'tone', make: own(sr, 15, (t) => 0.3 * gate(t, 0.5, 1) * (Math.sin(tau * 480 * t) + Math.sin(tau * 620 * t))) },
    { name: 'ringback-tone', kind: 'tone', make: own(sr, 18, (t) => 0.3 * gate(t, 2, 6) * (Math.sin(tau * 440 * t) + Math.sin(tau * 480 * t))) },
    { name: 'sweep-linear', kind: 'sweep', make: synth(sr, 20, ['sine', '20:10000', 'vol', '0.4']) },
    { name: 'sweep-log-44k', kind: 'sweep', make: synth(44100, 20, ['sine', '20/20000', 'vol', '0.4']) },
    { name: 'sweep-square-down', kind: 'sweep', make: synth(sr, 15, ['square', '2000:100', 'vol', '0.2']) },
    { name: 'chirps-repeated', kind: 'sweep', make: own(sr, 15, (t) => 0.4 * Math.sin(tau * (200 * (t % 1) + 1900 * (t % 1) ** 2))) },
    { name: 'hum-50hz', kind: 'hum', make: hum(50, 20, sr, 3, 0.003) },
    { name: 'hum-60hz-hiss', kind: 'hum', make: hum(60, 15, sr, 5, 0.03) },
    { name: 'buzz-50hz-square', kind: 'hum', make: synth(sr, 15, ['square', '50', 'lowpass', '2000', 'vol', '0.3']) },
    { name: 'metronome-120', kind: 'clicks', make: metronome(120, 20, sr) },
    { name: 'metronome-72', kind: 'clicks', make: metronome(72, 15, sr) },
    { name: 'crackle', kind: 'clicks', make: crackle(15, sr, 8, 17) },
    { name: 'click-train-4hz', kind: 'clicks', make: impulses(4, 12, sr) },
    { name: 'speech-en-news', kind: 'speech', make: speech('en', 160, TEXTS.en) },
    { name: 'speech-en-us-female', kind: 'speech', make: speech('en-us+f3', 170, TEXTS.story, { pitch: 60 }) },
    { name: 'speech-en-slow-low', kind: 'speech', make: speech('en-gb+m3', 120, TEXTS.story, { pitch: 30 }) },
    { name: 'speech-en-fast', kind: 'speech', make: speech('en', 230, `${TEXTS.en} ${TEXTS.story}`) },
    { name: 'speech-en-whisper', kind: 'speech', make: speech('en+whisper', 150, TEXTS.story) },
    { name: 'speech-de', kind: 'speech', make: speech('de', 150, TEXTS.de) },
    { name: 'speech-fr-16k', kind: 'speech', make: speech('fr', 160, TEXTS.fr, { sr: 16000 }) },
    { name: 'speech-es-8k', kind: 'speech', make: speech('es', 165, TEXTS.es, { sr: 8000 }) },
    { name: 'speech-it', kind: 'speech', make: speech('it', 150, TEXTS.it) },
    { name: 'speech-in-white-noise', kind: 'speech', make: speech('en', 160, TEXTS.en, { bed: ['whitenoise'], bedGain: 0.15 }) },
    { name: 'speech-in-pink-noise', kind: 'speech', make: speech('de', 150, TEXTS.de, { bed: ['pinknoise'], bedGain: 0.3 }) },
    { name: 'speech-over-hum', kind: 'speech', make: speech('fr', 160, TEXTS.fr, { bed: ['sine', '50', 'sine', '150'], bedGain: 0.1 }) },
    { name: 'silence', kind: 'silence', make: own(sr, 10, () => 0) },
    { name: 'near-silence-hiss', kind: 'silence', make: synth(sr, 12, ['whitenoise', 'vol', '0.0003']) },
    { name: 'near-silence-dither', kind: 'silence', make: ownNoise(44100, 10, 1 / 32768, 13, true) },
  ];
  return items;
}

const TRAINING_TEXTS = [
  'Good morning and welcome to the show. Today we have three guests in the studio, and we will talk about gardening, cooking and the local football team, which won again on Saturday.',
  'To reset your password, open the settings page, choose the account tab and follow the instructions on the screen. If the problem continues, call our support line between nine and five.',
  'The museum was founded more than a hundred years ago by a group of teachers who collected stones, shells and old coins from the surrounding hills.',
  'Ladies and gentlemen, the captain has switched on the seat belt sign. Please return to your seats, fasten your seat belts and keep your tables folded until we have landed.',
];

/**
 * Speech only, for fitting the detector's speech direction on musicnn's embedding: other texts,
 * voices, languages, speeds and noise beds than the corpus above, so the corpus stays a check the
 * fit has not seen (training/calibrateNoMusic.ts).
 */
export function noMusicSpeechTrainingSet(): CorpusItem[] {
  const voices: [string, number, number][] = [
    ['en-us', 140, 45], ['en-gb-scotland', 175, 55], ['en+f2', 155, 70], ['en-us+m1', 190, 35], ['en+f4', 125, 60],
    ['nl', 150, 50], ['pt', 160, 50], ['sv', 150, 50], ['pl', 155, 45], ['en-gb-x-rp+m2', 165, 40],
  ];
  const beds: ({ bed: string[]; bedGain: number } | null)[] = [null, null, { bed: ['brownnoise'], bedGain: 0.4 }, null, { bed: ['whitenoise'], bedGain: 0.06 }, null, { bed: ['pinknoise'], bedGain: 0.15 }, null, { bed: ['sine', '60', 'sine', '180'], bedGain: 0.2 }, { bed: ['whitenoise'], bedGain: 0.25 }];
  return voices.map(([voice, wpm, pitch], i) => ({
    name: `train-speech-${i}`,
    kind: 'speech' as const,
    make: speech(voice, wpm, `${TRAINING_TEXTS[i % 4]} ${TRAINING_TEXTS[(i + 1) % 4]}`, { pitch, ...(beds[i] ?? {}) }),
  }));
}

export interface CorpusFile {
  name: string;
  kind: NoMusicKind;
  path: string;
}

/** Writes the corpus (or the items named in `only`) into `dir` as <name>.wav. */
export function writeNoMusicCorpus(dir: string, only?: string[], items: CorpusItem[] = noMusicCorpus()): CorpusFile[] {
  mkdirSync(dir, { recursive: true });
  const scratch = join(dir, '.scratch');
  mkdirSync(scratch, { recursive: true });
  try {
    return items
      .filter((item) => !only || only.includes(item.name))
      .map((item) => {
        const path = join(dir, `${item.name}.wav`);
        item.make(path, scratch);
        return { name: item.name, kind: item.kind, path };
      });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = takeOption(process.argv.slice(2), 'out').value;
  if (!out) {
    console.error('usage: npm run corpus:no-music -- --out DIR');
    process.exit(2);
  }
  const files = writeNoMusicCorpus(out);
  for (const k of NO_MUSIC_KINDS) console.log(`${k.padEnd(8)} ${files.filter((f) => f.kind === k).map((f) => f.name).join(', ')}`);
  console.log(`${files.length} files in ${out}`);
}
