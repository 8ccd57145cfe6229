// MLS-MPM pass 2 (P2G 2): each particle gathers its density from the grid mass, evaluates the
// Tait pressure P = max(0, K((ρ/ρ₀)^7 − 1)) and viscous stress σ = −P I + μ (C + Cᵀ), and scatters
// the MLS force −(1/ρ) · 4 · σ · Δt · w (x_i − x_p) into the grid momentum.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override fixed_point_multiplier: f32;
override rest_density: f32;
override stiffness: f32;
override dynamic_viscosity: f32;
override dt: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> particles: array<Particle>;
@group(0) @binding(1) var<storage, read_write> cells: array<Cell>;
@group(0) @binding(2) var<uniform> params: Params;
// Per cell: xyz = solid normal, w = 1 for a solid cell (a solid node adds a ghost mass ρ₀ to the density).
@group(0) @binding(3) var<storage, read> boundary: array<vec4f>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.particle_count) { return; }
  let p = particles[id.x];
  let w = bspline_weights(p.position);
  let base = vec3i(floor(p.position)) - vec3i(1);
  let n = vec3u(grid_x, grid_y, grid_z);
  var density = 0.0;
  for (var k = 0; k < 3; k++) {
    for (var j = 0; j < 3; j++) {
      for (var i = 0; i < 3; i++) {
        let idx = cell_index(base + vec3i(i, j, k), n);
        let mass = decode_fixed(atomicLoad(&cells[idx].mass), fixed_point_multiplier) + boundary[idx].w * rest_density;
        density += mass * w[i].x * w[j].y * w[k].z;
      }
    }
  }
  particles[id.x].density = density;
  let r = density / rest_density;
  let r2 = r * r;
  let pressure = max(0.0, stiffness * (r2 * r2 * r2 * r - 1.0));
  let stress = mat3x3f(-pressure, 0.0, 0.0, 0.0, -pressure, 0.0, 0.0, 0.0, -pressure) + dynamic_viscosity * (p.C + transpose(p.C));
  let term = (-4.0 * dt / density) * stress;
  for (var k = 0; k < 3; k++) {
    for (var j = 0; j < 3; j++) {
      for (var i = 0; i < 3; i++) {
        let weight = w[i].x * w[j].y * w[k].z;
        let node = base + vec3i(i, j, k);
        let dist = vec3f(node) + 0.5 - p.position;
        let force = weight * (term * dist);
        let idx = cell_index(node, n);
        atomicAdd(&cells[idx].vx, encode_fixed(force.x, fixed_point_multiplier));
        atomicAdd(&cells[idx].vy, encode_fixed(force.y, fixed_point_multiplier));
        atomicAdd(&cells[idx].vz, encode_fixed(force.z, fixed_point_multiplier));
      }
    }
  }
}
