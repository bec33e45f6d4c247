/**
 * The plots' colours from the page's theme: the --plot-* custom properties of styles.css (light,
 * or dark where the system prefers it), read from the computed style when a plot is drawn, so a
 * canvas matches the page around it. Colour maps (viridis, cividis) and the genre palette stay
 * the same in both schemes. Where the page has no such properties (the PNG export's own canvas
 * falls back too), DEFAULT_THEME's light colours are used.
 */
import { DEFAULT_THEME, type PlotTheme } from './draw.ts';

const VARIABLES: Record<Exclude<keyof PlotTheme, 'font'>, string> = {
  background: '--plot-bg',
  ink: '--plot-ink',
  grid: '--plot-grid',
  wave: '--plot-wave',
  beat: '--plot-beat',
};

/** The plot theme of the page's current colour scheme. */
export function pagePlotTheme(root: Element = document.documentElement): PlotTheme {
  const style = getComputedStyle(root);
  const theme: PlotTheme = { ...DEFAULT_THEME };
  for (const [key, name] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][]) {
    const value = style.getPropertyValue(name).trim();
    if (value) theme[key] = value;
  }
  return theme;
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';
