/**
 * The dam-break figures `worlddraft simulate` adds to its JSON (the fluids issue): for the first
 * simulated fluid that starts as a block (`boxM`), `columnWidth` (its x extent, m) and `surgeFront`,
 * one {t, x} per recorded fluid frame, x measured from the block's back face (its min x: the tank's
 * back wall in examples/dam-break.json). Empty object for scenes without such a fluid.
 */
import type { SceneSpec } from '../../scene/spec.ts';
import type { SimTimeline } from '../timeline.ts';
import { surgeFront } from './analysis.ts';
import { decodeFluidFrame } from './frames.ts';

export function fluidSummary(spec: SceneSpec, timeline: SimTimeline): { columnWidth?: number; surgeFront?: { t: number; x: number }[] } {
  const fluid = spec.fluids.find((f) => f.boxM);
  if (!fluid?.boxM) return {};
  const wall = fluid.boxM.minM[0];
  const front = timeline.fluidFrames.filter((f) => f.fluidId === fluid.id).map((f) => ({
    t: Math.round(f.t * 1e6) / 1e6,
    x: Math.round(surgeFront(decodeFluidFrame(f), f.count, wall) * 1e4) / 1e4,
  }));
  return { columnWidth: Math.round((fluid.boxM.maxM[0] - wall) * 1e6) / 1e6, surgeFront: front };
}
