import { beforeAll, describe, expect, it } from 'vitest';
import { validateSceneSpec } from '../scene/spec.ts';
import { loadRapier, type Rapier } from './rapier.ts';
import { simulate } from './simulate.ts';
import { analyticFlightHeight, bodySeries, firstImpactS, readoutsAt, seriesCsv } from './measure.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

const G: [number, number, number] = [0, -9.81, 0];

function projectile() {
  const spec = validateSceneSpec({
    version: 1, seed: 1, durationS: 2.5, environment: { ground: { material: 'wood' } },
    bodies: [{ id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM: 0.05 }, material: 'rubber', massKg: 0.2, positionM: [0, 0.05, 0], linearVelocityMps: [6, 8, 0] }],
  });
  return simulate(rapier, spec);
}

describe('teaching measurements', () => {
  it('height, speed and energy follow a projectile; total energy holds until it lands', () => {
    const timeline = projectile();
    const series = bodySeries(timeline, 0, G);
    const landing = firstImpactS(timeline, 'ball');
    const flight = series.t.map((t, i) => [t, i] as const).filter(([t]) => t > 0.05 && t < landing - 0.05);
    for (const [t, i] of flight) {
      expect(series.heightM[i]).toBeCloseTo(0.05 + 8 * t - 0.5 * 9.81 * t * t, 2);
      expect(Math.abs(series.totalJ[i] / series.totalJ[flight[0][1]] - 1)).toBeLessThan(0.005);
    }
    const apex = readoutsAt(series, Math.round((8 / 9.81) * 60) + 3);
    expect(apex.maxHeightM).toBeCloseTo(0.05 + 64 / (2 * 9.81), 2);
    const landed = readoutsAt(series, Math.round(landing * 60));
    expect(landed.rangeM).toBeCloseTo((2 * 6 * 8) / 9.81, 1);
  });

  it('the analytic curve matches the simulated flight and stops at the first contact', () => {
    const timeline = projectile();
    const series = bodySeries(timeline, 0, G);
    const analytic = analyticFlightHeight(timeline, series, G);
    const landing = firstImpactS(timeline, 'ball');
    expect(landing).toBeCloseTo((2 * 8) / 9.81, 1);
    expect(analytic.filter((h) => h !== null).length).toBeGreaterThan(90);
    series.t.forEach((t, i) => {
      if (t > landing) expect(analytic[i]).toBeNull();
      else expect(Math.abs(analytic[i]! - series.heightM[i])).toBeLessThan(0.01);
    });
  });

  it('writes CSV with a header and one row per frame', () => {
    const timeline = projectile();
    const csv = seriesCsv(bodySeries(timeline, 0, G)).trim().split('\n');
    expect(csv[0]).toBe('t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,height_m,speed_mps,kinetic_j,potential_j,total_j');
    expect(csv).toHaveLength(timeline.frames.length + 1);
    expect(csv[1].split(',').map(Number)[0]).toBe(0);
  });
});
