/**
 * Microphone capture: getUserMedia -> AudioWorklet (public/recorder-worklet.js, mono blocks) ->
 * kept blocks. Recording keeps everything and resamples it to the engine's rate when stopped;
 * live mode keeps only the rolling window and hands it on about once a second. Resampling is
 * done by an OfflineAudioContext, like file decoding.
 */
import { UserFacingError, type MicrophoneRecorder, type RecorderHandlers } from '../state/ports.ts';
import { ENGINE_SR } from '../../input/rules.ts';

/** Resamples mono PCM with the browser's own resampler (an OfflineAudioContext render). */
export async function resample(pcm: Float32Array, fromSr: number, toSr: number): Promise<Float32Array> {
  if (fromSr === toSr || pcm.length === 0) return pcm;
  const ctx = new OfflineAudioContext(1, Math.max(1, Math.round((pcm.length * toSr) / fromSr)), toSr);
  const buffer = ctx.createBuffer(1, pcm.length, fromSr);
  buffer.copyToChannel(pcm as Float32Array<ArrayBuffer>, 0);
  const src = ctx.createBufferSource();
  src.buffer = buffer;
  src.connect(ctx.destination);
  src.start();
  return (await ctx.startRendering()).getChannelData(0);
}

function micError(err: unknown): UserFacingError {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return new UserFacingError('Microphone access was denied. Allow the microphone for this page in the browser’s site settings, then try again.');
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new UserFacingError('No microphone was found. Connect an input device and try again.');
    case 'NotReadableError':
    case 'AbortError':
      return new UserFacingError('The microphone could not be started: another application may be using it.');
    default:
      return new UserFacingError(`The microphone could not be opened (${err instanceof Error ? err.message : String(err)}).`);
  }
}

export class BrowserMicrophone implements MicrophoneRecorder {
  private ctx: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private node: AudioWorkletNode | null = null;
  private blocks: Float32Array[] = [];
  private kept = 0;
  private total = 0;
  private lastLevelAt = 0;
  private lastWindowAt = 0;
  private handlers: RecorderHandlers | null = null;
  private live: { windowSec: number; everySec: number } | null = null;

  constructor(private readonly workletUrl: string) {}

  async start(handlers: RecorderHandlers, options: { liveWindowSec?: number; liveEverySec?: number }): Promise<void> {
    if (this.ctx) throw new UserFacingError('The microphone is already in use by this page.');
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new UserFacingError('This browser cannot record here: the microphone needs a secure page (https or localhost).');
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    } catch (err) {
      throw micError(err);
    }
    if (stream.getAudioTracks().length === 0) {
      stream.getTracks().forEach((t) => t.stop());
      throw new UserFacingError('No microphone was found. Connect an input device and try again.');
    }
    const ctx = new AudioContext();
    try {
      await ctx.audioWorklet.addModule(this.workletUrl);
      const node = new AudioWorkletNode(ctx, 'genrescope-capture', { numberOfOutputs: 1 });
      const mute = ctx.createGain();
      mute.gain.value = 0; // pulled by the graph, never heard
      ctx.createMediaStreamSource(stream).connect(node).connect(mute).connect(ctx.destination);
      node.port.onmessage = (e: MessageEvent<Float32Array>) => this.onBlock(e.data);
      if (ctx.state === 'suspended') await ctx.resume();
      this.node = node;
    } catch (err) {
      stream.getTracks().forEach((t) => t.stop());
      void ctx.close();
      throw new UserFacingError(`The recorder could not start (${err instanceof Error ? err.message : String(err)}).`);
    }
    for (const t of stream.getAudioTracks()) {
      t.addEventListener('ended', () => this.handlers?.ended?.('The microphone stopped: it was unplugged or its permission was withdrawn.'));
    }
    this.ctx = ctx;
    this.stream = stream;
    this.handlers = handlers;
    this.blocks = [];
    this.kept = 0;
    this.total = 0;
    this.lastLevelAt = 0;
    this.lastWindowAt = 0;
    this.live = handlers.window ? { windowSec: options.liveWindowSec ?? 3, everySec: options.liveEverySec ?? 1 } : null;
  }

  private onBlock(block: Float32Array): void {
    const ctx = this.ctx;
    const h = this.handlers;
    if (!ctx || !h) return;
    const sr = ctx.sampleRate;
    this.blocks.push(block);
    this.kept += block.length;
    this.total += block.length;
    if (this.total - this.lastLevelAt >= sr / 10) {
      this.lastLevelAt = this.total;
      let s = 0;
      for (let i = 0; i < block.length; i++) s += block[i] * block[i];
      const db = 10 * Math.log10(s / block.length + 1e-12);
      h.level(Math.min(1, Math.max(0, (db + 60) / 60)), this.total / sr);
    }
    if (!this.live) return;
    const windowLen = Math.round(this.live.windowSec * sr);
    // Live mode keeps only the rolling window.
    while (this.blocks.length > 1 && this.kept - this.blocks[0].length >= windowLen) this.kept -= this.blocks.shift()!.length;
    if (this.total - this.lastWindowAt >= this.live.everySec * sr && this.total >= sr) {
      this.lastWindowAt = this.total;
      const pcm = this.concat(Math.min(windowLen, this.kept));
      void resample(pcm, sr, ENGINE_SR).then((y) => this.handlers?.window?.(y, ENGINE_SR));
    }
  }

  /** The last `n` kept samples as one array. */
  private concat(n: number): Float32Array {
    const out = new Float32Array(n);
    let at = n;
    for (let i = this.blocks.length - 1; i >= 0 && at > 0; i--) {
      const b = this.blocks[i];
      const take = Math.min(at, b.length);
      out.set(b.subarray(b.length - take), at - take);
      at -= take;
    }
    return out;
  }

  async stop(): Promise<{ pcm: Float32Array; sr: number }> {
    const ctx = this.ctx;
    if (!ctx) return { pcm: new Float32Array(0), sr: ENGINE_SR };
    this.stream?.getTracks().forEach((t) => t.stop());
    if (this.node) this.node.port.onmessage = null;
    this.node?.disconnect();
    const sr = ctx.sampleRate;
    const pcm = this.concat(this.kept);
    this.ctx = null;
    this.stream = null;
    this.node = null;
    this.handlers = null;
    this.blocks = [];
    this.kept = 0;
    await ctx.close();
    return { pcm: await resample(pcm, sr, ENGINE_SR), sr: ENGINE_SR };
  }
}
