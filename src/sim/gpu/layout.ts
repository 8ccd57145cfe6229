/**
 * Byte layouts shared by TypeScript and the WGSL fluid kernels (shaders/common/fluid.wgsl), and a
 * small calculator of WGSL struct layout (WGSL spec §13.4, "Memory Layout": alignment and size of
 * f32/i32/u32, vecN, matCxR and atomics; members placed at roundUp(align, offset), struct size
 * rounded to its largest alignment). layout.test.ts parses the WGSL structs with it and checks that
 * the offsets below agree, so a change on one side cannot silently break the other.
 */

/** Particle: position vec3f @0, density f32 @12, v vec3f @16, C mat3x3f @32 (columns 16 bytes apart); 80 bytes. */
export const PARTICLE_LAYOUT = { position: 0, density: 12, v: 16, C: 32, stride: 80 } as const;
/** Cell: four i32 (momentum x, y, z, mass) or, after the grid update, four f32 (velocity, mass). */
export const CELL_LAYOUT = { vx: 0, vy: 4, vz: 8, mass: 12, stride: 16 } as const;
/** Params uniform: particle_count u32 @0, padded to 16 bytes. */
export const PARAMS_LAYOUT = { particle_count: 0, stride: 16 } as const;
/** Boundary cell: vec4f (normal xyz, solid flag w). */
export const BOUNDARY_STRIDE = 16;

interface TypeLayout { align: number; size: number }

/** Alignment and size of a WGSL host-shareable type (the subset the kernels use). */
export function wgslTypeLayout(type: string): TypeLayout {
  const t = type.replace(/\s+/g, '');
  if (/^(f32|i32|u32|atomic<(i32|u32)>)$/.test(t)) return { align: 4, size: 4 };
  let m = /^vec([234])(?:f|i|u|<(?:f32|i32|u32)>)$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    return n === 2 ? { align: 8, size: 8 } : n === 3 ? { align: 16, size: 12 } : { align: 16, size: 16 };
  }
  m = /^mat([234])x([234])(?:f|<f32>)$/.exec(t);
  if (m) {
    const cols = Number(m[1]), col = wgslTypeLayout(`vec${m[2]}f`);
    const stride = Math.ceil(col.size / col.align) * col.align;
    return { align: col.align, size: cols * stride };
  }
  throw new Error(`wgslTypeLayout: unsupported type ${type}`);
}

/** Member offsets and the size of every struct declared in a WGSL source. */
export function wgslStructLayouts(source: string): Record<string, { offsets: Record<string, number>; size: number }> {
  const out: Record<string, { offsets: Record<string, number>; size: number }> = {};
  const code = source.replace(/\/\/[^\n]*/g, '');
  for (const m of code.matchAll(/struct\s+(\w+)\s*\{([^}]*)\}/g)) {
    let offset = 0, maxAlign = 1;
    const offsets: Record<string, number> = {};
    for (const member of m[2].split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, type] = member.split(':').map((s) => s.trim());
      const { align, size } = wgslTypeLayout(type);
      offset = Math.ceil(offset / align) * align;
      offsets[name] = offset;
      offset += size;
      maxAlign = Math.max(maxAlign, align);
    }
    out[m[1]] = { offsets, size: Math.ceil(offset / maxAlign) * maxAlign };
  }
  return out;
}
