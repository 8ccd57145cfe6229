/**
 * Fluid validation (the fluids issue): the fluid solver (sim/fluid/) against invariants and analytic
 * answers. Printed by `npm run validate` after the rigid-body table, asserted by fluid.test.ts.
 *
 *   volume        closed box 0.4 × 0.6 × 0.2 m (5 cm cells), a 0.2 m wide, 0.5 m tall column released
 *                 on one side: it collapses, hits the far wall and sloshes. Every 0.25 s for 10 s the
 *                 volume of the liquid body is measured from the particle positions alone
 *                 (analysis.ts liquidBodyVolumeM3: where the smoothed particle density is at least
 *                 half the rest density; compression shows, a lone droplet does not count); the
 *                 largest |ΔV|/V must stay within 2 %. (Particle count × particle volume would be
 *                 conserved by construction, so it is not a measure.)
 *   flat surface  the same box at 10 s: each 5 × 5 cm column's surface (its highest particle plus
 *                 half a particle spacing); their spread must be within half a cell
 *   hydrostatics  the same box at 10 s: the solver's pressure in the liquid's cells against depth below
 *                 that measured surface; slope ρg within 5 % (the intercept, the pressure at the
 *                 surface, is in the note)
 *   buoyancy      a glass tank of water (2.5 cm cells) with a wooden ball (700 kg/m³, r = 10 cm) released
 *                 at rest at the immersion depth Archimedes predicts for it and a steel ball (r = 5 cm)
 *                 released just under the surface; both are Rapier bodies coupled both ways with the
 *                 liquid (fluid/coupling.ts). After 3 s the steel ball must lie on the floor (its bottom
 *                 within 5 mm of it) and the wooden ball's immersion depth, averaged over 1–3 s (it
 *                 bobs with a period of about 0.9 s), must be within 10 % of Archimedes: the depth d
 *                 of a sphere's cap of volume (ρ_wood/ρ_water)·V, from d²(3r − d) = 4 r³ ρ_wood/ρ_water.
 *                 The water level is measured from the particles, away from both balls.
 *   dam break     a water column (a = h₀ = 0.5 m) against a tank's back wall; the surge front against
 *                 Ritter's shallow-water front speed 2√(g h₀). The front starts from rest, so it lags
 *                 Ritter early on; the row compares the mean front speed over t√(g/h₀) ∈ [1.3, 2.2]
 *                 and requires 60–105 % of Ritter (Ritter has no friction or vertical acceleration,
 *                 so it is an upper bound; measured 80 % at h = 4 cm).
 */
import { validateSceneSpec, type SceneSpec } from '../../scene/spec.ts';
import { buildFluid } from '../fluid/scene.ts';
import { CELL_FLUID, DEFAULT_CFL, MpmFluid } from '../fluid/mpm.ts';
import { liquidBodyVolumeM3, surgeFront } from '../fluid/analysis.ts';
import type { Vec3 } from '../../scene/geometry.ts';
import { linearFit } from './reference.ts';
import { MATERIALS } from '../../scene/materials.ts';
import { LIQUID_PRESETS } from '../../scene/liquids.ts';
import { Simulation } from '../simulate.ts';
import type { Rapier } from '../rapier.ts';
import type { ValidationRow } from './cases.ts';

const G = 9.81;

function row(group: string, quantity: string, expected: number, simulated: number, unit: string, tolerancePct: number | null, toleranceAbs: number, note?: string): ValidationRow {
  const errorPct = tolerancePct === null ? null : (Math.abs(simulated - expected) / Math.abs(expected)) * 100;
  const pass = errorPct === null ? Math.abs(simulated - expected) <= toleranceAbs : errorPct <= tolerancePct!;
  return { group, quantity, expected, simulated, unit, errorPct, tolerance: tolerancePct ?? toleranceAbs, pass, source: 'direct', prompt: '(fluid validation scene)', ...(note ? { note } : {}) };
}

const TANK_INNER_M: [Vec3, Vec3] = [[0, 0, 0], [0.4, 0.6, 0.2]];

/** The closed box: 0.4 × 0.6 × 0.2 m inside, h = 0.05 m, a 0.2 m wide, 0.5 m tall column on the left. */
export function closedTank(): MpmFluid {
  const h = 0.05;
  const f = new MpmFluid({
    gridSize: [10, 14, 6], cellM: h, originM: [-h, -h, -h], gravityMps2: [0, -G, 0], densityKgM3: 1000, viscosityPaS: 1e-3,
    particlesPerAxis: 2, cfl: DEFAULT_CFL,
  });
  f.fillBox([0, 0, 0], [0.2, 0.5, 0.2]);
  return f;
}

/** Liquid body volume of the closed tank's fluid, m³ (see the header). */
function tankVolumeM3(f: MpmFluid): number {
  return liquidBodyVolumeM3(f.positionsM(), f.count, TANK_INNER_M[0], TANK_INNER_M[1], f.config.cellM, 1 / f.particleVolumeM3);
}

export function tankRows(): ValidationRow[] {
  const f = closedTank();
  const dt = 1 / 240;
  const v0 = tankVolumeM3(f);
  let worst = 0, worstT = 0;
  for (let step = 1; step <= 2400; step++) {
    f.step(dt);
    if (step % 60 === 0) {
      const dv = Math.abs(tankVolumeM3(f) - v0) / v0;
      if (dv > worst) { worst = dv; worstT = step * dt; }
    }
  }
  const vEnd = tankVolumeM3(f);
  // Free surface per (x, z) column: the highest particle plus half a particle spacing.
  const h = f.config.cellM, spacing = h / f.config.particlesPerAxis;
  const tops = new Map<number, number>();
  for (let p = 0; p < f.count; p++) {
    const key = Math.floor(f.px[p]) * 1000 + Math.floor(f.pz[p]);
    tops.set(key, Math.max(tops.get(key) ?? -Infinity, f.py[p] * h + spacing / 2 - h));
  }
  const heights = [...tops.values()];
  const spread = Math.max(...heights) - Math.min(...heights);
  const surface = heights.reduce((a, b) => a + b, 0) / heights.length;
  // Hydrostatics: the pressure of every liquid cell against its centre's depth below that surface.
  const xs: number[] = [], ys: number[] = [];
  for (let c = 0; c < f.cellType.length; c++) {
    if (f.cellType[c] !== CELL_FLUID) continue;
    const y = Math.floor(c / f.nx) % f.ny;
    xs.push(surface - ((y + 0.5) * h - h));
    ys.push(f.cellPressurePa(c));
  }
  const fit = linearFit(xs, ys);
  return [
    row('fluid: volume', 'max |ΔV|/V over 10 s, a column collapsing and sloshing in a closed box', 0, worst * 100, '%', null, 2,
      `${f.count} particles, h = ${h} m; V of the liquid body from the particle positions every 0.25 s; worst at t = ${worstT.toFixed(2)} s; at 10 s ${((vEnd / v0 - 1) * 100).toFixed(2)} %`),
    row('fluid: at rest', 'surface spread across columns at 10 s', 0, spread, 'm', null, h / 2, `mean level ${surface.toFixed(4)} m; ${(v0 / 0.08).toFixed(4)} m from the initial volume`),
    row('fluid: at rest', 'hydrostatic dp/dz', 1000 * G, fit.slope, 'Pa/m', 5, 0, `pressure at the measured surface (the fit's intercept): ${fit.intercept.toFixed(0)} Pa`),
  ];
}

/** The example dam break (examples/dam-break.json's scene), built in code. */
export function damBreakSpec(cellM = 0.04, durationS = 0.6): SceneSpec {
  return validateSceneSpec({
    version: 1, seed: 1, durationS,
    bodies: [{ id: 'marker', name: 'marker', kind: 'cube', shape: { type: 'box', sizeM: [0.04, 0.04, 0.04] }, material: 'wood', fixed: true, positionM: [1.5, 0.02, 0.5] }],
    fluids: [{
      id: 'water', name: 'water column', liquid: 'water', action: 'flood', volumeL: 20, sourceId: 'tank',
      boxM: { minM: [-1.0, 0.04, -0.08], maxM: [-0.5, 0.54, 0.08] },
      domainM: { minM: [-1.08, -0.04, -0.16], maxM: [1.08, 0.84, 0.16] }, cellM,
    }],
    environment: { setting: 'studio', ground: { material: 'concrete' }, items: [{ id: 'tank', name: 'glass tank', kind: 'tank', material: 'glass', positionM: [0, 0, 0], sizeM: [2.08, 0.8, 0.24], wallM: 0.04 }] },
  });
}

export function damBreakRows(spec: SceneSpec = damBreakSpec()): ValidationRow[] {
  const fluid = buildFluid(spec, spec.fluids[0]);
  if (!fluid) throw new Error('dam break: fluid not built');
  const box = spec.fluids[0].boxM!;
  const h0 = box.maxM[1] - box.minM[1], a = box.maxM[0] - box.minM[0];
  const dt = spec.timestep.dtS;
  const samples: { t: number; x: number }[] = [];
  const steps = Math.round(spec.durationS / dt);
  for (let s = 1; s <= steps; s++) {
    fluid.step(dt, (s - 1) * dt);
    if (s % 12 === 0) samples.push({ t: s * dt, x: surgeFront(fluid.solver.positionsM(), fluid.solver.count, box.minM[0]) });
  }
  const scale = Math.sqrt(G / h0);
  const fitted = samples.filter((p) => p.t * scale >= 1.3 && p.t * scale <= 2.2);
  const fit = linearFit(fitted.map((p) => p.t), fitted.map((p) => p.x));
  const ritter = 2 * Math.sqrt(G * h0);
  const at = (T: number) => samples.reduce((best, p) => (Math.abs(p.t * scale - T) < Math.abs(best.t * scale - T) ? p : best));
  const early = [0.5, 1, 1.5, 2].map((T) => { const p = at(T); return `T=${T}: x=${p.x.toFixed(3)} m (Ritter ${(a + ritter * p.t).toFixed(3)})`; }).join(', ');
  return [row('fluid: dam break', `surge front speed, t√(g/h₀) ∈ [1.3, 2.2] (a = ${a} m, h₀ = ${h0} m)`, ritter, fit.slope, 'm/s', 40, 0,
    `front from the back wall: ${early}; h = ${spec.fluids[0].cellM} m`)];
}

const WOOD_RADIUS_M = 0.1, STEEL_RADIUS_M = 0.05, WATER_TOP_M = 0.2, TANK_FLOOR_M = 0.02;

/** Immersion depth of a floating sphere of radius r and density ratio ρ_body/ρ_liquid (Archimedes), m. */
export function archimedesSphereDepthM(radiusM: number, densityRatio: number): number {
  // The submerged cap's volume π d² (3r − d)/3 equals densityRatio · 4πr³/3; bisection on d/r in [0, 2].
  let lo = 0, hi = 2;
  for (let i = 0; i < 60; i++) {
    const x = (lo + hi) / 2;
    if (x * x * (3 - x) < 4 * densityRatio) lo = x; else hi = x;
  }
  return ((lo + hi) / 2) * radiusM;
}

/** The buoyancy scene (see the header): a tank of water, a wooden ball at its Archimedes depth, a steel ball under the surface. */
export function buoyancySpec(cellM = 0.025, durationS = 3): SceneSpec {
  const woodDepth = archimedesSphereDepthM(WOOD_RADIUS_M, MATERIALS.wood.densityKgM3 / LIQUID_PRESETS.water.densityKgM3);
  return validateSceneSpec({
    version: 1, seed: 1, durationS,
    bodies: [
      { id: 'wood', name: 'wooden ball', kind: 'ball', shape: { type: 'sphere', radiusM: WOOD_RADIUS_M }, material: 'wood', positionM: [-0.15, WATER_TOP_M + WOOD_RADIUS_M - woodDepth, 0] },
      { id: 'steel', name: 'steel ball', kind: 'ball', shape: { type: 'sphere', radiusM: STEEL_RADIUS_M }, material: 'steel', positionM: [0.17, WATER_TOP_M - STEEL_RADIUS_M - 0.01, 0] },
    ],
    fluids: [{ id: 'water', name: 'water', liquid: 'water', action: 'fill', volumeL: 35, sourceId: 'tank', boxM: { minM: [-0.3, TANK_FLOOR_M, -0.15], maxM: [0.3, WATER_TOP_M, 0.15] }, cellM }],
    environment: { setting: 'studio', ground: { material: 'concrete' }, items: [{ id: 'tank', name: 'glass tank', kind: 'tank', material: 'glass', positionM: [0, 0, 0], sizeM: [0.64, 0.45, 0.34], wallM: TANK_FLOOR_M }] },
  });
}

/** Mean height of the liquid's surface over the (x, z) cell columns farther than `clearM` from every given point, m. */
function liquidLevelM(f: MpmFluid, avoid: { xM: number; zM: number; clearM: number }[]): number {
  const h = f.config.cellM, [ox, oy, oz] = f.config.originM, spacing = h / f.config.particlesPerAxis;
  const tops = new Map<number, number>();
  for (let p = 0; p < f.count; p++) {
    const x = ox + f.px[p] * h, z = oz + f.pz[p] * h;
    if (avoid.some((a) => Math.hypot(x - a.xM, z - a.zM) < a.clearM)) continue;
    const key = Math.floor(f.px[p]) * 100000 + Math.floor(f.pz[p]);
    tops.set(key, Math.max(tops.get(key) ?? -Infinity, oy + f.py[p] * h + spacing / 2));
  }
  let sum = 0;
  for (const t of tops.values()) sum += t;
  return sum / tops.size;
}

export interface BuoyancyResult {
  /** Archimedes' immersion depth of the wooden ball, m. */
  expectedDepthM: number;
  /** Its immersion depth (measured level − the ball's lowest point), sampled every 0.05 s. */
  depthsM: { t: number; depthM: number }[];
  /** Mean of those over 1 s to the end, m. */
  meanDepthM: number;
  /** The steel ball's lowest point above the tank's inner floor at the end, m. */
  steelGapM: number;
}

/** Runs the buoyancy scene (see the header). */
export function runBuoyancy(rapier: Rapier, spec: SceneSpec = buoyancySpec()): BuoyancyResult {
  const sim = new Simulation(rapier, spec, spec.timestep.fps, { fluidEvery: 0 });
  try {
    const fluid = sim.fluidSolvers[0];
    const dt = spec.timestep.dtS, steps = Math.round(spec.durationS / dt), every = Math.round(0.05 / dt);
    const depthsM: BuoyancyResult['depthsM'] = [];
    let wood: Vec3 = [0, 0, 0], steel: Vec3 = [0, 0, 0];
    for (let step = every; step <= steps; step += every) {
      sim.runToStep(step);
      [wood, steel] = sim.bodyPositionsM();
      const level = liquidLevelM(fluid, [{ xM: wood[0], zM: wood[2], clearM: WOOD_RADIUS_M + 2 * fluid.config.cellM }, { xM: steel[0], zM: steel[2], clearM: STEEL_RADIUS_M + 2 * fluid.config.cellM }]);
      depthsM.push({ t: step * dt, depthM: level - (wood[1] - WOOD_RADIUS_M) });
    }
    const late = depthsM.filter((d) => d.t >= 1);
    return {
      expectedDepthM: archimedesSphereDepthM(WOOD_RADIUS_M, MATERIALS.wood.densityKgM3 / LIQUID_PRESETS.water.densityKgM3),
      depthsM,
      meanDepthM: late.reduce((s, d) => s + d.depthM, 0) / late.length,
      steelGapM: steel[1] - STEEL_RADIUS_M - TANK_FLOOR_M,
    };
  } finally {
    sim.dispose();
  }
}

export function buoyancyRows(rapier: Rapier): ValidationRow[] {
  const r = runBuoyancy(rapier);
  const late = r.depthsM.filter((d) => d.t >= 1).map((d) => d.depthM);
  return [
    row('fluid: buoyancy', 'wooden ball (700 kg/m³, r = 0.1 m): immersion depth, mean over 1–3 s', r.expectedDepthM, r.meanDepthM, 'm', 10, 0,
      `Archimedes; it bobs between ${Math.min(...late).toFixed(3)} and ${Math.max(...late).toFixed(3)} m; h = 0.025 m`),
    row('fluid: buoyancy', 'steel ball (r = 0.05 m): gap between it and the tank floor at 3 s', 0, r.steelGapM, 'm', null, 0.005, 'it sinks and rests on the floor'),
  ];
}

/** A 0.5 L-class glass (7.4 cm across, 11 cm tall) of `massKg`, half full of water (0.10 kg), standing on a wooden floor. */
export function glassOfWaterSpec(massKg: number): SceneSpec {
  return validateSceneSpec({
    version: 1, seed: 1,
    bodies: [{ id: 'glass', name: 'glass', kind: 'glass', shape: { type: 'cup', radiusM: 0.037, bottomRadiusM: 0.03, heightM: 0.11, wallM: 0.003, segments: 16 }, material: 'glass', massKg, positionM: [0, 0.055, 0] }],
    fluids: [{ id: 'water', name: 'water', liquid: 'water', action: 'rest', volumeL: 1, targetId: 'glass', fillFraction: 0.5, cellM: 0.006 }],
    environment: { ground: { material: 'wood' } },
  });
}

export interface ContainerWeightResult {
  waterKg: number;
  /** (m_glass + m_water) g, N. */
  expectedN: number;
  /** The floor's push on the glass, mean over the run's last 0.25 s, N. */
  supportN: number;
  /** The glass's fastest speed after the run's first 0.5 s, m/s (it should stay at rest). */
  fastestMps: number;
  /** The y component of its up axis at the end (1: upright). */
  upY: number;
  halted: boolean;
}

/** The container-weight run in fixed steps of 1/240 s: 3 s; at rest from 0.5 s; the force read over the last 0.25 s. */
const CONTAINER_WEIGHT = { steps: 720, restFromStep: 120, readFromStep: 660 } as const;

/**
 * Weighs a glass of water on the floor: the floor's push on the glass, read from Rapier's contacts,
 * against (m_glass + m_water) g. The liquid's weight reaches the floor only through the two-way
 * container coupling (fluid/coupling.ts).
 */
export function runContainerWeight(rapier: Rapier, massKg: number): ContainerWeightResult {
  const sim = new Simulation(rapier, glassOfWaterSpec(massKg), 60, { fluidEvery: 0 });
  try {
    const solver = sim.fluidSolvers[0];
    const waterKg = solver.count * solver.particleVolumeM3 * solver.config.densityKgM3;
    const { steps, restFromStep, readFromStep } = CONTAINER_WEIGHT;
    let supportN = 0, fastestMps = 0;
    for (let step = 1; step <= steps; step++) {
      sim.runToStep(step);
      const v = sim.frames[sim.frames.length - 1].velocitiesMps?.[0] ?? [0, 0, 0];
      if (step > restFromStep) fastestMps = Math.max(fastestMps, Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
      if (step > readFromStep) supportN += sim.verticalContactForceN(0) / (steps - readFromStep);
    }
    const [x, , z] = sim.frames[sim.frames.length - 1].quaternions[0];
    return { waterKg, expectedN: (massKg + waterKg) * G, supportN, fastestMps, upY: 1 - 2 * (x * x + z * z), halted: sim.halted !== null };
  } finally {
    sim.dispose();
  }
}

export function containerRows(rapier: Rapier): ValidationRow[] {
  return [0.25, 0.01].map((massKg) => {
    const r = runContainerWeight(rapier, massKg);
    return row('fluid: containers', `a ${massKg} kg glass half full of water (${r.waterKg.toFixed(3)} kg) on the floor: the floor's push on it`, r.expectedN, r.supportN, 'N', 2, 0,
      `(m_glass + m_water) g; water/glass mass ${(r.waterKg / massKg).toFixed(1)}; fastest speed after 0.5 s ${r.fastestMps.toExponential(1)} m/s`);
  });
}

/** Every fluid validation row. */
export function runFluidValidation(rapier: Rapier): ValidationRow[] {
  return [...tankRows(), ...buoyancyRows(rapier), ...containerRows(rapier), ...damBreakRows()];
}

