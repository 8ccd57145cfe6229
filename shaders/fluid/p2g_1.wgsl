// MLS-MPM pass 1 (P2G 1): each particle scatters its mass and APIC momentum w (v + C (x_i − x_p))
// to its 3×3×3 nodes, with fixed-point atomics. Same sums as MpmFluid.substep's first loop.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override fixed_point_multiplier: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read> particles: array<Particle>;
@group(0) @binding(1) var<storage, read_write> cells: array<Cell>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.particle_count) { return; }
  let p = particles[id.x];
  let w = bspline_weights(p.position);
  let base = vec3i(floor(p.position)) - vec3i(1);
  let n = vec3u(grid_x, grid_y, grid_z);
  for (var k = 0; k < 3; k++) {
    for (var j = 0; j < 3; j++) {
      for (var i = 0; i < 3; i++) {
        let weight = w[i].x * w[j].y * w[k].z;
        let node = base + vec3i(i, j, k);
        let dist = vec3f(node) + 0.5 - p.position;
        let q = p.C * dist;
        let momentum = weight * (p.v + q);
        let idx = cell_index(node, n);
        atomicAdd(&cells[idx].mass, encode_fixed(weight, fixed_point_multiplier));
        atomicAdd(&cells[idx].vx, encode_fixed(momentum.x, fixed_point_multiplier));
        atomicAdd(&cells[idx].vy, encode_fixed(momentum.y, fixed_point_multiplier));
        atomicAdd(&cells[idx].vz, encode_fixed(momentum.z, fixed_point_multiplier));
      }
    }
  }
}
