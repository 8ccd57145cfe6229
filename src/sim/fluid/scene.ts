/**
 * SceneSpec fluids → running fluid solvers (mpm.ts), one per simulated fluid, stepped inside the
 * fixed-step loop (sim/simulate.ts) and recorded as FluidFrames (frames.ts).
 *
 * A fluid is simulated when it says how the liquid enters (isSimulatedFluid); otherwise it stays
 * recorded only. The emitters:
 * - `boxM`: a block of liquid at rest at t = 0 (a tank's water, a dam's reservoir);
 * - `fillFraction`: the inside of its container (a cup or open-box body, or a tank item), filled to
 *   that fraction of its inner height along the container's own axis (a glass of whiskey, a bucket of
 *   water), moving with the container (at rest, or with a body's starting velocity v + ω × r: a
 *   bucket tipped over carries its water); the liquid then moves with the container (coupling.ts);
 * - `stream` (a tap, a pour): a disc of particles on the h/2 lattice every time the inflow has
 *   advanced by one particle spacing, so the inflow rate is πr²|v| up to the lattice's rounding;
 * - `drops` (a drip): a sphere of particles on the lattice every `everyS`.
 * Streams and drops run until `volumeL` has entered or `stopS`.
 *
 * For each simulated fluid:
 * - the domain is `domainM`, or the box round where the liquid starts (block, filled container,
 *   emitters) and the container it goes into (`targetId`: an item or a body), grown by two cells
 *   sideways and by half its height upwards, and reaching one cell below the ground; with
 *   `openSides`, liquid that reaches its x and z sides leaves the simulation;
 * - the cell is `cellM`, or the domain's longest side / 40, or finer to give a body that may float a
 *   radius of two cells (floatingBodyCellM); particles sit 2 per cell per axis;
 * - the static geometry (ground, items, fixed bodies) becomes solid cells (boundary.ts).
 */
import { SceneSpecError, type FluidSpec, type SceneSpec } from '../../scene/spec.ts';
import { boundingRadiusM, groundParts, itemParts, partsBounds, quaternionFromEulerDeg, rotateVec, multiplyQuat, partVolumeM3, shapeParts, shapeVolumeM3, type Part, type Quat, type Vec3 } from '../../scene/geometry.ts';
import { MATERIALS } from '../../scene/materials.ts';
import { DEFAULT_CFL, MpmFluid } from './mpm.ts';
import { rasterizeSolids } from './boundary.ts';
import { LIQUID_PRESETS, MAX_SIMULATED_VISCOSITY_PAS } from '../../scene/liquids.ts';
import { encodeFluidFrame, type FluidFrame } from './frames.ts';

export const PARTICLES_PER_AXIS = 2;
/** Hard ceiling on one fluid's particles (the CPU solver's budget). */
export const MAX_PARTICLES = 200_000;
/**
 * Most cells of one liquid's grid. The solver keeps about 150 bytes a cell (faces, pressure, masks: 151 MB
 * for a million, measured in Node), and at that size the pressure solve alone takes seconds per step on
 * a CPU; a glass tipped on a table once asked for 2.5 million, and the browser tab ran out of memory.
 * The largest grid a prompt makes now is about 180k cells.
 */
export const MAX_GRID_CELLS = 1_000_000;
/** Radius, in cells, a body that may float should have (floatingBodyCellM). */
export const FLOATING_BODY_CELLS = 2;
/**
 * Most particles a block of liquid gets refined to for a floating body (floatingBodyCellM): the half
 * full 1 m tank of "a wooden ball floats in a tank of water" becomes 42k particles on 2.4 cm cells,
 * 4 s in about 35 s on one core (100k took 55 s), the wooden ball still at Archimedes' depth (±5 %).
 */
export const FLOATING_PARTICLE_BUDGET = 50_000;

/**
 * ∛(3/4π): the radius of a sphere of the volume of a cube of side 1. A literal, because Math.cbrt
 * is not correctly rounded and gives different last bits in Node's and Chromium's V8, and the
 * radius goes into the timeline (whose hash must match). For the same reason this file uses only
 * +, −, ×, ÷, sqrt and floor on anything the simulation computes from (cf. mpm.ts), and rounds the
 * cells it derives with cube roots to 0.1 mm.
 */
const SPHERE_RADIUS_PER_CUBE_SIDE = 0.6203504908994;

/** What the timeline says about each simulated fluid. */
export interface TimelineFluid {
  id: string;
  liquid: FluidSpec['liquid'];
  densityKgM3: number;
  viscosityPaS: number;
  cellM: number;
  /** Radius of a sphere of one particle's rest volume, m (for point sprites). */
  particleRadiusM: number;
  color: [number, number, number];
  domainM: [Vec3, Vec3];
}

export interface FluidSnapshot {
  count: number;
  substeps: number;
  streamAdvanced: number;
  /** Drops emitted so far (absent without a drop emitter). */
  dropsEmitted?: number;
  /** px, py, pz, vx, vy, vz (count each) and C (9 × count), grid units. */
  state: number[][];
  /** The solver's per-cell pressure (its warm start), grid units. */
  pressure: number[];
}

interface Stream {
  originGrid: Vec3;
  velocityGrid: Vec3;
  /** Lattice offsets (cells) of one disc of particles across the stream. */
  disc: Vec3[];
  startS: number;
  stopS: number;
  maxParticles: number;
  /** Distance the inflow has advanced since the last disc, cells. */
  advanced: number;
}

interface Drops {
  originGrid: Vec3;
  velocityGrid: Vec3;
  /** Lattice offsets (cells) of one drop's particles from its centre. */
  ball: Vec3[];
  startS: number;
  everyS: number;
  stopS: number;
  maxParticles: number;
  /** Drops emitted so far. */
  emitted: number;
}

export class SimulatedFluid {
  constructor(readonly spec: FluidSpec, readonly solver: MpmFluid, readonly info: TimelineFluid, readonly stream: Stream | null, readonly drops: Drops | null = null) {}

  /** One fixed step from timeS: the emitters, then the solver. */
  step(dtS: number, timeS: number): void {
    this.emit(dtS, timeS);
    this.solver.step(dtS);
  }

  /** Adds the particles the emitters let in over the fixed step from timeS (appended to the solver's). */
  emit(dtS: number, timeS: number): void {
    const d = this.drops;
    // Drop k is due at startS + k·everyS; a step emits every drop due by its start.
    while (d && timeS < d.stopS && this.solver.count < d.maxParticles && timeS >= d.startS + d.emitted * d.everyS - 1e-9) {
      for (const o of d.ball) {
        this.solver.addParticle(d.originGrid[0] + o[0], d.originGrid[1] + o[1], d.originGrid[2] + o[2], d.velocityGrid[0], d.velocityGrid[1], d.velocityGrid[2]);
      }
      d.emitted++;
    }
    const s = this.stream;
    if (s && timeS >= s.startS && timeS < s.stopS && this.solver.count < s.maxParticles) {
      const [ux, uy, uz] = s.velocityGrid, speed = Math.sqrt(ux * ux + uy * uy + uz * uz);
      s.advanced += speed * dtS;
      const spacing = 1 / PARTICLES_PER_AXIS;
      const dir: Vec3 = [s.velocityGrid[0] / speed, s.velocityGrid[1] / speed, s.velocityGrid[2] / speed];
      while (s.advanced >= spacing && this.solver.count < s.maxParticles) {
        s.advanced -= spacing;
        // This disc entered `advanced` ago: it has travelled that far along the stream already.
        for (const o of s.disc) {
          this.solver.addParticle(
            s.originGrid[0] + o[0] + dir[0] * s.advanced, s.originGrid[1] + o[1] + dir[1] * s.advanced, s.originGrid[2] + o[2] + dir[2] * s.advanced,
            s.velocityGrid[0], s.velocityGrid[1], s.velocityGrid[2]);
        }
      }
    }
  }

  /** The solver's whole state, as plain data (for Simulation snapshots). */
  snapshot(): FluidSnapshot {
    const s = this.solver, n = s.count;
    return {
      count: n, substeps: s.substeps, streamAdvanced: this.stream?.advanced ?? 0,
      ...(this.drops ? { dropsEmitted: this.drops.emitted } : {}),
      state: [s.px, s.py, s.pz, s.vx, s.vy, s.vz].map((a) => Array.from(a.subarray(0, n))).concat([Array.from(s.c.subarray(0, n * 9))]),
      pressure: Array.from(s.pressure),
    };
  }

  restore(snap: FluidSnapshot): void {
    const s = this.solver;
    s.count = 0;
    for (let p = 0; p < snap.count; p++) {
      s.forceParticle(snap.state[0][p], snap.state[1][p], snap.state[2][p], snap.state[3][p], snap.state[4][p], snap.state[5][p]);
      s.c.set(snap.state[6].slice(p * 9, p * 9 + 9), p * 9);
    }
    s.pressure.set(snap.pressure);
    s.substeps = snap.substeps;
    if (this.stream) this.stream.advanced = snap.streamAdvanced;
    if (this.drops) this.drops.emitted = snap.dropsEmitted ?? 0;
  }

  frame(t: number): FluidFrame {
    return encodeFluidFrame(t, this.spec.id, this.solver.positionsM(), this.solver.count, this.info.domainM);
  }
}

/** Static parts the liquid meets: the ground, the environment items and the fixed bodies. */
export function staticFluidParts(spec: SceneSpec): Part[] {
  const parts: Part[] = [
    ...(spec.environment.ground ? groundParts(spec.environment.ground) : []),
    ...spec.environment.items.flatMap(itemParts),
  ];
  for (const body of spec.bodies) {
    if (!body.fixed) continue;
    const q = quaternionFromEulerDeg(body.rotationDeg);
    for (const part of shapeParts(body.shape)) {
      const r = rotateVec(part.positionM, q);
      parts.push({ shape: part.shape, positionM: [body.positionM[0] + r[0], body.positionM[1] + r[1], body.positionM[2] + r[2]], quaternion: multiplyQuat(q, part.quaternion) });
    }
  }
  return parts;
}

/** True when a fluid says how its liquid enters the simulation (see the header). */
export function isSimulatedFluid(fluid: FluidSpec): boolean {
  return fluid.boxM !== undefined || fluid.fillFraction !== undefined || fluid.stream !== undefined || fluid.drops !== undefined;
}

/** Bounds of the container a fluid names (an item or a body), world space. */
function containerBounds(spec: SceneSpec, id: string | undefined): [Vec3, Vec3] | null {
  if (!id) return null;
  const item = spec.environment.items.find((i) => i.id === id);
  if (item) return partsBounds(itemParts(item));
  const body = spec.bodies.find((b) => b.id === id);
  if (!body) return null;
  const q = quaternionFromEulerDeg(body.rotationDeg);
  const [min, max] = partsBounds(shapeParts(body.shape).map((p) => ({ ...p, positionM: rotateVec(p.positionM, q), quaternion: multiplyQuat(q, p.quaternion) })));
  return [[min[0] + body.positionM[0], min[1] + body.positionM[1], min[2] + body.positionM[2]], [max[0] + body.positionM[0], max[1] + body.positionM[1], max[2] + body.positionM[2]]];
}

/** The liquid of a filled container at t = 0: a test for world points, and its world bounds. */
export interface FillRegion {
  contains(pointM: Vec3): boolean;
  boundsM: [Vec3, Vec3];
  /** The region's volume, m³. */
  volumeM3: number;
  /** The container's velocity at a world point at t = 0 (a body's v + ω × r about its centre of mass), m/s; absent when at rest. */
  velocityMps?: (pointM: Vec3) => Vec3;
}

/**
 * The inside of a fluid's container (`sourceId`, else `targetId`) up to `fillFraction` of its inner
 * height, in the container's own frame: a cup body's tapered round inside (inside its walls and above
 * its base), an open-box body's or a tank item's box inside. Null when there is no such container.
 */
export function fillRegion(spec: SceneSpec, fluid: FluidSpec): FillRegion | null {
  if (fluid.fillFraction === undefined) return null;
  const id = fluid.sourceId ?? fluid.targetId;
  const f = fluid.fillFraction;
  let origin: Vec3, q: Quat, lo: Vec3, hi: Vec3, volumeM3: number;
  let round: ((y: number) => number) | null = null;
  const body = spec.bodies.find((b) => b.id === id);
  const item = spec.environment.items.find((i) => i.id === id);
  if (body && body.shape.type === 'cup') {
    const { radiusM, heightM, wallM } = body.shape, bottomM = body.shape.bottomRadiusM ?? radiusM;
    const y0 = -heightM / 2 + wallM, y1 = y0 + f * (heightM - wallM);
    // The inner radius at height y of the body frame: the wall's inner face.
    round = (y) => bottomM + ((radiusM - bottomM) * (y + heightM / 2)) / heightM - wallM;
    const r1 = round(y1), r0 = round(y0);
    origin = body.positionM; q = quaternionFromEulerDeg(body.rotationDeg);
    lo = [-r1, y0, -r1]; hi = [r1, y1, r1];
    volumeM3 = (Math.PI * (y1 - y0) * (r0 * r0 + r0 * r1 + r1 * r1)) / 3;
  } else if (body && body.shape.type === 'open-box') {
    const [sx, sy, sz] = body.shape.sizeM, w = body.shape.wallM;
    const y0 = -sy / 2 + w;
    origin = body.positionM; q = quaternionFromEulerDeg(body.rotationDeg);
    lo = [-sx / 2 + w, y0, -sz / 2 + w]; hi = [sx / 2 - w, y0 + f * (sy - w), sz / 2 - w];
    volumeM3 = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  } else if (item && item.kind === 'tank') {
    const [sx, sy, sz] = item.sizeM, w = item.wallM;
    origin = item.positionM; q = quaternionFromEulerDeg([0, item.yawDeg, 0]);
    lo = [-sx / 2 + w, w, -sz / 2 + w]; hi = [sx / 2 - w, w + f * (sy - w), sz / 2 - w];
    volumeM3 = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  } else return null;
  const inverse: Quat = [-q[0], -q[1], -q[2], q[3]];
  const contains = (p: Vec3) => {
    const l = rotateVec([p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]], inverse);
    if (l[1] < lo[1] || l[1] > hi[1]) return false;
    if (round) { const r = round(l[1]); return l[0] * l[0] + l[2] * l[2] < r * r; }
    return l[0] > lo[0] && l[0] < hi[0] && l[2] > lo[2] && l[2] < hi[2];
  };
  const min: Vec3 = [Infinity, Infinity, Infinity], max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const w = rotateVec([c & 1 ? hi[0] : lo[0], c & 2 ? hi[1] : lo[1], c & 4 ? hi[2] : lo[2]], q);
    for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k], origin[k] + w[k]); max[k] = Math.max(max[k], origin[k] + w[k]); }
  }
  return { contains, boundsM: [min, max], volumeM3, ...(body ? rigidVelocity(body) : {}) };
}

/**
 * A body's starting velocity field, v + ω × (x − c), with c its centre of mass (its parts' centres
 * weighted by volume, as world.ts gives each part its share of the mass by volume), or nothing when
 * it starts at rest.
 */
function rigidVelocity(body: SceneSpec['bodies'][number]): { velocityMps?: (pointM: Vec3) => Vec3 } {
  const v = body.linearVelocityMps, w = body.angularVelocityRadps;
  if (v.every((x) => x === 0) && w.every((x) => x === 0)) return {};
  const q = quaternionFromEulerDeg(body.rotationDeg);
  let volume = 0;
  const local: Vec3 = [0, 0, 0];
  for (const part of shapeParts(body.shape)) {
    const pv = partVolumeM3(part.shape);
    volume += pv;
    for (let k = 0; k < 3; k++) local[k] += pv * part.positionM[k];
  }
  const r = rotateVec([local[0] / volume, local[1] / volume, local[2] / volume], q);
  const c: Vec3 = [body.positionM[0] + r[0], body.positionM[1] + r[1], body.positionM[2] + r[2]];
  return {
    velocityMps: (p) => {
      const x = p[0] - c[0], y = p[1] - c[1], z = p[2] - c[2];
      return [v[0] + w[1] * z - w[2] * y, v[1] + w[2] * x - w[0] * z, v[2] + w[0] * y - w[1] * x];
    },
  };
}

/** Builds a solver for one fluid spec, or null when it is recorded only. */
export function buildFluid(spec: SceneSpec, fluid: FluidSpec, parts: readonly Part[] = staticFluidParts(spec)): SimulatedFluid | null {
  if (!isSimulatedFluid(fluid)) return null;
  const fill = fillRegion(spec, fluid);
  if (fluid.fillFraction !== undefined && !fill) throw new RangeError(`fluids: ${fluid.id} has fillFraction but no container to fill (sourceId or targetId must name a cup or open-box body, or a tank item)`);
  const preset = LIQUID_PRESETS[fluid.liquid];
  const viscosityPaS = Math.min(fluid.viscosityPaS ?? preset.viscosityPaS, MAX_SIMULATED_VISCOSITY_PAS);
  // What the liquid occupies or passes through.
  const min: Vec3 = [Infinity, Infinity, Infinity], max: Vec3 = [-Infinity, -Infinity, -Infinity];
  const include = (a: Vec3, b: Vec3) => { for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k], a[k]); max[k] = Math.max(max[k], b[k]); } };
  if (fluid.boxM) include(fluid.boxM.minM, fluid.boxM.maxM);
  if (fill) include(...fill.boundsM);
  for (const e of [fluid.stream, fluid.drops]) {
    if (!e) continue;
    const o = e.originM, r = e.radiusM;
    include([o[0] - r, o[1] - r, o[2] - r], [o[0] + r, o[1] + r, o[2] + r]);
  }
  // The container the liquid starts in (when filled) and the one it goes into; not the jug it pours from.
  for (const id of [fill ? (fluid.sourceId ?? fluid.targetId) : undefined, fluid.targetId]) {
    const b = containerBounds(spec, id);
    if (b) include(b[0], b[1]);
  }
  let domainMin: Vec3, domainMax: Vec3, cellM: number;
  if (fluid.domainM) {
    domainMin = [...fluid.domainM.minM]; domainMax = [...fluid.domainM.maxM];
    cellM = fluid.cellM ?? Math.max(...[0, 1, 2].map((k) => domainMax[k] - domainMin[k])) / 40;
  } else {
    const height = max[1] - Math.min(min[1], 0);
    cellM = fluid.cellM ?? Math.min(Math.max(max[0] - min[0], max[2] - min[2], height * 1.5) / 40, floatingBodyCellM(spec, fluid, [min, max], fill?.volumeM3));
    domainMin = [min[0] - 2 * cellM, spec.environment.ground ? Math.min(min[1], 0) - cellM : min[1] - 2 * cellM, min[2] - 2 * cellM];
    domainMax = [max[0] + 2 * cellM, max[1] + Math.max(0.5 * height, 2 * cellM), max[2] + 2 * cellM];
  }
  // Snap the grid to multiples of the cell so that y = 0 (the ground) falls on a cell face.
  const originM: Vec3 = [0, 1, 2].map((k) => Math.floor(domainMin[k] / cellM + 1e-6) * cellM) as Vec3;
  const gridSize = [0, 1, 2].map((k) => Math.max(4, Math.ceil((domainMax[k] - originM[k]) / cellM))) as [number, number, number];
  const cells = gridSize[0] * gridSize[1] * gridSize[2];
  if (!(cells <= MAX_GRID_CELLS)) {
    throw new SceneSpecError([`fluids: ${fluid.id}'s grid would be ${gridSize.join(' × ')} cells of ${formatCellM(cellM)}, more than the ${MAX_GRID_CELLS / 1e6} million the solver can hold: give it a larger cellM or a smaller domainM`]);
  }
  const solid = rasterizeSolids({ gridSize, cellM, originM }, parts);
  const solver = new MpmFluid({
    gridSize, cellM, originM, gravityMps2: spec.gravity, densityKgM3: preset.densityKgM3, viscosityPaS,
    particlesPerAxis: PARTICLES_PER_AXIS, cfl: DEFAULT_CFL, openSides: fluid.openSides ?? false,
  }, solid);
  const particleLimit = Math.min(MAX_PARTICLES, Math.ceil((fluid.volumeL / 1000) / solver.particleVolumeM3));
  if (fluid.boxM) solver.fillBox(fluid.boxM.minM, fluid.boxM.maxM);
  if (fill) {
    const first = solver.count;
    solver.fillBox(fill.boundsM[0], fill.boundsM[1], [0, 0, 0], fill.contains);
    if (fill.velocityMps) {
      const [ox, oy, oz] = originM;
      for (let p = first; p < solver.count; p++) {
        const v = fill.velocityMps([ox + solver.px[p] * cellM, oy + solver.py[p] * cellM, oz + solver.pz[p] * cellM]);
        solver.vx[p] = v[0] / cellM; solver.vy[p] = v[1] / cellM; solver.vz[p] = v[2] / cellM;
      }
    }
  }
  let stream: Stream | null = null;
  if (fluid.stream) {
    const st = fluid.stream;
    const v: Vec3 = [st.velocityMps[0] / cellM, st.velocityMps[1] / cellM, st.velocityMps[2] / cellM];
    stream = {
      originGrid: [solver.toGrid(st.originM[0], 0), solver.toGrid(st.originM[1], 1), solver.toGrid(st.originM[2], 2)],
      velocityGrid: v,
      disc: discLattice(v, st.radiusM / cellM, 1 / PARTICLES_PER_AXIS),
      startS: st.startS,
      stopS: st.stopS ?? Infinity,
      maxParticles: solver.count + particleLimit,
      advanced: 0,
    };
  }
  let drops: Drops | null = null;
  if (fluid.drops) {
    const d = fluid.drops;
    drops = {
      originGrid: [solver.toGrid(d.originM[0], 0), solver.toGrid(d.originM[1], 1), solver.toGrid(d.originM[2], 2)],
      velocityGrid: [d.velocityMps[0] / cellM, d.velocityMps[1] / cellM, d.velocityMps[2] / cellM],
      ball: ballLattice(d.radiusM / cellM, 1 / PARTICLES_PER_AXIS),
      startS: d.startS, everyS: d.everyS, stopS: d.stopS ?? Infinity,
      maxParticles: solver.count + particleLimit,
      emitted: 0,
    };
  }
  const info: TimelineFluid = {
    id: fluid.id, liquid: fluid.liquid, densityKgM3: preset.densityKgM3, viscosityPaS, cellM,
    particleRadiusM: (cellM / PARTICLES_PER_AXIS) * SPHERE_RADIUS_PER_CUBE_SIDE,
    color: preset.color,
    domainM: [originM, [originM[0] + gridSize[0] * cellM, originM[1] + gridSize[1] * cellM, originM[2] + gridSize[2] * cellM]],
  };
  return new SimulatedFluid(fluid, solver, info, stream, drops);
}

/**
 * The cell that resolves the bodies that may float in this liquid: a dynamic body lighter than the
 * liquid, inside the liquid's region, needs a radius (of the sphere of its volume) of about FLOATING_BODY_CELLS cells for its
 * buoyancy to come out near Archimedes' (coupling.ts rasterises bodies by cell centres; the buoyancy
 * validation measures 1 % off at 2 cells, 3 % at 4). Denser bodies sink either way and do not count.
 * No finer than the block of liquid allows within FLOATING_PARTICLE_BUDGET particles; Infinity when
 * there is no such body.
 */
function floatingBodyCellM(spec: SceneSpec, fluid: FluidSpec, [min, max]: [Vec3, Vec3], fillVolumeM3?: number): number {
  const liquidDensity = LIQUID_PRESETS[fluid.liquid].densityKgM3;
  let cell = Infinity;
  for (const body of spec.bodies) {
    if (body.fixed) continue;
    const volume = shapeVolumeM3(body.shape);
    const density = (body.massKg ?? MATERIALS[body.material].densityKgM3 * volume) / volume;
    const reach = boundingRadiusM(body.shape), p = body.positionM;
    if (density >= liquidDensity || [0, 1, 2].some((k) => p[k] + reach < min[k] || p[k] - reach > max[k])) continue;
    // The radius of the sphere of the body's volume.
    cell = Math.min(cell, roundCellM(Math.cbrt((3 * volume) / (4 * Math.PI)) / FLOATING_BODY_CELLS));
  }
  const box = fluid.boxM;
  const volume = (box ? (box.maxM[0] - box.minM[0]) * (box.maxM[1] - box.minM[1]) * (box.maxM[2] - box.minM[2]) : 0) + (fillVolumeM3 ?? 0);
  if (cell === Infinity || volume === 0) return cell;
  return Math.max(cell, roundCellM(Math.cbrt((volume * PARTICLES_PER_AXIS * PARTICLES_PER_AXIS * PARTICLES_PER_AXIS) / FLOATING_PARTICLE_BUDGET)));
}

/** A cell size for a message: millimetres. */
function formatCellM(cellM: number): string {
  return `${Math.round(cellM * 1e4) / 10} mm`;
}

/** A cell size rounded to 0.1 mm (a cube root's last bits differ between engines; see SPHERE_RADIUS_PER_CUBE_SIDE). */
function roundCellM(cellM: number): number {
  return Math.round(cellM * 1e4) / 1e4;
}

/** Square-lattice points (spacing s) within radius r of the axis, in the plane across direction v. */
function discLattice(v: Vec3, r: number, s: number): Vec3[] {
  const len = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (len === 0) return [];
  const d: Vec3 = [v[0] / len, v[1] / len, v[2] / len];
  // Two unit vectors across d.
  const a: Vec3 = Math.abs(d[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const u: Vec3 = [d[1] * a[2] - d[2] * a[1], d[2] * a[0] - d[0] * a[2], d[0] * a[1] - d[1] * a[0]];
  const ul = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]); u[0] /= ul; u[1] /= ul; u[2] /= ul;
  const w: Vec3 = [d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2], d[0] * u[1] - d[1] * u[0]];
  const out: Vec3[] = [];
  const n = Math.ceil(r / s);
  for (let j = -n; j <= n; j++) for (let i = -n; i <= n; i++) {
    const x = (i + 0.5) * s, y = (j + 0.5) * s;
    if (x * x + y * y > r * r) continue;
    out.push([u[0] * x + w[0] * y, u[1] * x + w[1] * y, u[2] * x + w[2] * y]);
  }
  if (out.length === 0) out.push([0, 0, 0]);
  return out;
}

/** Lattice points (spacing s, cells) within radius r of the centre: one drop. */
function ballLattice(r: number, s: number): Vec3[] {
  const out: Vec3[] = [];
  const n = Math.ceil(r / s);
  for (let k = -n; k < n; k++) for (let j = -n; j < n; j++) for (let i = -n; i < n; i++) {
    const x = (i + 0.5) * s, y = (j + 0.5) * s, z = (k + 0.5) * s;
    if (x * x + y * y + z * z <= r * r) out.push([x, y, z]);
  }
  if (out.length === 0) out.push([0, 0, 0]);
  return out;
}

/** Every simulated fluid of a scene. */
export function buildFluids(spec: SceneSpec): SimulatedFluid[] {
  if (!spec.fluids.some(isSimulatedFluid)) return [];
  const parts = staticFluidParts(spec);
  return spec.fluids.map((f) => buildFluid(spec, f, parts)).filter((f): f is SimulatedFluid => f !== null);
}
