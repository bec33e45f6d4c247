/**
 * The plots' theme for the system's colour scheme, read from the page's --plot-* properties
 * (plots/theme.ts), a new object when the scheme changes, so the draw functions that depend on it
 * change and every plot redraws in its colours.
 */
import { useSyncExternalStore } from 'react';
import { DARK_QUERY, plotThemeFrom, type PlotTheme } from '../plots/theme.ts';

let current: { dark: boolean; theme: PlotTheme } | null = null;

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function snapshot(): PlotTheme {
  const dark = window.matchMedia(DARK_QUERY).matches;
  if (!current || current.dark !== dark) current = { dark, theme: plotThemeFrom(getComputedStyle(document.documentElement)) };
  return current.theme;
}

export function usePlotTheme(): PlotTheme {
  return useSyncExternalStore(subscribe, snapshot);
}
