/**
 * The statistics the engine decides with: likelihood-ratio (G) tests of failure rates,
 * expressed as signed z-scores, and their one-sided p-values in log space (the counts of
 * aggregated traffic make p-values far smaller than a double can hold).
 */

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/** Signed z of "rate f1/t1 differs from rate f2/t2" (positive when the first is higher). */
export function zTwoRates(f1: number, t1: number, f2: number, t2: number): number {
  if (t1 <= 0 || t2 <= 0) return 0;
  const f = f1 + f2;
  const t = t1 + t2;
  const g =
    2 *
    (xlogx(f1) +
      xlogx(t1 - f1) +
      xlogx(f2) +
      xlogx(t2 - f2) -
      xlogx(t1) -
      xlogx(t2) -
      xlogx(f) -
      xlogx(t - f) +
      xlogx(t));
  const z = Math.sqrt(Math.max(0, g));
  return f1 / t1 >= f2 / t2 ? z : -z;
}

/** Signed z of "rate f/t differs from the known rate p" (positive when f/t is higher). */
export function zAgainstRate(f: number, t: number, p: number): number {
  if (t <= 0) return 0;
  if (p <= 0) return f > 0 ? Infinity : 0;
  if (p >= 1) return f < t ? -Infinity : 0;
  const g = 2 * (xlogx(f) - f * Math.log(t * p) + xlogx(t - f) - (t - f) * Math.log(t * (1 - p)));
  const z = Math.sqrt(Math.max(0, g));
  return f / t >= p ? z : -z;
}

/** log of the upper-tail probability of a standard normal at z (erfc after Numerical Recipes, rel. error < 1.2e-7). */
export function logUpperTail(z: number): number {
  if (z === Infinity) return -Infinity;
  if (z === -Infinity) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logErfc = Math.log(t) + poly;
  return z >= 0 ? logErfc - Math.LN2 : Math.log(1 - 0.5 * Math.exp(logErfc));
}

export const MAX_RISK_RATIO = 1e6;

/** Rate inside over rate outside, with a finite cap when outside fails at rate 0. */
export function riskRatio(insideRate: number, outsideRate: number): number {
  if (outsideRate > 0) return Math.min(MAX_RISK_RATIO, insideRate / outsideRate);
  return insideRate > 0 ? MAX_RISK_RATIO : 0;
}

/**
 * How sure the engine is that a segment is a cause: the Bonferroni-corrected significance
 * (1 − family-wise p) times an effect-size factor that grows from 0 at risk ratio 1 to
 * nearly 1 by risk ratio 4, so a barely elevated segment is never called certain.
 */
export function confidence(logP: number, tried: number, rr: number): number {
  const corrected = Math.min(1, Math.exp(logP + Math.log(Math.max(1, tried))));
  const effect = 1 - Math.exp(-Math.max(0, rr - 1));
  return Math.max(0, Math.min(1, (1 - corrected) * effect));
}
