// Genrescope's microphone capture: an AudioWorkletProcessor that averages the input channels to
// mono and posts blocks of 2048 samples (transferred) to the main thread, which keeps them.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(2048);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const frames = input[0].length;
    const scale = 1 / input.length;
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < input.length; c++) s += input[c][i];
      this.block[this.filled++] = s * scale;
      if (this.filled === this.block.length) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(2048);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('genrescope-capture', CaptureProcessor);
