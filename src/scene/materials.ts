/**
 * The material table: the physical constants every body and surface draws on.
 *
 * Units: density in kg/m³, Young's modulus in GPa; restitution and friction are dimensionless.
 *
 * How pairs combine (see sim/world.ts, which sets Rapier's combine rules on purpose):
 * - Restitution uses the Min rule: the lossier partner limits the bounce. `restitution` here is the
 *   coefficient of the material struck against a rigid surface, which is how sports regulations and
 *   drop tests measure it. A static surface stiffer than RIGID_SURFACE_MODULUS_GPA is treated as rigid
 *   (it passes the other body's value through); a soft one (carpet, foam, sand) limits the bounce.
 * - Friction uses the Min rule too, so ice is slippery whatever slides on it, and an explicit
 *   "friction 0.2" on a body is the pair's value against any surface at least that rough.
 *
 * Values are typical room-temperature figures; each cites where it comes from.
 */

export interface Material {
  /** Mass density in kg/m³. */
  readonly densityKgM3: number;
  /** Coefficient of restitution against a rigid surface, 0..1. */
  readonly restitution: number;
  /** Coulomb friction coefficient (Rapier uses one coefficient for static and dynamic friction). */
  readonly friction: number;
  /** Young's modulus in GPa: decides whether a static surface counts as rigid. */
  readonly youngsModulusGPa: number;
  /** A base colour for the raw render, sRGB hex. */
  readonly colorHex: string;
}

/** Static surfaces at least this stiff count as rigid for restitution (wood ≈ 10 GPa, rubber ≈ 0.01). */
export const RIGID_SURFACE_MODULUS_GPA = 1;

export const MATERIALS = {
  // Density: Engineering ToolBox, "Rubber - density" (solid natural rubber 1100–1200 kg/m³).
  // Restitution: solid rubber balls rebound e ≈ 0.8 (Cross, "The bounce of a ball", Am. J. Phys. 67, 1999).
  // Friction: rubber on dry concrete 0.6–0.85 (Engineering ToolBox, "Friction coefficients").
  rubber: { densityKgM3: 1150, restitution: 0.8, friction: 0.8, youngsModulusGPa: 0.01, colorHex: '#c0392b' },
  // Density: oak/maple 600–900 kg/m³; friction wood on wood 0.25–0.5 (Engineering ToolBox).
  // Restitution: hardwood ball on rigid floor ≈ 0.5 (Cross 1999, Table 1 range for wood 0.4–0.6).
  wood: { densityKgM3: 700, restitution: 0.5, friction: 0.4, youngsModulusGPa: 11, colorHex: '#a0703c' },
  // Density 7850 kg/m³ (carbon steel); friction steel on steel, dry, 0.5–0.8 (Engineering ToolBox).
  // Restitution: steel sphere on hard surface ≈ 0.6 at moderate speeds (Goldsmith, "Impact", 1960).
  steel: { densityKgM3: 7850, restitution: 0.6, friction: 0.5, youngsModulusGPa: 200, colorHex: '#9aa4ad' },
  // Density soda-lime glass 2500 kg/m³; friction glass on glass 0.4 lubricated–0.9 clean (Engineering ToolBox).
  // Restitution: glass marbles on a hard floor ≈ 0.7 (Cross 1999).
  glass: { densityKgM3: 2500, restitution: 0.7, friction: 0.4, youngsModulusGPa: 70, colorHex: '#bcd9e8' },
  // Density 2300–2400 kg/m³; friction rubber/wood on concrete 0.6 (Engineering ToolBox).
  // Restitution of concrete on itself ≈ 0.4; as a surface it is rigid (modulus 30 GPa).
  concrete: { densityKgM3: 2400, restitution: 0.4, friction: 0.6, youngsModulusGPa: 30, colorHex: '#8d8d88' },
  // ABS/HDPE 950–1200 kg/m³; friction plastic on plastic 0.3–0.4 (Engineering ToolBox).
  // Restitution: hard plastic (e.g. ABS toy blocks) ≈ 0.6 (Cross 1999).
  plastic: { densityKgM3: 1050, restitution: 0.6, friction: 0.35, youngsModulusGPa: 2.3, colorHex: '#3d7bd9' },
  // Density 917 kg/m³; friction on ice 0.02–0.1 (Engineering ToolBox); restitution of ice
  // spheres ≈ 0.3–0.5 at low speed (Higa et al., Planet. Space Sci. 46, 1998).
  ice: { densityKgM3: 917, restitution: 0.4, friction: 0.03, youngsModulusGPa: 9, colorHex: '#dff3fb' },
  // Corrugated board: effective density of a box wall ~ 150 kg/m³ for the board itself 500–700;
  // boxes barely bounce (e ≈ 0.2) and slide at μ ≈ 0.5 on wood (FEFCO / Engineering ToolBox).
  cardboard: { densityKgM3: 690, restitution: 0.2, friction: 0.5, youngsModulusGPa: 0.5, colorHex: '#b98b57' },
  // Phenolic resin (billiard balls): 170 g in a 57.15 mm ball gives 1740 kg/m³ (WPA equipment spec);
  // ball–ball restitution 0.92–0.98, ball–ball friction 0.03–0.08 (Alciatore, "Pool and billiards physics
  // resources", TP A.5).
  phenolic: { densityKgM3: 1740, restitution: 0.93, friction: 0.06, youngsModulusGPa: 5, colorHex: '#f4f1e6' },
  // Bowling-ball coverstock (reactive resin, polyurethane) over a dense core: USBC allows 7.26 kg in a
  // 21.8 cm ball, 1340 kg/m³ mean; restitution on a maple lane ≈ 0.2–0.3 at low speed.
  urethane: { densityKgM3: 1340, restitution: 0.3, friction: 0.2, youngsModulusGPa: 0.1, colorHex: '#2b3a67' },
  // Surlyn-covered golf balls: 45.93 g, 42.67 mm (R&A/USGA rules), e ≈ 0.78 at 40 m/s against steel.
  surlyn: { densityKgM3: 1130, restitution: 0.78, friction: 0.3, youngsModulusGPa: 0.3, colorHex: '#f7f7f2' },
  // Celluloid/ABS table-tennis balls: 2.7 g, 40 mm (ITTF); dropped 30.5 cm they rebound 23–25 cm, e ≈ 0.89.
  celluloid: { densityKgM3: 1400, restitution: 0.89, friction: 0.3, youngsModulusGPa: 2, colorHex: '#ffffff' },
  // Carpet: soft surface, a basketball loses most of its bounce (e ≈ 0.4); friction 0.5–0.6.
  carpet: { densityKgM3: 300, restitution: 0.4, friction: 0.6, youngsModulusGPa: 0.001, colorHex: '#6a5d7b' },
  // Billiard cloth (worsted wool) over slate: ball–cloth rolling friction is tiny, sliding μ ≈ 0.2
  // (Alciatore TP A.5); the slate bed beneath makes the surface rigid.
  felt: { densityKgM3: 1300, restitution: 0.5, friction: 0.2, youngsModulusGPa: 50, colorHex: '#0f6b3a' },
  // Stone (granite 2600–2700 kg/m³); friction 0.6; rigid (modulus ~ 50 GPa).
  stone: { densityKgM3: 2650, restitution: 0.5, friction: 0.6, youngsModulusGPa: 50, colorHex: '#77736b' },
  // Clay brick 1900 kg/m³; friction brick on brick ~0.6 (Engineering ToolBox).
  brick: { densityKgM3: 1900, restitution: 0.3, friction: 0.6, youngsModulusGPa: 15, colorHex: '#a5472f' },
} as const satisfies Record<string, Material>;

export type MaterialName = keyof typeof MATERIALS;

export const MATERIAL_NAMES = Object.keys(MATERIALS) as [MaterialName, ...MaterialName[]];

export function material(name: MaterialName): Material {
  return MATERIALS[name];
}
