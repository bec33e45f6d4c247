/**
 * The CLI's musicnn helper thread (src/cli/musicnnHelperThread.ts, bin/musicnn-helper.js): a file
 * classified with its patches shared with the thread gets exactly the answer one thread gives, and
 * a thread that cannot start leaves every patch to the main thread, with the same answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyPcm } from '../../src/cli/classify.ts';
import { startMusicnnHelper } from '../../src/cli/musicnnHelperThread.ts';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import type { GenreModels, MusicnnModels } from '../../src/model/types.ts';
import { song } from '../support/signals.ts';

let models: GenreModels;
let musicnn: MusicnnModels;

beforeAll(async () => {
  const loaded = await loadModelsFromDisk(undefined, { musicnn: true });
  models = loaded.models;
  musicnn = loaded.musicnn!;
});

describe('musicnn patches shared with a helper thread in the CLI', () => {
  it('gives exactly the single-thread answer, with a working thread and with one that failed to start', async () => {
    const y = song(9); // four musicnn patches
    const alone = await classifyPcm(models, musicnn, y);
    const shared = await classifyPcm(models, musicnn, y, startMusicnnHelper());
    expect(shared).toEqual(alone);
    expect(shared.tags?.startSec).toHaveLength(4);
    const broken = await classifyPcm(models, musicnn, y, startMusicnnHelper(undefined, new URL('./no-such-helper.js', import.meta.url).pathname));
    expect(broken).toEqual(alone);
  });
});
