/**
 * Ten colours for the genres: Petroff's 10-colour accessible sequence (M. A. Petroff, "Accessible
 * Color Sequences for Data Visualization", 2021, arXiv:2107.02270; matplotlib's "petroff10"),
 * chosen by simulated colour-vision-deficiency distances. Only the assignment to genres is ours
 * (rock red, blues blue, country brown, metal slate...); the legend, the timeline strip's labels
 * and the read-out name each genre, so colour is never the only cue.
 * tests/app/palette.test.ts checks every pair in normal vision and under simulated protanopia,
 * deuteranopia and tritanopia.
 */
export const GENRE_COLORS = [
  '#3f90da', // blues
  '#b9ac70', // classical
  '#a96b59', // country
  '#ffa90e', // disco
  '#832db6', // hiphop
  '#94a4a2', // jazz
  '#717581', // metal
  '#92dadd', // pop
  '#e76300', // reggae
  '#bd1f01', // rock
] as const;
