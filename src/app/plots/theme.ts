/**
 * The plots' colours (PlotTheme) and where they come from: the --plot-* custom properties of
 * styles.css (light, or dark where the system prefers it), read from the page's computed style
 * when a plot is drawn (components/usePlotTheme.ts), so a canvas matches the page around it.
 * Colour maps (viridis, cividis) and the genre palette are the same in both schemes. Where a
 * property is missing (the PNG export draws on its own canvas, always light), DEFAULT_THEME's.
 */
export interface PlotTheme {
  ink: string;
  grid: string;
  background: string;
  wave: string;
  beat: string;
  font: string;
}

export const DEFAULT_THEME: PlotTheme = {
  ink: '#1d2330',
  grid: 'rgba(29, 35, 48, 0.18)',
  background: '#ffffff',
  wave: '#0072b2',
  beat: '#d55e00',
  font: '12px system-ui, sans-serif',
};

const VARIABLES: Record<Exclude<keyof PlotTheme, 'font'>, string> = {
  background: '--plot-bg',
  ink: '--plot-ink',
  grid: '--plot-grid',
  wave: '--plot-wave',
  beat: '--plot-beat',
};

/** The plot theme from a computed style: each --plot-* property that is set, DEFAULT_THEME's colour for the others. */
export function plotThemeFrom(style: { getPropertyValue(name: string): string }): PlotTheme {
  const theme: PlotTheme = { ...DEFAULT_THEME };
  for (const [key, name] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][]) {
    const value = style.getPropertyValue(name).trim();
    if (value) theme[key] = value;
  }
  return theme;
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';
