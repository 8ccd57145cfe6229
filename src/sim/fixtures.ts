/**
 * Scenes shared by the unit tests and the end-to-end determinism test.
 */
import type { SceneSpecInput } from '../scene/spec.ts';

/** A busy scene: a tumbling pile of boxes and balls, where any nondeterminism would show at once. */
export function pileSpec(xOffsetM = 0): SceneSpecInput {
  const bodies = Array.from({ length: 24 }, (_, i) => ({
    id: `body-${i}`, name: `body ${i}`, kind: i % 2 ? 'crate' : 'ball',
    shape: i % 2 ? { type: 'box' as const, sizeM: [0.2, 0.15, 0.1] as [number, number, number] } : { type: 'sphere' as const, radiusM: 0.07 },
    material: i % 3 ? 'wood' as const : 'rubber' as const,
    positionM: [((i * 7) % 5) * 0.09 - 0.2 + xOffsetM, 0.3 + i * 0.22, ((i * 3) % 4) * 0.08 - 0.12] as [number, number, number],
    rotationDeg: [(i * 13) % 360, (i * 29) % 360, (i * 7) % 360] as [number, number, number],
    angularVelocityRadps: [0, i * 0.3, 1] as [number, number, number],
  }));
  return { version: 1, seed: 7, durationS: 3, bodies, environment: { ground: { material: 'concrete' } } };
}
