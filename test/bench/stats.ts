/** The figures every bench prints: a quantile of sorted times, and a median. */

/** The value at quantile `q` of `sorted` (ascending; the nearest rank); 0 for none. */
export const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0

/** The middle value of `xs` (the upper one of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
