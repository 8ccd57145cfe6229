/**
 * Liquid presets: density and dynamic viscosity of every liquid SceneSpec names (scene/spec.ts LIQUIDS),
 * at room temperature: what the fluid solver (sim/fluid/mpm.ts) simulates and what the parser stages
 * with (a tipped container's contents weigh what they hold).
 *
 * Sources (typical values at 20 °C): water 1.0 mPa·s (CRC Handbook); milk ≈ 2–3 mPa·s; orange juice
 * ≈ 2 mPa·s; olive oil ≈ 80 mPa·s; corn/glucose syrup ≈ 2–5 Pa·s; honey ≈ 2–10 Pa·s (Yanniotis et al.,
 * J. Food Eng. 2006); 40 % ethanol (whiskey) ≈ 2.4 mPa·s and 0.95 g/cm³; wine ≈ 1.5 mPa·s.
 *
 * The explicit solver resolves viscosity up to `MAX_SIMULATED_VISCOSITY_PAS`; a thicker liquid is run
 * at that ceiling (it already moves like a slow syrup at desk-top scale) and the run says so, rather
 * than taking hundreds of substeps per fixed step.
 */
import type { FluidSpec } from './spec.ts';

export interface LiquidPreset {
  densityKgM3: number;
  viscosityPaS: number;
  /** sRGB colour for the point-sprite renderer. */
  color: [number, number, number];
}

export const LIQUID_PRESETS: Record<FluidSpec['liquid'], LiquidPreset> = {
  water: { densityKgM3: 1000, viscosityPaS: 1.0e-3, color: [0.35, 0.6, 0.95] },
  juice: { densityKgM3: 1050, viscosityPaS: 2.0e-3, color: [1.0, 0.6, 0.1] },
  milk: { densityKgM3: 1030, viscosityPaS: 3.0e-3, color: [0.96, 0.95, 0.9] },
  oil: { densityKgM3: 915, viscosityPaS: 8.0e-2, color: [0.85, 0.75, 0.2] },
  syrup: { densityKgM3: 1330, viscosityPaS: 2.5, color: [0.6, 0.3, 0.05] },
  honey: { densityKgM3: 1420, viscosityPaS: 10, color: [0.9, 0.6, 0.1] },
  whiskey: { densityKgM3: 950, viscosityPaS: 2.4e-3, color: [0.75, 0.45, 0.15] },
  wine: { densityKgM3: 990, viscosityPaS: 1.5e-3, color: [0.5, 0.05, 0.15] },
  coffee: { densityKgM3: 1000, viscosityPaS: 1.0e-3, color: [0.3, 0.18, 0.1] },
};

/** Above this dynamic viscosity the solver clamps (see the header). Pa·s. */
export const MAX_SIMULATED_VISCOSITY_PAS = 10;
