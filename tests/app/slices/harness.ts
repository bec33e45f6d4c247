/** A fresh store with fakes for the slice tests (the slices are combined by createAppStore). */
import { createAppStore, type AppDeps } from '../../../src/app/state/store.ts';
import { decoded, FakeDecoder, FakeEngine, FakeExporter, fakeHasher, fakeUrls, MemoryHistory } from '../fakes.ts';

export function harness(extra: Partial<AppDeps> = {}) {
  const engine = new FakeEngine();
  const decoder = new FakeDecoder({ 'a.wav': decoded(30), 'b.mp3': decoded(20), 'demo.wav': decoded(5) });
  const history = new MemoryHistory();
  const exporter = new FakeExporter();
  const store = createAppStore({ decoder, engine, urls: fakeUrls, history, exporter, hasher: fakeHasher, ...extra });
  const s = () => store.getState();
  const named = (name: string) => s().tracks.find((t) => t.name === name)!;
  return { engine, decoder, history, exporter, store, s, named };
}
