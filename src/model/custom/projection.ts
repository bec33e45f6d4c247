/**
 * The history map's 2-D projection: principal component analysis of the tracks' unit-length
 * embeddings (vectors.ts: what a track sounds like is where its embedding points). The points are
 * centred on their mean and projected on the two directions of largest variance, found exactly
 * by Jacobi's eigenvalue method on the smaller of the Gram matrix (n x n, tracks) and the
 * covariance (d x d, embedding values). Each axis's sign is fixed so that its direction's entry
 * of largest magnitude is positive (the convention of scikit-learn's svd_flip on the
 * components), so the same tracks in any order give the same picture.
 */
import { dot, unit } from './vectors.ts';

export interface Projection {
  /** One [x, y] per input vector, in input order. */
  points: [number, number][];
  /** The share of the total variance along x and along y (0 where there is none). */
  explained: [number, number];
}

/** Eigenvalues (descending) and unit eigenvectors (rows) of a symmetric size x size matrix (row-major; overwritten). */
function symmetricEigen(a: Float64Array, size: number): { values: number[]; vectors: Float64Array[] } {
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  const scale = a.reduce((s, x) => s + x * x, 0);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) off += a[p * size + q] ** 2;
    if (off <= 1e-30 * scale) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q];
        if (apq === 0) continue;
        // the rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1)
        const theta = (a[q * size + q] - a[p * size + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p];
          const akq = a[k * size + q];
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k];
          const aqk = a[q * size + k];
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p];
          const vkq = v[k * size + q];
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((i, j) => a[j * size + j] - a[i * size + i] || i - j);
  return {
    values: order.map((i) => a[i * size + i]),
    vectors: order.map((i) => Float64Array.from({ length: size }, (_, k) => v[k * size + i])),
  };
}

/** The direction with its sign fixed: its entry of largest magnitude positive. */
function signFixed(direction: Float64Array): Float64Array {
  let big = 0;
  for (let j = 1; j < direction.length; j++) if (Math.abs(direction[j]) > Math.abs(direction[big])) big = j;
  return direction[big] < 0 ? direction.map((x) => -x) : direction;
}

/**
 * Projects the vectors (all of one length) on their first two principal components after making
 * each unit length. No vectors give no points; one, or all alike, sit at the origin; two lie on
 * the x axis, their distance apart.
 */
export function projectPca(vectors: readonly ArrayLike<number>[]): Projection {
  const n = vectors.length;
  if (n === 0) return { points: [], explained: [0, 0] };
  const d = vectors[0].length;
  if (vectors.some((x) => x.length !== d)) throw new RangeError('vectors of different lengths cannot share a map');
  const xs = vectors.map(unit);
  const mean = new Float64Array(d);
  for (const x of xs) for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  const centred = xs.map((x) => x.map((v, j) => v - mean[j]));
  const total = centred.reduce((s, x) => s + dot(x, x), 0);
  if (!(total > 1e-24)) return { points: centred.map(() => [0, 0]), explained: [0, 0] };

  // The two leading unit directions in embedding space, from whichever matrix is smaller.
  let directions: Float64Array[];
  let values: number[];
  if (n <= d) {
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let k = i; k < n; k++) gram[i * n + k] = gram[k * n + i] = dot(centred[i], centred[k]);
    const e = symmetricEigen(gram, n);
    values = e.values;
    // direction = X^T u / |X^T u|, with |X^T u| = sqrt(lambda)
    directions = e.vectors.slice(0, 2).map((u, c) => {
      const w = new Float64Array(d);
      if (values[c] <= 1e-12 * total) return w;
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) w[j] += u[i] * centred[i][j];
      const norm = Math.sqrt(dot(w, w));
      return w.map((x) => x / norm);
    });
  } else {
    const cov = new Float64Array(d * d);
    for (const x of centred) for (let j = 0; j < d; j++) for (let k = j; k < d; k++) cov[j * d + k] += x[j] * x[k];
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) cov[j * d + k] = cov[k * d + j];
    const e = symmetricEigen(cov, d);
    values = e.values;
    directions = e.vectors.slice(0, 2).map((w, c) => (values[c] <= 1e-12 * total ? new Float64Array(d) : w));
  }
  while (directions.length < 2) directions.push(new Float64Array(d));
  const [a, b] = directions.map(signFixed);
  const share = (c: number) => (values[c] !== undefined && values[c] > 1e-12 * total ? values[c] / total : 0);
  return { points: centred.map((x) => [dot(x, a), dot(x, b)]), explained: [share(0), share(1)] };
}
