/**
 * Loads Rapier once. We use @dimforge/rapier3d-deterministic-compat: the same API as
 * rapier3d-compat, built so that the same inputs give the same results bit for bit on every
 * platform (Node and every browser), which the timeline hash relies on.
 */
import RAPIER from '@dimforge/rapier3d-deterministic-compat';

export type Rapier = typeof RAPIER;

let ready: Promise<Rapier> | undefined;

/** Resolves to the initialised Rapier module; safe to call many times. */
export function loadRapier(): Promise<Rapier> {
  ready ??= RAPIER.init().then(() => RAPIER);
  return ready;
}
