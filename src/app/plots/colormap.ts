/**
 * Perceptually uniform, colour-blind-safe colour maps as 256-entry RGB tables: viridis (a
 * polynomial fit of matplotlib's table) for the mel spectrogram, cividis (approximated by
 * linear interpolation between nine points of matplotlib's table) for the chromagram.
 */
export type ColorMap = Uint8ClampedArray; // 256 x RGB

// Coefficients of a degree-6 polynomial fit to matplotlib's viridis, per channel, lowest first.
const VIRIDIS = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
] as const;

// Approximately matplotlib's cividis at t = 0, 1/8, ..., 1 (dark blue -> grey -> yellow).
const CIVIDIS_STOPS = [
  [0.0, 0.1262, 0.3015],
  [0.0, 0.2014, 0.4346],
  [0.2392, 0.2898, 0.4281],
  [0.3563, 0.3704, 0.4396],
  [0.4627, 0.4526, 0.4727],
  [0.5795, 0.5399, 0.4735],
  [0.7035, 0.6319, 0.4476],
  [0.8342, 0.7298, 0.3965],
  [0.9953, 0.9050, 0.2164],
] as const;

function table(f: (t: number) => readonly [number, number, number]): ColorMap {
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = f(i / 255);
    out[i * 3] = Math.round(r * 255);
    out[i * 3 + 1] = Math.round(g * 255);
    out[i * 3 + 2] = Math.round(b * 255);
  }
  return out;
}

export const viridis: ColorMap = table((t) => {
  const c = [0, 1, 2].map((ch) => {
    let v = 0;
    for (let k = VIRIDIS.length - 1; k >= 0; k--) v = v * t + VIRIDIS[k][ch];
    return Math.min(1, Math.max(0, v));
  });
  return [c[0], c[1], c[2]];
});

export const cividis: ColorMap = table((t) => {
  const x = t * (CIVIDIS_STOPS.length - 1);
  const i = Math.min(CIVIDIS_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = CIVIDIS_STOPS[i];
  const b = CIVIDIS_STOPS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
});

export function cssColor(map: ColorMap, t: number): string {
  const i = Math.round(Math.min(1, Math.max(0, t)) * 255) * 3;
  return `rgb(${map[i]}, ${map[i + 1]}, ${map[i + 2]})`;
}

/** A CSS gradient through the map from 0 to 1 (left to right), for a colour scale beside a plot. */
export function cssGradient(map: ColorMap, stops = 9): string {
  const colours = Array.from({ length: stops }, (_, i) => cssColor(map, i / (stops - 1)));
  return `linear-gradient(90deg, ${colours.join(', ')})`;
}

/** WCAG relative luminance of a '#rrggbb' colour. */
export function relativeLuminance(hex: string): number {
  const lin = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** WCAG contrast ratio of two '#rrggbb' colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with the '#rrggbb' colour. */
export function inkOn(hex: string): '#000000' | '#ffffff' {
  return contrastRatio(hex, '#000000') >= contrastRatio(hex, '#ffffff') ? '#000000' : '#ffffff';
}
