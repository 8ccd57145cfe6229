/**
 * Measurements of a liquid's particles for validation and the CLI: the dam-break surge front.
 */

/**
 * The surge front along +x, measured from `wallXM` (the back wall's inner face): the x below which
 * all but 0.1 % of the particles lie (so a lone splash droplet does not count as the front), m.
 */
export function surgeFront(positionsM: ArrayLike<number>, count: number, wallXM: number): number {
  if (count === 0) return 0;
  const xs = new Float64Array(count);
  for (let p = 0; p < count; p++) xs[p] = positionsM[p * 3];
  xs.sort();
  return xs[Math.min(count - 1, Math.floor(count * 0.999))] - wallXM;
}
