/** Object URLs for playback: the dropped file itself, or a WAV made from recorded/synthesised PCM. */
import { encodeWav } from '../audio/wav.ts';
import type { AudioUrls } from '../state/ports.ts';

export const objectUrls: AudioUrls = {
  forBlob: (blob) => URL.createObjectURL(blob),
  forPcm: (pcm, sr) => URL.createObjectURL(encodeWav(pcm, sr)),
  revoke: (url) => URL.revokeObjectURL(url),
};
