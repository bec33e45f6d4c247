/**
 * The CLI's embedding cache (src/cli/embeddingCache.ts): where it lives, embeddings stored by
 * content and found again, a file known by its path only while its size and time are unchanged,
 * and a damaged index or entry taken as a miss rather than an error.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheRoot, contentHash, EmbeddingCache } from '../../src/cli/embeddingCache.ts';

describe('the embedding cache', () => {
  it('lives in $GENRESCOPE_CACHE_DIR, else $XDG_CACHE_HOME/genrescope, else ~/.cache/genrescope', () => {
    expect(cacheRoot({ GENRESCOPE_CACHE_DIR: '/tmp/g', XDG_CACHE_HOME: '/tmp/x' })).toBe('/tmp/g');
    expect(cacheRoot({ XDG_CACHE_HOME: '/tmp/x' })).toBe('/tmp/x/genrescope');
    expect(cacheRoot({})).toBe(join(homedir(), '.cache', 'genrescope'));
  });

  it('stores by content hash, finds a file by path until it changes, and by content after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrescope-cache-'));
    const file = join(dir, 'a.wav');
    writeFileSync(file, 'some bytes');
    const hash = await contentHash(file);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const cache = new EmbeddingCache('model-x', 3, join(dir, 'cache'));
    expect(cache.lookup(file)).toBeNull();
    cache.write(hash, [0.5, -1, 2]);
    cache.remember(file, hash);
    cache.saveIndex();

    const again = new EmbeddingCache('model-x', 3, join(dir, 'cache'));
    expect(Array.from(again.lookup(file)!)).toEqual([0.5, -1, 2]);
    expect(new EmbeddingCache('model-y', 3, join(dir, 'cache')).lookup(file)).toBeNull(); // other weights, other embeddings

    // touched: the path no longer vouches for the content, but the content is still known
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(again.lookup(file)).toBeNull();
    expect(Array.from(again.read(await contentHash(file))!)).toEqual([0.5, -1, 2]);
    // edited: a new hash, nothing stored
    writeFileSync(file, 'other bytes');
    expect(again.read(await contentHash(file))).toBeNull();
  });

  it('takes a damaged index or a wrong-sized entry as a miss', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrescope-cache-'));
    const file = join(dir, 'a.wav');
    writeFileSync(file, 'x');
    writeFileSync(join(dir, 'paths.json'), '{ not json');
    const cache = new EmbeddingCache('m', 4, dir);
    expect(cache.lookup(file)).toBeNull();
    cache.write('h', [1, 2]); // two values where four are expected
    expect(cache.read('h')).toBeNull();
  });
});
