/**
 * Small fluid states shared by the tests, the CPU/GPU comparison (sim/gpu/compare.ts) and the bench.
 */
import { validateSceneSpec } from '../../scene/spec.ts';
import { buildFluid } from './scene.ts';
import type { MpmFluid } from './mpm.ts';

/** A small dam-break column (about 2k particles at cell 0.05 m) for the comparison; `cellM` scales it. */
export function comparisonFluid(cellM = 0.05, columnM = 0.3): MpmFluid {
  const spec = validateSceneSpec({
    version: 1, seed: 1,
    bodies: [{ id: 'marker', name: 'marker', kind: 'cube', shape: { type: 'box', sizeM: [0.05, 0.05, 0.05] }, material: 'wood', fixed: true, positionM: [3, 0.025, 3] }],
    fluids: [{ id: 'water', name: 'water', liquid: 'water', action: 'flood', volumeL: 1000, boxM: { minM: [0, 0, 0], maxM: [columnM, columnM, 4 * cellM] }, domainM: { minM: [-cellM, -cellM, -cellM], maxM: [4 * columnM + cellM, 2 * columnM + cellM, 5 * cellM] }, cellM }],
    environment: { ground: { material: 'concrete' } },
  });
  const fluid = buildFluid(spec, spec.fluids[0]);
  if (!fluid) throw new Error('comparison fluid not built');
  return fluid.solver;
}

