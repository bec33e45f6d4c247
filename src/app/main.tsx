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
import { warmCharts } from './components/LazyCharts.tsx';
import { createHasher } from './services/contentHash.ts';
import { startHashWorker } from './services/hashWorker.ts';
import { audioExplainer } from './services/explainer.ts';
import { browserExporter } from './services/exporter.ts';
import { IndexedDbHistory } from './services/history.ts';
import { IndexedDbCustomClasses } from './services/customModels.ts';
import { startCustomWorker } from './services/customWorker.ts';
import { CustomWorkerClient } from '../worker/customClient.ts';
import { objectUrls } from './services/urls.ts';
import { backendRequestFromQuery } from './services/backendQuery.ts';
import { createAnalysisWorker, WorkerEngine } from './services/workerEngine.ts';
import { createAppStore } from './state/store.ts';
import type {} from './testHooks.ts';
import { StoreProvider } from './state/useApp.ts';
import './styles.css';

// ?backend=webgl|cpu in the address forces the models' backend (src/model/backend.ts).
const engine = new WorkerEngine(createAnalysisWorker, { backend: backendRequestFromQuery(window.location.search) });
const decoder = new WebAudioDecoder();
const store = createAppStore({
  decoder,
  engine,
  explainer: audioExplainer(decoder, engine),
  urls: objectUrls,
  history: typeof indexedDB === 'undefined' ? null : new IndexedDbHistory(),
  hasher: typeof crypto === 'undefined' || !crypto.subtle ? null : createHasher(typeof Worker === 'undefined' ? null : startHashWorker),
  recorder: typeof AudioWorkletNode === 'undefined' ? null : new BrowserMicrophone(`${import.meta.env.BASE_URL}recorder-worklet.js`),
  demo: webAudioDemo,
  exporter: browserExporter,
  customClasses: typeof indexedDB === 'undefined' ? null : new IndexedDbCustomClasses(),
  customTrainer: typeof Worker === 'undefined' ? null : new CustomWorkerClient(startCustomWorker),
});
let engineWarm: (() => void) | null = null;
const warmed = new Promise<void>((resolve) => (engineWarm = resolve));
window.__genrescope = { store, crashWorker: () => engine.simulateCrash(), warmed: () => warmed };
void store.getState().loadHistory();
void store.getState().loadCustomClasses();
// Start the worker (and its models) once the page is up, not as part of the first load; then
// warm the chart code while the page is idle (LazyCharts.tsx).
const warm = () => {
  void engine.warmUp().then(() => engineWarm?.());
  void warmCharts();
};
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
