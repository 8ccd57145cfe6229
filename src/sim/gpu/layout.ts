/**
 * Byte layouts shared by TypeScript and the WGSL fluid kernels (shaders/common/fluid.wgsl), and a
 * small calculator of WGSL struct layout (WGSL spec §13.4, "Memory Layout": alignment and size of
 * f32/i32/u32, vecN, matCxR, atomics and fixed-size arrays; members placed at roundUp(align, offset),
 * struct size rounded to its largest alignment). layout.test.ts parses the WGSL structs with it and
 * checks that the offsets below agree, so a change on one side cannot silently break the other.
 */

/** Particle: position vec3f @0, alive u32 @12, v vec3f @16, C mat3x3f @32 (columns 16 bytes apart); 80 bytes. */
export const PARTICLE_LAYOUT = { position: 0, alive: 12, v: 16, C: 32, stride: 80 } as const;
/** Face: i32 momentum and mass (fixed point) or, after update_faces, f32 velocity and tag | kind << 8. */
export const FACE_LAYOUT = { momentum: 0, mass: 4, stride: 8 } as const;
/** CellScatter: particle count and fixed-point centre mass (i32 each). */
export const CELL_SCATTER_LAYOUT = { count: 0, mass: 4, stride: 8 } as const;
/** CellState: kind u32, density f32, rhs f32, diag f32. */
export const CELL_STATE_LAYOUT = { kind: 0, density: 4, rhs: 8, diag: 12, stride: 16 } as const;
/** Params uniform: particle_count u32 @0, remove_inside u32 @4, padded to 16 bytes. */
export const PARAMS_LAYOUT = { particle_count: 0, remove_inside: 4, stride: 16 } as const;
/** Body: centre vec3f @0 (cells), first_cell u32 @12, cell_count u32 @16; 32 bytes. */
export const BODY_LAYOUT = { centre: 0, first_cell: 12, cell_count: 16, stride: 32 } as const;
/** Boundary cell: vec4f (solid velocity xyz in cells/s; w: 0 free, 1 static solid, 2 + k moving body k). */
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
  m = /^array<(.+),(\d+)>$/.exec(t);
  if (m) {
    const el = wgslTypeLayout(m[1]);
    return { align: el.align, size: Number(m[2]) * Math.ceil(el.size / el.align) * el.align };
  }
  throw new Error(`wgslTypeLayout: unsupported type ${type}`);
}

/** Splits "a: T, b: array<U, 3>" at the commas that are not inside angle brackets. */
function splitMembers(body: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '<') depth++;
    else if (body[i] === '>') depth--;
    else if (body[i] === ',' && depth === 0) { out.push(body.slice(start, i)); start = i + 1; }
  }
  out.push(body.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Member offsets and the size of every struct declared in a WGSL source. */
export function wgslStructLayouts(source: string): Record<string, { offsets: Record<string, number>; size: number }> {
  const out: Record<string, { offsets: Record<string, number>; size: number }> = {};
  const code = source.replace(/\/\/[^\n]*/g, '');
  for (const m of code.matchAll(/struct\s+(\w+)\s*\{([^}]*)\}/g)) {
    let offset = 0, maxAlign = 1;
    const offsets: Record<string, number> = {};
    for (const member of splitMembers(m[2])) {
      const colon = member.indexOf(':');
      const name = member.slice(0, colon).trim(), type = member.slice(colon + 1).trim();
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
