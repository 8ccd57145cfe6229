// Pass 1 (P2G): each particle counts itself in its cell, scatters its mass to the 3×3×3 cell centres
// round it, and for each velocity component a scatters mass and APIC momentum
// w (v_a + A_a · (x_f − x_p)) with A_a = C_a + visc (C + Cᵀ)_a (the MLS viscous force) to its own face
// grid, with fixed-point atomics. Same sums as MpmFluid.particlesToGrid; particles that have left
// (not alive) are skipped.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override fixed_point_multiplier: f32;
override dt: f32;
override viscosity: f32;
override rest_density: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read> particles: array<Particle>;
@group(0) @binding(1) var<storage, read_write> faces: array<Face>;
@group(0) @binding(2) var<storage, read_write> cell_scatter: array<CellScatter>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.particle_count) { return; }
  let p = particles[id.x];
  if (p.alive == 0u) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let centre = centre_stencil(p.position);
  let face = face_stencil(p.position);
  atomicAdd(&cell_scatter[cell_index(vec3i(floor(p.position)), n)].count, 1);
  for (var k = 0; k < 3; k++) {
    for (var j = 0; j < 3; j++) {
      for (var i = 0; i < 3; i++) {
        let weight = centre.w[i].x * centre.w[j].y * centre.w[k].z;
        atomicAdd(&cell_scatter[cell_index(centre.base + vec3i(i, j, k), n)].mass, encode_fixed(weight, fixed_point_multiplier));
      }
    }
  }
  let visc = -4.0 * dt * viscosity / rest_density;
  let ct = transpose(p.C);
  for (var a = 0u; a < 3u; a++) {
    let s = component_stencil(a, centre, face);
    let affine = p.C[a] + visc * (p.C[a] + ct[a]);
    let va = p.v[a];
    for (var k = 0; k < 3; k++) {
      for (var j = 0; j < 3; j++) {
        for (var i = 0; i < 3; i++) {
          let weight = s.w[i].x * s.w[j].y * s.w[k].z;
          let dist = s.dist0 + vec3f(f32(i), f32(j), f32(k));
          let f = face_index(a, s.base + vec3i(i, j, k), n);
          atomicAdd(&faces[f].mass, encode_fixed(weight, fixed_point_multiplier));
          atomicAdd(&faces[f].momentum, encode_fixed(weight * (va + dot(affine, dist)), fixed_point_multiplier));
        }
      }
    }
  }
}
