/**
 * tfjs backend selection: WebGL where the browser has it on a GPU, else WASM (when its package
 * is registered), else the plain CPU backend. A WebGL whose renderer is a software rasteriser
 * (SwiftShader, llvmpipe, ...) is passed over: there the CPU backend is faster. A caller may
 * force a backend instead ('webgl' or 'cpu'). Reports which backend it settled on and why each
 * one before it was passed over.
 *
 * Runs in the analysis worker (WebGL through OffscreenCanvas) and in Node (no WebGL): the WebGL
 * probe only uses what a feature check found, through the few members it declares itself.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

/** What a caller asks for: 'auto' = hardware WebGL, else WASM, else CPU; or one backend first. */
export type BackendRequest = 'auto' | 'webgl' | 'cpu';

export const DEFAULT_BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** Why a backend was passed over. */
export type SkipCode = 'not-registered' | 'software-renderer' | 'failed';

export interface SkippedBackend {
  backend: BackendName;
  code: SkipCode;
  /** In words, e.g. "software rasteriser (SwiftShader)". */
  reason: string;
}

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before it, with why each was passed over. */
  skipped: SkippedBackend[];
  /** What the caller asked for ('cpu': the CPU backend came first, nothing was passed over). */
  requested: BackendRequest;
  /** The WebGL renderer string where it was looked at (null: not looked at, or no WebGL). */
  renderer: string | null;
}

export type RendererKind = 'hardware' | 'software' | 'unknown';

/** Renderer names of software rasterisers, with the name to report. */
const SOFTWARE_RENDERERS: readonly (readonly [RegExp, string])[] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/softpipe/i, 'softpipe'],
  [/basic render driver/i, 'Microsoft Basic Render Driver'],
  [/\bsoftware\b/i, 'software renderer'],
];

/**
 * What kind of device a WebGL renderer string names: 'software' for a CPU rasteriser
 * (SwiftShader, llvmpipe, softpipe, Microsoft's Basic Render Driver, anything called
 * "Software"), 'unknown' where there is no string or only a masked one ("WebKit WebGL"), else
 * 'hardware'. `name` says which software rasteriser matched.
 */
export function classifyRenderer(renderer: string | null | undefined): { kind: RendererKind; name: string | null } {
  const r = renderer?.trim() ?? '';
  if (r === '' || /^webkit webgl$/i.test(r) || /^mozilla$/i.test(r)) return { kind: 'unknown', name: null };
  for (const [pattern, name] of SOFTWARE_RENDERERS) if (pattern.test(r)) return { kind: 'software', name };
  return { kind: 'hardware', name: null };
}

/** The parts of a WebGL context the probe uses (declared here: Node's and the core's libs have no DOM). */
interface GlProbe {
  readonly RENDERER: number;
  getExtension(name: string): unknown;
  getParameter(pname: number): unknown;
}
type CanvasCtor = new (width: number, height: number) => { getContext(kind: string): unknown };

/**
 * The renderer behind WebGL in this context (unmasked where the browser allows it), or null
 * where there is no WebGL (no OffscreenCanvas, no context). Uses a 1 x 1 context of its own and
 * releases it.
 */
export function probeWebglRenderer(): string | null {
  const Canvas = (globalThis as { OffscreenCanvas?: CanvasCtor }).OffscreenCanvas;
  if (typeof Canvas !== 'function') return null;
  try {
    const canvas = new Canvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as GlProbe | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}

export interface SelectOptions {
  request?: BackendRequest;
  /** Where the WebGL renderer string comes from (tests pass their own). */
  probeRenderer?: () => string | null;
}

/**
 * Tries each backend of `preference` in order and keeps the first that initialises. 'auto'
 * passes over WebGL on a software rasteriser; 'webgl' tries WebGL first whatever its renderer;
 * 'cpu' goes straight to the CPU backend. A forced backend that cannot start falls back to the
 * rest of the order.
 */
export async function selectBackend(preference: readonly BackendName[] = DEFAULT_BACKENDS, { request = 'auto', probeRenderer = probeWebglRenderer }: SelectOptions = {}): Promise<BackendChoice> {
  const skipped: SkippedBackend[] = [];
  let renderer: string | null = null;
  const order = request === 'auto' ? [...preference] : [request, ...preference.filter((b) => b !== request)];
  for (const name of order) {
    if (!tf.findBackendFactory(name)) {
      skipped.push({ backend: name, code: 'not-registered', reason: 'not registered in this build' });
      continue;
    }
    if (name === 'webgl') {
      renderer = probeRenderer();
      const { kind, name: software } = classifyRenderer(renderer);
      if (kind === 'software' && request === 'auto') {
        skipped.push({ backend: name, code: 'software-renderer', reason: `software rasteriser (${software})` });
        continue;
      }
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: name, skipped, requested: request, renderer };
      }
      skipped.push({ backend: name, code: 'failed', reason: 'failed to initialise' });
    } catch (err) {
      skipped.push({ backend: name, code: 'failed', reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no tfjs backend could be initialised (tried ${order.join(', ')})`);
}
