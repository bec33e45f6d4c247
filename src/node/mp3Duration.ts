/**
 * An MP3's announced duration from its Xing/Info header (written by LAME and ffmpeg: the frame
 * count of the whole stream), as a browser reads it, so that a truncated MP3 gets the same
 * 'truncated' warning in the CLI as on the page. Null where the header is absent.
 */

const BITRATE_INDEX_VALID = (b: number) => b > 0 && b < 15;
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Seconds the Xing/Info header of the first frame announces; null without one. */
export function mp3AnnouncedSec(head: Uint8Array): number | null {
  let at = 0;
  if (head.length >= 10 && head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) {
    // ID3v2: a 10-byte header and a syncsafe size
    at = 10 + ((head[6] & 0x7f) << 21) + ((head[7] & 0x7f) << 14) + ((head[8] & 0x7f) << 7) + (head[9] & 0x7f);
  }
  for (; at + 4 <= head.length; at++) {
    if (head[at] !== 0xff || (head[at + 1] & 0xe0) !== 0xe0) continue;
    const version = (head[at + 1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    const layer = (head[at + 1] >> 1) & 3; // 1: Layer III
    const rateIndex = (head[at + 2] >> 2) & 3;
    if (version === 1 || layer !== 1 || rateIndex === 3 || !BITRATE_INDEX_VALID(head[at + 2] >> 4)) continue;
    const mono = head[at + 3] >> 6 === 3;
    const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
    const tag = at + 4 + sideInfo;
    if (tag + 12 > head.length) return null;
    const id = String.fromCharCode(...head.subarray(tag, tag + 4));
    if ((id !== 'Xing' && id !== 'Info') || !(head[tag + 7] & 1)) return null;
    const frames = ((head[tag + 8] << 24) | (head[tag + 9] << 16) | (head[tag + 10] << 8) | head[tag + 11]) >>> 0;
    const samplesPerFrame = version === 3 ? 1152 : 576;
    return (frames * samplesPerFrame) / SAMPLE_RATES[version][rateIndex];
  }
  return null;
}
