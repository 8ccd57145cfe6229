/**
 * TypeScript byte offsets (layout.ts) against the WGSL structs in shaders/common/fluid.wgsl, and the
 * WGSL layout calculator against the spec's examples.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BODY_LAYOUT, CELL_SCATTER_LAYOUT, CELL_STATE_LAYOUT, FACE_LAYOUT, PARAMS_LAYOUT, PARTICLE_LAYOUT, wgslStructLayouts, wgslTypeLayout } from './layout.ts';
import { FLUID_KERNELS, kernelOverrides } from './shaders.ts';

const common = readFileSync(new URL('../../../shaders/common/fluid.wgsl', import.meta.url), 'utf8');

describe('WGSL layout', () => {
  it('follows the WGSL alignment rules', () => {
    expect(wgslTypeLayout('vec3f')).toEqual({ align: 16, size: 12 });
    expect(wgslTypeLayout('mat3x3f')).toEqual({ align: 16, size: 48 });
    expect(wgslTypeLayout('atomic<i32>')).toEqual({ align: 4, size: 4 });
    expect(wgslTypeLayout('array<vec3f, 3>')).toEqual({ align: 16, size: 48 });
  });

  it('TypeScript offsets match the WGSL structs', () => {
    const s = wgslStructLayouts(common);
    const { stride: ps, ...particle } = PARTICLE_LAYOUT;
    expect(s.Particle.offsets).toEqual(particle);
    expect(s.Particle.size).toBe(ps);
    for (const [name, layout] of [['Face', FACE_LAYOUT], ['CellScatter', CELL_SCATTER_LAYOUT], ['CellState', CELL_STATE_LAYOUT], ['Body', BODY_LAYOUT]] as const) {
      const { stride, ...members } = layout;
      expect(s[name].offsets).toEqual(members);
      expect(s[name].size).toBe(stride);
    }
    expect(s.Params.offsets.particle_count).toBe(PARAMS_LAYOUT.particle_count);
    expect(s.Params.offsets.remove_inside).toBe(PARAMS_LAYOUT.remove_inside);
    expect(s.Params.size).toBe(PARAMS_LAYOUT.stride);
  });

  it('every kernel declares its constants as overrides', () => {
    for (const k of FLUID_KERNELS) {
      const src = readFileSync(new URL(`../../../shaders/fluid/${k}.wgsl`, import.meta.url), 'utf8');
      expect(kernelOverrides(src)).toContain('workgroup_size');
      expect(src).toMatch(/@compute @workgroup_size\(workgroup_size\)/);
    }
  });
});
