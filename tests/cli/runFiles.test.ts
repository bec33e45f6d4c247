/**
 * runFiles on worker threads (a stand-in worker script, no models): results in file order, a
 * failed file reported on one line, and a thread that dies fails its own file only, never hangs.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runFiles, type RunOptions } from '../../src/cli/runFiles.ts';

const workerEntry = new URL('../fixtures/cli/fakeFileWorker.js', import.meta.url);
const options = (jobs: number): RunOptions => ({ command: 'classify', processor: { modelsDir: '' }, jobs, workerEntry, local: () => Promise.reject(new Error('not used')) });

afterEach(() => vi.restoreAllMocks());

describe('runFiles on worker threads', () => {
  it('gives results in file order and one stderr line per failed file', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    const r = await runFiles(['a', 'bad', 'c', 'd', 'e'], options(2));
    expect(r.map((x) => x?.text ?? null)).toEqual(['a!', null, 'c!', 'd!', 'e!']);
    expect(err).toEqual(['genrescope: cannot decode bad: not audio\n']);
  });

  it('fails only the file of a thread that dies, and finishes the rest on the others', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    const r = await runFiles(['a', 'die', 'c', 'd', 'e', 'f'], options(2));
    expect(r.map((x) => x?.text ?? null)).toEqual(['a!', null, 'c!', 'd!', 'e!', 'f!']);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^genrescope: cannot analyse die: the worker thread stopped/);
  });

  it('fails the files left when every thread died', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    const r = await runFiles(['die', 'die', 'x'], options(2));
    expect(r).toEqual([null, null, null]);
    expect(err.map((e) => /cannot analyse (\S+):/.exec(e)?.[1])).toEqual(['die', 'die', 'x']);
  });
});
