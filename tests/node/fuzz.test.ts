/**
 * Fuzzing the Node decoder: every damaged file of tests/support/fuzz.ts (about 60 a format, made
 * from real WAV, MP3, FLAC and Ogg Vorbis bytes) goes through decodeAudio, which must either give
 * finite samples in a sane range, of a bounded length, or refuse with one clear line, and do
 * either within a time limit, writing nothing to the console (the CLI's stderr is for its own
 * one-line messages). A crash, a hang or a stack trace on a damaged download is what a user would
 * meet first.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decodeAudio, type LoadedAudio } from '../../src/node/decodeAudio.ts';
import { mutants, unclearReason, type Mutant } from '../support/fuzz.ts';
import { makeSources } from '../support/fuzzSources.ts';
import { hasFfmpeg } from '../e2e/support/audio.ts';

const LIMIT_MS = 5_000;
/** The decoder's bound on samples (lossy decoding overshoots full scale by up to about 1.5; damaged frames are held to 2). */
const MAX_ABS_SAMPLE = 2;
/** Nothing longer than the analysed 10 minutes is worth holding in memory. */
const MAX_SAMPLES = 600 * 22050;


type Outcome = { audio: LoadedAudio } | { error: unknown } | { hung: true };

/** Decodes with a time limit, catching what the decoder writes to the console meanwhile. */
async function settle(m: Mutant): Promise<{ outcome: Outcome; ms: number; printed: string[] }> {
  const spies = (['error', 'warn', 'log', 'info'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), LIMIT_MS)));
  let outcome: Outcome;
  try {
    // a copy: a decoder that detaches or edits its input must not spoil the next case
    const result = await Promise.race([decodeAudio(m.bytes.slice()), hang]);
    outcome = result === 'hung' ? { hung: true } : { audio: result };
  } catch (error) {
    outcome = { error };
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - t0;
  const printed = spies.flatMap((spy) => spy.mock.calls.map((args: unknown[]) => args.map(String).join(' ')));
  for (const spy of spies) spy.mockRestore();
  return { outcome, ms, printed };
}

/** How many samples are not finite or out of range, and the worst; null when all are fine. */
function badSamples(y: Float32Array): string | null {
  let bad = 0;
  let worst = 0;
  for (const v of y) {
    if (Number.isFinite(v) && Math.abs(v) <= MAX_ABS_SAMPLE) continue;
    bad++;
    if (!Number.isFinite(v) || Math.abs(v) > Math.abs(worst)) worst = v;
  }
  return bad === 0 ? null : `${bad} of ${y.length} samples beyond ±${MAX_ABS_SAMPLE} or not finite (worst ${worst})`;
}

/** Everything wrong with one outcome, in words (all of it, so one run lists every fault). */
function problems({ outcome, ms, printed }: Awaited<ReturnType<typeof settle>>): string[] {
  const found: string[] = [];
  // a synchronous decoder cannot be raced: its time still counts
  if ('hung' in outcome || ms >= LIMIT_MS) found.push(`took ${Math.round(ms)} ms (limit ${LIMIT_MS})`);
  if ('error' in outcome) {
    if (!(outcome.error instanceof Error)) found.push(`rejected with a non-Error: ${JSON.stringify(outcome.error)}`);
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    const unclear = unclearReason(message);
    if (unclear) found.push(`unclear message (${unclear}): ${JSON.stringify(message)}`);
  } else if ('audio' in outcome) {
    const { y, sr } = outcome.audio;
    if (sr !== 22050) found.push(`sample rate ${sr}`);
    if (y.length === 0 || y.length > MAX_SAMPLES) found.push(`${y.length} samples`);
    const bad = badSamples(y);
    if (bad) found.push(bad);
  }
  if (printed.length > 0) found.push(`wrote to the console: ${JSON.stringify(printed.slice(0, 3))}${printed.length > 3 ? ` and ${printed.length - 3} more` : ''}`);
  return found;
}

const all = mutants(makeSources({ encoded: hasFfmpeg }));
const tally = new Map<string, { decoded: number; refused: number }>();

describe('the Node decoder on damaged files', () => {
  afterAll(() => {
    const rows = [...tally].map(([group, t]) => `${group}: ${t.decoded} decoded, ${t.refused} refused`);
    console.log(`fuzz (Node decoder), ${all.length} files:\n  ${rows.join('\n  ')}`);
  });

  for (const m of all) {
    it(`${m.id} (${m.bytes.length} bytes, .${m.ext})`, async () => {
      const settled = await settle(m);
      const group = tally.get(`${m.format} ${m.kind}`) ?? { decoded: 0, refused: 0 };
      tally.set(`${m.format} ${m.kind}`, group);
      if ('audio' in settled.outcome) group.decoded++;
      else group.refused++;
      expect(problems(settled)).toEqual([]);
    });
  }
});
