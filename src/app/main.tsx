/**
 * Entry point: builds the store from the browser services (Web Audio decoding, the analysis
 * worker, IndexedDB history, microphone, exports) and renders the app into #root.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { webAudioDemo } from './audio/demo.ts';
import { WebAudioDecoder } from './audio/decode.ts';
import { BrowserMicrophone } from './audio/microphone.ts';
import { App } from './components/App.tsx';
import { browserExporter } from './services/exporter.ts';
import { IndexedDbHistory } from './services/history.ts';
import { objectUrls } from './services/urls.ts';
import { WorkerEngine } from './services/workerEngine.ts';
import { createAppStore } from './state/store.ts';
import type {} from './testHooks.ts';
import { StoreProvider } from './state/useApp.ts';
import './styles.css';

const engine = new WorkerEngine();
const store = createAppStore({
  decoder: new WebAudioDecoder(),
  engine,
  urls: objectUrls,
  history: typeof indexedDB === 'undefined' ? null : new IndexedDbHistory(),
  recorder: typeof AudioWorkletNode === 'undefined' ? null : new BrowserMicrophone(`${import.meta.env.BASE_URL}recorder-worklet.js`),
  demo: webAudioDemo,
  exporter: browserExporter,
});
window.__genrescope = { store, crashWorker: () => engine.simulateCrash() };
void store.getState().loadHistory();
// Start the worker (and its models) once the page is up, not as part of the first load.
const warm = () => engine.warmUp();
if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 1500 });
else setTimeout(warm, 500);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
