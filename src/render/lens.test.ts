/**
 * Thin-lens circle of confusion (lens.ts) against textbook values: the focal length a field of view
 * implies, a 50 mm f/2 lens focused at 2 m, and the symmetry of blur in 1/z.
 */
import { describe, expect, it } from 'vitest';
import { CINEMA_LENS, focalLengthM, thinLens } from './lens.ts';

const SENSOR_M = CINEMA_LENS.sensorWidthM;
/** The vertical field of view of focal length f on the Super 35 width, for a 16:9 frame. */
const vFovFor = (fM: number, aspect = 16 / 9) => (2 * Math.atan(SENSOR_M / aspect / 2 / fM) * 180) / Math.PI;

describe('thin lens', () => {
  it('turns a field of view back into its focal length', () => {
    expect(focalLengthM(vFovFor(0.05), 16 / 9, SENSOR_M)).toBeCloseTo(0.05, 9);
    expect(focalLengthM(vFovFor(0.025, 9 / 16), 9 / 16, SENSOR_M)).toBeCloseTo(0.025, 9);
  });

  it('gives a 50 mm f/2 lens focused at 2 m the textbook blur for infinity: f² / (N (z_f − f))', () => {
    // One pixel per micrometre of sensor, so pixels read as micrometres.
    const widthPx = SENSOR_M * 1e6;
    const lens = thinLens({ focusM: 2, vFovDeg: vFovFor(0.05), aspect: 16 / 9, widthPx, fNumber: 2 });
    expect(lens.focusM).toBe(2);
    const atInfinityUm = lens.cocScalePx * (1 / lens.focusM);
    expect(atInfinityUm).toBeCloseTo((0.05 ** 2 / (2 * (2 - 0.05))) * 1e6, 6); // 641 µm
    // In focus: no blur. Half the focus distance blurs exactly as much as infinity, with the other sign.
    expect(lens.cocScalePx * (1 / 2 - 1 / 2)).toBe(0);
    expect(lens.cocScalePx * (1 / 2 - 1 / 1)).toBeCloseTo(-atInfinityUm, 6);
  });

  it('stops down and scales with the frame as expected', () => {
    const base = { focusM: 3, vFovDeg: 30, aspect: 16 / 9, widthPx: 1920 };
    const wide = thinLens({ ...base, fNumber: 2 }).cocScalePx;
    expect(thinLens({ ...base, fNumber: 8 }).cocScalePx).toBeCloseTo(wide / 4, 9);
    expect(thinLens({ ...base, widthPx: 960, fNumber: 2 }).cocScalePx).toBeCloseTo(wide / 2, 9);
  });

  it('keeps the focus at least two focal lengths away', () => {
    const f = focalLengthM(30, 1, SENSOR_M);
    const lens = thinLens({ focusM: 0.001, vFovDeg: 30, aspect: 1, widthPx: 1000 });
    expect(lens.focusM).toBeCloseTo(2 * f, 12);
    expect(Number.isFinite(lens.cocScalePx) && lens.cocScalePx > 0).toBe(true);
  });
});
