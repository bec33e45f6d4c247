/**
 * Export file names from track names. A name keeps its letters in every script (`Björk – Jóga.mp3`
 * exports as `Björk – Jóga.json`); only what a file system refuses is replaced: the characters
 * Windows forbids (/ \ : * ? " < > |, the one list that covers macOS and Linux too), control
 * characters, trailing dots and spaces, and the names Windows reserves (CON, NUL, COM1...). The
 * result is NFC (macOS hands out decomposed names) and fits in 255 UTF-8 bytes.
 */

/** What no common file system accepts in a name. */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/g;
/** Device names Windows reserves, with or without an extension, in any case. */
const RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\.|$)/i;
/** Most file systems allow 255 bytes a name; keep a margin for the browser's " (1)" on a clash. */
const MAX_NAME_BYTES = 240;
const FALLBACK_STEM = 'genrescope';

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** `stem` cut to at most `maxBytes` of UTF-8, never inside a character (code points, not UTF-16 halves). */
function cutToBytes(stem: string, maxBytes: number): string {
  if (utf8Length(stem) <= maxBytes) return stem;
  let out = '';
  let bytes = 0;
  for (const ch of stem) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** A track's name without its audio extension (`song.mp3` -> `song`; `.hidden` stays whole). */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** A file name any common file system accepts, from a stem and an extension such as `json` or `windows.csv`. */
export function safeFileName(stem: string, extension: string): string {
  const suffix = `.${extension}`;
  let s = stem.normalize('NFC').replace(ILLEGAL, '_').trim();
  s = cutToBytes(s, MAX_NAME_BYTES - utf8Length(suffix));
  // trailing dots and spaces vanish on Windows (and a cut may leave new ones)
  s = s.replace(/[. ]+$/, '');
  if (s === '') s = FALLBACK_STEM;
  if (RESERVED.test(s)) s = `_${s}`;
  return `${s}${suffix}`;
}

/** The export of one track: `Björk – Jóga.mp3` and `json` -> `Björk – Jóga.json`. */
export function trackFileName(trackName: string, extension: string): string {
  return safeFileName(stemOf(trackName), extension);
}
