// MLS-MPM pass 4 (G2P): each particle gathers its velocity and affine matrix C = 4 Σ w v_i (x_i − x_p)ᵀ
// from the grid velocities, then moves by v Δt; an axis that would carry it into a solid cell is held
// back (x, then y, then z), as in the CPU reference.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override dt: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> particles: array<Particle>;
@group(0) @binding(1) var<storage, read> cells: array<vec4f>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> boundary: array<vec4f>;

fn is_solid(x: vec3f) -> bool {
  let n = vec3u(grid_x, grid_y, grid_z);
  if (any(x < vec3f(0.0)) || any(x >= vec3f(n))) { return true; }
  return boundary[cell_index(vec3i(floor(x)), n)].w > 0.5;
}

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.particle_count) { return; }
  var p = particles[id.x];
  let w = bspline_weights(p.position);
  let base = vec3i(floor(p.position)) - vec3i(1);
  let n = vec3u(grid_x, grid_y, grid_z);
  var v = vec3f(0.0);
  var B = mat3x3f(vec3f(0.0), vec3f(0.0), vec3f(0.0));
  for (var k = 0; k < 3; k++) {
    for (var j = 0; j < 3; j++) {
      for (var i = 0; i < 3; i++) {
        let weight = w[i].x * w[j].y * w[k].z;
        let node = base + vec3i(i, j, k);
        let dist = vec3f(node) + 0.5 - p.position;
        let weighted = weight * cells[cell_index(node, n)].xyz;
        v += weighted;
        // Outer product weighted ⊗ dist: column c is weighted * dist[c].
        B += mat3x3f(weighted * dist.x, weighted * dist.y, weighted * dist.z);
      }
    }
  }
  let old = p.position;
  var x = old + v * dt;
  if (is_solid(x)) {
    if (is_solid(vec3f(x.x, old.y, old.z))) { x.x = old.x; v.x = 0.0; }
    if (is_solid(vec3f(x.x, x.y, old.z))) { x.y = old.y; v.y = 0.0; }
    if (is_solid(x)) { x.z = old.z; v.z = 0.0; }
  }
  p.C = 4.0 * B;
  p.v = v;
  p.position = x;
  particles[id.x] = p;
}
