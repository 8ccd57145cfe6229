/**
 * Staging for the liquid scenes a prompt describes (the fluids issue): a jug held over a glass and
 * pouring into it, a container tipped over the edge of its base, drops falling onto a plate, and the
 * channel of a dam break. The parser (parser.ts readFluids) finds the roles in the prompt (the
 * container a liquid is in, the one it pours from, the one it goes into or onto) and calls these;
 * they are pure functions of shapes and positions, so tests can rely on where things start.
 *
 * Particle budgets. Each staged liquid gets the cell that makes it about `budget` particles (2 per
 * cell per axis: V = N h³ / 8). The CPU solver runs 0.4–0.8 M particle-substeps per second with
 * bodies coupled, and a splash or a fall of 10–20 cm takes 2–10 substeps per 1/240 s step (Courant
 * 0.1), so a 4 s clip (960 steps) of a few thousand particles simulates in 10–30 s, before playback
 * in the browser. The budgets below keep each prompt's clip there, coarse as that is (a glass is
 * about ten cells across).
 *
 * Geometry: y up, the ground's top at y = 0, a body's position is its shape's centre (scene/spec.ts).
 */
import type { Vec3 } from './geometry.ts';
import type { Shape } from './spec.ts';

type CupShape = Extract<Shape, { type: 'cup' }>;

const DEG = Math.PI / 180;

/** Particles for a container of liquid at rest (a glass of whiskey, a bucket of water). */
export const FILL_PARTICLE_BUDGET = 5000;
/** Particles for a container that tips over and spills (the spill spreads thin over many cells). */
export const SPILL_PARTICLE_BUDGET = 2500;
/**
 * Cells of a spill's grid, at most: the grid covers where the spill may run, which for a small
 * container is hundreds of times its contents, and a 4 s clip on a grid this size (the bucket's) takes
 * 10–20 s on one core. A glass's spill at its particle budget's cells would take 135k cells and 340 s.
 */
export const SPILL_GRID_CELLS = 32_000;
/**
 * A body that goes into the liquid (an ice cube into a glass) spans at least this many cells across
 * (the diameter of the sphere of its volume): a 2.5 cm ice cube (917 kg/m³) in whiskey (950 kg/m³),
 * a 3.5 % margin, floated at 5.1 and 6.1 cells across.
 */
export const BODY_CELLS_ACROSS = 5;
/** Particles for a pour into a container (they enter over the clip, so the mean is about half). */
export const POUR_PARTICLE_BUDGET = 2500;
/** Particles for the water column of a dam break. */
export const DAM_PARTICLE_BUDGET = 6000;
/** How full "a glass of whiskey", "a bucket of water" is. */
export const CONTAINER_FILL_FRACTION = 0.5;
/** A pour fills the container it goes into to this fraction of its volume. */
export const POUR_FILL_FRACTION = 0.6;

/** The cell that makes `volumeM3` of liquid about `budget` particles, rounded to 0.1 mm. */
export function budgetCellM(volumeM3: number, budget: number): number {
  return Math.round(Math.cbrt((8 * volumeM3) / budget) * 1e4) / 1e4;
}

/** Inner radius of a container's opening: a cup's rim inside its wall, an open box's shorter half side. */
export function innerRadiusM(shape: Shape): number {
  if (shape.type === 'cup') return shape.radiusM - shape.wallM;
  if (shape.type === 'open-box') return Math.min(shape.sizeM[0], shape.sizeM[2]) / 2 - shape.wallM;
  return 0;
}

/**
 * Volume of liquid a cup or open box holds filled to `fraction` of its inner height (above its base,
 * inside its walls: a tapered cup is a frustum), m³. The fluid solver fills the same region
 * (sim/fluid/scene.ts fillRegion).
 */
export function containerVolumeM3(shape: Shape, fraction: number): number {
  if (shape.type === 'open-box') {
    const [sx, sy, sz] = shape.sizeM, w = shape.wallM;
    return (sx - 2 * w) * (sz - 2 * w) * fraction * (sy - w);
  }
  if (shape.type !== 'cup') return 0;
  const { radiusM, heightM, wallM } = shape, bottomM = shape.bottomRadiusM ?? radiusM;
  const inner = (y: number) => bottomM + ((radiusM - bottomM) * y) / heightM - wallM; // y above the cup's bottom
  const r0 = inner(wallM), r1 = inner(wallM + fraction * (heightM - wallM)), depth = fraction * (heightM - wallM);
  return (Math.PI * depth * (r0 * r0 + r0 * r1 + r1 * r1)) / 3;
}

/** How far a jug is tilted to pour, degrees about z (its opening turned towards −x): past level, so it empties. */
export const POUR_TILT_DEG = 150;
/** The tilt by which its lip has arrived over the container it pours into, degrees (before any liquid reaches the lip). */
const LIP_IN_PLACE_DEG = 60;
/** How long the hand takes to tilt it all the way, s, and how often the path gives a pose. */
export const POUR_TILT_S = 1.5;
const POUR_POSE_EVERY_S = 0.1;

/**
 * A jug (a cup shape) holding `volumeM3` of liquid, standing just right (+x) of a container whose rim
 * centre is `rimM` and whose bottom is at `baseY`, tilted by a hand to POUR_TILT_DEG over
 * POUR_TILT_S (eased in and out). The hand turns it about its lip, the rim point on the container's
 * side, and meanwhile carries that lip from where it starts to 3 cm above the container's rim, 0.4 of
 * the way from its centre to its wall, arriving by LIP_IN_PLACE_DEG of tilt: the liquid then runs out
 * over the lip and falls into the container. Returns the jug's starting position, its path (a pose
 * every POUR_POSE_EVERY_S), the fill fraction that holds `volumeM3`, and the box the liquid can reach
 * before it leaves the lip: the jug's starting fill, and at most its depth above the lip as the jug
 * turns (the liquid lies at the jug's lowest inside point, which rises to the lip by 90°; the jug's
 * far end, which swings higher, is empty by then).
 */
export function tiltingJugPour(jug: CupShape, rimM: Vec3, innerRadiusM: number, outerRadiusM: number, baseY: number, volumeM3: number): {
  positionM: Vec3; path: { tS: number; positionM: Vec3; rotationDeg: Vec3 }[]; fillFraction: number; liquidM: { minM: Vec3; maxM: Vec3 };
} {
  const start: Vec3 = [rimM[0] + outerRadiusM + 0.01, baseY + jug.heightM + 0.005, rimM[2]];
  const pour: Vec3 = [rimM[0] + 0.4 * innerRadiusM, rimM[1] + 0.03, rimM[2]];
  const ease = (u: number) => { const v = Math.min(1, Math.max(0, u)); return v * v * (3 - 2 * v); };
  // The lip is the rim point (−r, h/2, 0) of the jug's own frame: turned by θ about z, the centre is the lip less that point turned.
  const centreAt = (deg: number): Vec3 => {
    const t = deg * DEG, c = Math.cos(t), sn = Math.sin(t), x = -jug.radiusM, y = jug.heightM / 2, w = ease(deg / LIP_IN_PLACE_DEG);
    const lip = [0, 1, 2].map((k) => start[k] + (pour[k] - start[k]) * w);
    return [lip[0] - (x * c - y * sn), lip[1] - (x * sn + y * c), lip[2]];
  };
  const steps = Math.round(POUR_TILT_S / POUR_POSE_EVERY_S);
  const path = Array.from({ length: steps }, (_, i) => {
    const tS = Math.round((i + 1) * POUR_POSE_EVERY_S * 1e6) / 1e6;
    const deg = Math.round(POUR_TILT_DEG * ease(tS / POUR_TILT_S) * 1e3) / 1e3; // to 0.001°
    return { tS, positionM: centreAt(deg), rotationDeg: [0, 0, deg] as Vec3 };
  });
  // The fill that holds the pour: containerVolumeM3 grows with the fraction, so bisect.
  let lo = 0, hi = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (containerVolumeM3(jug, mid) < volumeM3) lo = mid; else hi = mid;
  }
  const depthM = hi * jug.heightM;
  const liquidM = {
    minM: [Math.min(start[0], pour[0]) - depthM, baseY, start[2] - jug.radiusM] as Vec3,
    maxM: [start[0] + 2 * jug.radiusM, Math.max(start[1], pour[1]) + depthM + jug.heightM / 2, start[2] + jug.radiusM] as Vec3,
  };
  return { positionM: centreAt(0), path, fillFraction: Math.round(hi * 1e4) / 1e4, liquidM };
}

/**
 * The liquid a cup or open box holds filled to `fraction` (the region sim/fluid/scene.ts fills): its
 * volume, its centre's height above the container's bottom, and its squared radius of gyration about
 * a horizontal axis through that centre (a frustum's mean radius r: r²/4 + D²/12; an open box tipping
 * about z, inner width a along x: (a² + D²)/12, D the depth), m². Null for any other shape.
 */
export function containerContents(shape: Shape, fraction: number): { volumeM3: number; centreHeightM: number; gyrationM2: number } | null {
  if (shape.type === 'open-box') {
    const [sx, sy] = shape.sizeM, w = shape.wallM, depth = fraction * (sy - w), a = sx - 2 * w;
    return { volumeM3: containerVolumeM3(shape, fraction), centreHeightM: w + depth / 2, gyrationM2: (a * a + depth * depth) / 12 };
  }
  if (shape.type !== 'cup') return null;
  const { radiusM, heightM, wallM } = shape, bottomM = shape.bottomRadiusM ?? radiusM;
  const inner = (y: number) => bottomM + ((radiusM - bottomM) * y) / heightM - wallM; // y above the cup's bottom
  const depth = fraction * (heightM - wallM), r0 = inner(wallM), r1 = inner(wallM + depth), sum = r0 * r0 + r0 * r1 + r1 * r1;
  // A frustum's centroid above its narrow end: D (r0² + 2 r0 r1 + 3 r1²) / (4 (r0² + r0 r1 + r1²)).
  const centre = (depth * (r0 * r0 + 2 * r0 * r1 + 3 * r1 * r1)) / (4 * sum);
  return { volumeM3: containerVolumeM3(shape, fraction), centreHeightM: wallM + centre, gyrationM2: sum / 12 + (depth * depth) / 12 };
}

/**
 * A body tipped over the edge of its base towards +x: it turns about that edge (angular velocity
 * −ω about z, and the centre's velocity ω × r, r from the edge to the centre), ω = 1.3 ω_min, where
 * ω_min carries the centre of mass over the edge: ½ I_edge ω² = m g Δh with Δh = d − c, d = √(b² + c²),
 * and I_edge = (4/3) m d² (a solid box of half width b and half height c about its edge; a
 * thin-walled container has more of its mass away from the edge, hence the margin). A container's
 * `load` (the liquid it holds, as if frozen: mass, centre height above the edge, squared radius of
 * gyration) lowers the centre of mass and adds m_l (d_l² + k²) to I_edge (since its weight counts,
 * sim/fluid/coupling.ts, a half-full bucket needs about 1.6 times the empty one's spin).
 */
export function tipOverEdge(halfWidthM: number, centreHeightM: number, gMps2: number, load?: { bodyMassKg: number; massKg: number; centreHeightM: number; gyrationM2: number }): { angularVelocityRadps: Vec3; linearVelocityMps: Vec3; spinRadps: number } {
  const b = halfWidthM, c = centreHeightM, d = Math.hypot(b, c);
  let spin = Math.round(((1.3 * Math.sqrt(1.5 * Math.abs(gMps2) * (d - c))) / d) * 10) / 10;
  if (load && load.massKg > 0) {
    const mb = load.bodyMassKg, ml = load.massKg, total = mb + ml;
    const cm = (mb * c + ml * load.centreHeightM) / total, dm = Math.hypot(b, cm), dl2 = b * b + load.centreHeightM * load.centreHeightM;
    const inertia = (4 / 3) * mb * d * d + ml * (dl2 + load.gyrationM2);
    spin = Math.round(1.3 * Math.sqrt((2 * total * Math.abs(gMps2) * (dm - cm)) / inertia) * 10) / 10;
  }
  return { angularVelocityRadps: [0, 0, -spin], linearVelocityMps: [spin * c, spin * b, 0], spinRadps: spin };
}

/** Drops of a viscous liquid: their radius, the cell that resolves them, the fall and the interval. */
export const DROP_RADIUS_M = 0.008;
export const DROP_CELL_M = 0.0062;
export const DROP_FALL_M = 0.1;
export const DROP_EVERY_S = 0.3;
/** How far round the drip the liquid is simulated (it spreads slowly). */
export const DRIP_REACH_M = 0.07;

/** Drops falling DROP_FALL_M onto the point `topM` (the top of what they land on), and the region simulated round them. */
export function dripOnto(topM: Vec3, reachM: number): {
  drops: { originM: Vec3; radiusM: number; everyS: number; velocityMps: Vec3; startS: number }; domainM: { minM: Vec3; maxM: Vec3 };
} {
  const [x, y, z] = topM, h = DROP_CELL_M;
  return {
    drops: { originM: [x, y + DROP_FALL_M, z], radiusM: DROP_RADIUS_M, everyS: DROP_EVERY_S, velocityMps: [0, 0, 0], startS: 0 },
    domainM: { minM: [x - reachM, y - 2 * h, z - reachM], maxM: [x + reachM, y + DROP_FALL_M + DROP_RADIUS_M + 2 * h, z + reachM] },
  };
}

/** The glass walls of a dam-break channel, m. */
export const CHANNEL_WALL_M = 0.008;

/**
 * A dam break in a channel (a long open tank) that holds what the water floods: a column of water
 * as long as it is tall against the channel's back wall (the dam is gone at t = 0), the flooded things
 * 1.5 column heights downstream, and two column heights of run-out beyond them. The column is 2.5
 * times as tall as the tallest flooded thing (10–30 cm); the channel is as wide as they are plus 2 cm
 * each side (at least 6 cm inside). `spanM` is the flooded things' bounding box (world); they are
 * moved by `shiftM` into the channel (their base on its floor).
 */
export function damBreakChannel(spanM: [Vec3, Vec3] | null): {
  tank: { positionM: Vec3; sizeM: Vec3; wallM: number };
  columnM: { minM: Vec3; maxM: Vec3 };
  shiftM: Vec3;
} {
  const w = CHANNEL_WALL_M;
  const [lo, hi]: [Vec3, Vec3] = spanM ?? [[0, 0, 0], [0, 0.04, 0]];
  const column = Math.min(0.3, Math.max(0.1, 2.5 * (hi[1] - lo[1])));
  const innerWidth = Math.max(0.06, hi[2] - lo[2] + 0.04);
  const back = lo[0] - 1.5 * column - column; // the column's back face, where the dam's reservoir ends
  const innerLength = column + 1.5 * column + (hi[0] - lo[0]) + 2 * column;
  const zc = (lo[2] + hi[2]) / 2;
  return {
    tank: { positionM: [back - w + (innerLength + 2 * w) / 2, 0, zc], sizeM: [innerLength + 2 * w, column + 0.05, innerWidth + 2 * w], wallM: w },
    columnM: { minM: [back, w, zc - innerWidth / 2], maxM: [back + column, w + column, zc + innerWidth / 2] },
    shiftM: [0, w - lo[1], 0],
  };
}
