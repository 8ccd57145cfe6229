/**
 * The physics validation suite as tests: every case of issue 4's table (cases.ts), built from its
 * prompt, must meet its tolerance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRapier, type Rapier } from '../rapier.ts';
import { validationCases } from './cases.ts';
import { ellipticK, exactPendulumPeriodS, dragProjectile } from './reference.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

describe('references', () => {
  it('K(k) by the AGM matches tabulated values', () => {
    expect(ellipticK(0)).toBeCloseTo(Math.PI / 2, 14);
    expect(ellipticK(Math.SQRT1_2)).toBeCloseTo(1.8540746773013719, 12); // A&S table 17.1, k² = 1/2
    expect(exactPendulumPeriodS(1, 9.81, Math.PI / 2) / (2 * Math.PI * Math.sqrt(1 / 9.81))).toBeCloseTo(1.18034, 4);
  });

  it('the RK4 drag reference reduces to the vacuum range without drag', () => {
    const { rangeM } = dragProjectile({ v0: [10 * Math.SQRT1_2, 10 * Math.SQRT1_2], gMps2: 9.81, dragPerMassPerM: 0 });
    expect(rangeM).toBeCloseTo(100 / 9.81, 6);
  });
});

describe('validation cases (issue 4)', () => {
  for (const c of validationCases()) {
    it(`${c.group}: "${c.prompt}"`, () => {
      const rows = c.run(rapier);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.pass, `${row.quantity}: expected ${row.expected} ${row.unit}, simulated ${row.simulated} ${row.unit}${row.note ? ` (${row.note})` : ''}`).toBe(true);
      }
    });
  }
});
