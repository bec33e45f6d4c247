/**
 * A file as every command reads it: decoded in bounded memory (src/node/decodeAudio.ts), checked
 * by the input rules the page's worker applies too (src/input/rules.ts), with its warnings.
 */
import { checkSource, type InputWarning } from '../input/rules.ts';
import { inputWarnings } from '../input/warnings.ts';
import { loadAudioFile, type LoadedAudio } from '../node/decodeAudio.ts';

export async function loadInput(file: string, sr?: number): Promise<LoadedAudio & { warnings: InputWarning[] }> {
  const audio = await loadAudioFile(file, sr === undefined ? {} : { sr });
  checkSource(audio.source);
  return { ...audio, warnings: inputWarnings(audio.y, audio.sr, audio.source) };
}
