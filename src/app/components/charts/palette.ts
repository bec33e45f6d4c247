/**
 * Ten distinguishable colours for the genres: the Okabe–Ito colour-blind-safe set plus two
 * darker tones; the legend and tooltips name each series, so colour is never the only cue.
 */
export const GENRE_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#f0e442', '#8c6d31', '#7f7f7f'] as const;
