/**
 * The gamma distribution's CDF and quantile, for the demand quantiles (quantiles.ts).
 * The regularized lower incomplete gamma function P(a, x) by its series for x < a + 1 and
 * its continued fraction otherwise, ln Γ by Lanczos' approximation: Press, Teukolsky,
 * Vetterling & Flannery, "Numerical Recipes", 3rd ed., §6.1–6.2 (relative error ≈ 1e-14).
 * For shapes ≥ WILSON_HILFERTY_SHAPE, whose series would take about `shape` terms, the CDF is
 * Wilson & Hilferty's cube-root normal approximation (1931; error below 1e-3 there), with
 * Φ from Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7).
 */

const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-05, 4.652362892704858e-05, -9.837447530487956e-05,
  0.0001580887032249125, -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 8.441822398385275e-05, -2.6190838401581408e-05, 3.6899182659531625e-06,
];
const TINY = 1e-300;
/** Shape from which gammaCdf uses the Wilson–Hilferty approximation. */
export const WILSON_HILFERTY_SHAPE = 50;
const EPS = 1e-14;

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  let y = x;
  const t = x + 5.2421875;
  let series = 0.999999999999997;
  for (const c of LANCZOS) series += c / ++y;
  return (x + 0.5) * Math.log(t) - t + Math.log((2.5066282746310007 * series) / x);
}

/**
 * P(a, x) = γ(a, x) / Γ(a): the CDF at x of a gamma distribution of shape a > 0 and scale 1.
 * `lnGammaA` is ln Γ(a), passed by callers that evaluate one shape many times.
 */
export function gammaP(a: number, x: number, lnGammaA = lnGamma(a)): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - lnGammaA);
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < 1000 && Math.abs(term) >= Math.abs(sum) * EPS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
    }
    return Math.min(1, sum * front);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return Math.max(0, 1 - front * h);
}

/**
 * The CDF (x ↦ P(X ≤ x)) of the gamma distribution with the given mean > 0 and variance
 * (shape mean²/var, scale var/mean); a point mass at the mean when the variance is 0.
 */
export function gammaCdf(mean: number, variance: number): (x: number) => number {
  if (variance <= 0) return (x) => (x >= mean ? 1 : 0);
  const shape = (mean * mean) / variance;
  const rate = mean / variance;
  if (shape >= WILSON_HILFERTY_SHAPE) {
    const spread = 1 / (9 * shape);
    return (x) => (x <= 0 ? 0 : normalCdf((Math.cbrt(x / mean) - (1 - spread)) / Math.sqrt(spread)));
  }
  const lnGammaShape = lnGamma(shape);
  return (x) => gammaP(shape, x * rate, lnGammaShape);
}

/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26 for erf). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
