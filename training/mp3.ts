/**
 * MP3 re-encodings of GTZAN clips for the robustness checks: ffmpeg + libmp3lame at 128 kbit/s,
 * cached under training/.cache/<variant>/<stem>.mp3.
 *   mp3-128k      at the clip's own 22.05 kHz (ffmpeg's default; LAME lowpasses near 10.5 kHz)
 *   mp3-128k-44k  resampled to 44.1 kHz first, as music is usually distributed
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './dataPaths.ts';

export type Mp3Variant = 'mp3-128k' | 'mp3-128k-44k';

export function mp3Of(file: string, stem: string, variant: Mp3Variant): string {
  const dir = join(cacheDir, variant);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${stem}.mp3`);
  if (!existsSync(out)) {
    const rate = variant === 'mp3-128k-44k' ? ['-ar', '44100'] : [];
    try {
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', file, ...rate, '-codec:a', 'libmp3lame', '-b:a', '128k', out]);
    } catch (err) {
      throw new Error(`ffmpeg could not encode ${file} (is ffmpeg with libmp3lame installed?)`, { cause: err });
    }
  }
  return out;
}
