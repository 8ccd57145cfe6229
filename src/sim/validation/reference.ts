/**
 * Independent numerical references for the validation suite: they share no code with the Rapier
 * simulation they check.
 *
 * - Complete elliptic integral of the first kind by the arithmetic–geometric mean:
 *   K(k) = π / (2·AGM(1, √(1 − k²))) (Abramowitz & Stegun 17.6; Gauss). The exact period of a
 *   simple pendulum released from rest at θ₀ is T = 4√(L/g)·K(sin(θ₀/2)).
 * - A projectile with quadratic drag, m dv/dt = m g − ½ ρ C_d A |v| v, integrated with the classic
 *   fourth-order Runge–Kutta method at a fine fixed step, its landing found by a cubic Hermite
 *   interpolation of the step that crosses the launch height.
 * - Least-squares straight-line fit (for accelerations from velocity samples).
 */

/** The arithmetic–geometric mean of a and b (quadratic convergence; 1e-15 in a handful of steps). */
export function agm(a: number, b: number): number {
  for (let i = 0; i < 64 && Math.abs(a - b) > 1e-15 * a; i++) [a, b] = [(a + b) / 2, Math.sqrt(a * b)];
  return (a + b) / 2;
}

/** Complete elliptic integral of the first kind, modulus k (0 ≤ k < 1). */
export function ellipticK(k: number): number {
  return Math.PI / (2 * agm(1, Math.sqrt(1 - k * k)));
}

/** Small-angle period of a simple pendulum, 2π√(L/g), seconds. */
export function smallAnglePeriodS(lengthM: number, gMps2: number): number {
  return 2 * Math.PI * Math.sqrt(lengthM / gMps2);
}

/** Exact period of a simple pendulum released from rest at amplitudeRad, 4√(L/g)·K(sin(θ₀/2)), seconds. */
export function exactPendulumPeriodS(lengthM: number, gMps2: number, amplitudeRad: number): number {
  return 4 * Math.sqrt(lengthM / gMps2) * ellipticK(Math.sin(amplitudeRad / 2));
}

export interface DragProjectile {
  /** Launch velocity, m/s, in the vertical plane: [horizontal, vertical]. */
  v0: [number, number];
  gMps2: number;
  /** Drag constant per unit mass, ½ ρ C_d A / m, 1/m. */
  dragPerMassPerM: number;
}

/** Range (horizontal distance when back at launch height), apex height and flight time with quadratic drag, by RK4. */
export function dragProjectile({ v0, gMps2, dragPerMassPerM: c }: DragProjectile, stepS = 1e-4): { rangeM: number; apexM: number; flightS: number } {
  type State = [number, number, number, number]; // x, y, vx, vy
  const deriv = ([, , vx, vy]: State): State => {
    const speed = Math.hypot(vx, vy);
    return [vx, vy, -c * speed * vx, -gMps2 - c * speed * vy];
  };
  const add = (s: State, d: State, h: number): State => [s[0] + d[0] * h, s[1] + d[1] * h, s[2] + d[2] * h, s[3] + d[3] * h];
  let s: State = [0, 0, v0[0], v0[1]];
  let t = 0, apex = 0;
  for (let i = 0; i < 1e7; i++) {
    const k1 = deriv(s), k2 = deriv(add(s, k1, stepS / 2)), k3 = deriv(add(s, k2, stepS / 2)), k4 = deriv(add(s, k3, stepS));
    const next: State = [0, 1, 2, 3].map((j) => s[j] + (stepS / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j])) as State;
    apex = Math.max(apex, next[1]);
    if (t > 0 && next[1] < 0 && next[3] < 0) {
      // Cubic Hermite through (s, next) for y; solve y = 0 by bisection, then x the same way.
      const h = stepS, y0 = s[1], y1 = next[1], m0 = s[3] * h, m1 = next[3] * h;
      const hermite = (p0: number, p1: number, d0: number, d1: number, u: number) =>
        (2 * u ** 3 - 3 * u ** 2 + 1) * p0 + (u ** 3 - 2 * u ** 2 + u) * d0 + (-2 * u ** 3 + 3 * u ** 2) * p1 + (u ** 3 - u ** 2) * d1;
      let lo = 0, hi = 1;
      for (let j = 0; j < 60; j++) {
        const mid = (lo + hi) / 2;
        if (hermite(y0, y1, m0, m1, mid) > 0) lo = mid; else hi = mid;
      }
      const u = (lo + hi) / 2;
      return { rangeM: hermite(s[0], next[0], s[2] * h, next[2] * h, u), apexM: apex, flightS: t + u * h };
    }
    s = next;
    t += stepS;
  }
  throw new Error('dragProjectile: the projectile never came back down');
}

/** Least-squares fit y = a + b·x; returns the slope b and intercept a. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
