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
  /**
   * Rolling-resistance coefficient C_rr (dimensionless: resisting force / normal force) of a ball or
   * wheel rolling on this material as a surface, where it matters (soft or rough surfaces). Optional:
   * recorded for the simulation; absent means negligible (< 0.002).
   */
  readonly rollingResistance?: number;
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
  // Cast/wrought iron 7200–7870 kg/m³, E ≈ 100–210 GPa; iron on iron μ ≈ 1.0 clean, 0.15–0.3 greasy
  // (Engineering ToolBox, "Friction coefficients"; "Metals and alloys - densities").
  iron: { densityKgM3: 7300, restitution: 0.55, friction: 0.5, youngsModulusGPa: 120, colorHex: '#5b5f63' },
  // Aluminium 2700 kg/m³, E = 69 GPa; aluminium on aluminium μ ≈ 1.05–1.35 clean, ~0.3 oxidised/used
  // (Engineering ToolBox); restitution of aluminium spheres ≈ 0.5–0.7 (Goldsmith, "Impact", 1960).
  aluminium: { densityKgM3: 2700, restitution: 0.6, friction: 0.45, youngsModulusGPa: 69, colorHex: '#c4c8cc' },
  // Polyurethane foam 30–60 kg/m³, E ≈ 0.1–1 MPa; it swallows impacts (e ≈ 0.1) (Gibson & Ashby,
  // "Cellular Solids", 2nd ed., 1997). Balls roll poorly on it: C_rr ≈ 0.05.
  foam: { densityKgM3: 40, restitution: 0.1, friction: 0.7, youngsModulusGPa: 0.0005, colorHex: '#e9d37a', rollingResistance: 0.05 },
  // Expanded polystyrene 15–30 kg/m³, E ≈ 5 MPa (Gibson & Ashby 1997); μ ≈ 0.5 on wood.
  styrofoam: { densityKgM3: 25, restitution: 0.3, friction: 0.5, youngsModulusGPa: 0.005, colorHex: '#f6f6f4' },
  // Cork 120–240 kg/m³, E ≈ 20 MPa (Gibson & Ashby 1997; Silva et al., "Cork: properties…", Int. Mater.
  // Rev. 50, 2005); μ ≈ 0.5; low rebound (e ≈ 0.5 for a cork ball).
  cork: { densityKgM3: 200, restitution: 0.5, friction: 0.5, youngsModulusGPa: 0.02, colorHex: '#b68a5a' },
  // Porcelain/stoneware 2300–2400 kg/m³, E ≈ 70–100 GPa; ceramic on ceramic μ ≈ 0.5 (Engineering
  // ToolBox); brittle, low rebound e ≈ 0.4.
  ceramic: { densityKgM3: 2350, restitution: 0.4, friction: 0.5, youngsModulusGPa: 80, colorHex: '#efe9dc' },
  // Dry sand: bulk density 1600 kg/m³, angle of repose ≈ 34° so μ ≈ tan 34° ≈ 0.67; it absorbs a
  // landing (e ≈ 0.1); rolling resistance of a ball on loose sand C_rr ≈ 0.1–0.3 (Engineering
  // ToolBox, "Rolling resistance"; "Angle of repose").
  sand: { densityKgM3: 1600, restitution: 0.1, friction: 0.65, youngsModulusGPa: 0.01, colorHex: '#d8c290', rollingResistance: 0.15 },
  // Turf over soil: a ball rebounds e ≈ 0.5–0.6 (FIFA Quality Programme for football turf, ball
  // rebound 0.6–1.0 m from 2 m); μ ≈ 0.35–0.6; a football rolling on grass C_rr ≈ 0.05–0.1.
  grass: { densityKgM3: 1300, restitution: 0.55, friction: 0.5, youngsModulusGPa: 0.05, colorHex: '#4d8a3a', rollingResistance: 0.06 },
  // Woven cotton 1500 kg/m³ (fibre) but fabric is mostly air: 300 kg/m³ as a bundle; μ ≈ 0.5–0.6,
  // barely bounces (Engineering ToolBox, "Friction coefficients": cotton on cotton 0.6).
  cloth: { densityKgM3: 300, restitution: 0.2, friction: 0.6, youngsModulusGPa: 0.005, colorHex: '#c9b8a6', rollingResistance: 0.03 },
  // Paper 700–1150 kg/m³ (ISO 536 grammage ÷ thickness, office paper ≈ 800), paper on paper μ ≈ 0.4.
  paper: { densityKgM3: 800, restitution: 0.25, friction: 0.4, youngsModulusGPa: 4, colorHex: '#f2efe6' },
  // Leather 860–1000 kg/m³; μ on wood 0.3–0.4 (Engineering ToolBox).
  leather: { densityKgM3: 950, restitution: 0.4, friction: 0.4, youngsModulusGPa: 0.1, colorHex: '#7a4a2a' },
  // Fresh fruit and vegetables: 850–1100 kg/m³ (an apple ≈ 850, floats; a potato ≈ 1090) (Mohsenin,
  // "Physical Properties of Plant and Animal Materials", 1986); an apple dropped on a hard surface
  // rebounds e ≈ 0.3; μ ≈ 0.4.
  produce: { densityKgM3: 950, restitution: 0.3, friction: 0.45, youngsModulusGPa: 0.005, colorHex: '#c0392b' },
  // Modelling clay / plasticine 1700–1800 kg/m³; plastic: it does not rebound (e ≈ 0.05).
  clay: { densityKgM3: 1750, restitution: 0.05, friction: 0.7, youngsModulusGPa: 0.001, colorHex: '#b7684a' },
  // Paraffin wax 900 kg/m³, μ ≈ 0.2–0.3 (candles; Engineering ToolBox).
  wax: { densityKgM3: 900, restitution: 0.3, friction: 0.25, youngsModulusGPa: 0.2, colorHex: '#f3e7c4' },
  // Lead 11340 kg/m³, E = 16 GPa; soft: barely rebounds (e ≈ 0.2) (Engineering ToolBox; Goldsmith 1960).
  lead: { densityKgM3: 11340, restitution: 0.2, friction: 0.6, youngsModulusGPa: 16, colorHex: '#5a5e66' },
  // Gold 19300, E = 79 GPa; copper/brass coins 8500–8900, E ≈ 100–120 GPa (Engineering ToolBox).
  brass: { densityKgM3: 8600, restitution: 0.5, friction: 0.45, youngsModulusGPa: 110, colorHex: '#c9a540' },
  // Flesh-and-bone proxy for people and animals: ~1010–1060 kg/m³ (whole-body density, Clauser et al.,
  // AMRL-TR-69-70, 1969); a body barely bounces (e ≈ 0.1), clothing on floors μ ≈ 0.5.
  flesh: { densityKgM3: 1040, restitution: 0.1, friction: 0.5, youngsModulusGPa: 0.001, colorHex: '#d9a27e' },
  // Asphalt 2300–2400 kg/m³, E ≈ 1–10 GPa (road surfaces), rubber on asphalt μ ≈ 0.7; a ball bounces
  // like on concrete.
  asphalt: { densityKgM3: 2350, restitution: 0.45, friction: 0.7, youngsModulusGPa: 5, colorHex: '#3b3b3e', rollingResistance: 0.01 },
} as const satisfies Record<string, Material>;

export type MaterialName = keyof typeof MATERIALS;

export const MATERIAL_NAMES = Object.keys(MATERIALS) as [MaterialName, ...MaterialName[]];

export function material(name: MaterialName): Material {
  return MATERIALS[name];
}
