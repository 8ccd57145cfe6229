// Pass 9 (G2P): each particle gathers each velocity component and its gradient C_a = 4 Σ w u_f (x_f − x_p)
// from that component's face grid, then moves by v Δt; an axis that would carry it into a solid cell
// is held back (x, then y, then z), as in the CPU reference. With open sides, a particle that ends in
// the layer of cells next to an x or z side leaves (MpmFluid.drainSides): it is marked not alive and
// keeps its slot, so the live particles stay in the CPU's order.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override dt: f32;
override open_sides: bool;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> particles: array<Particle>;
@group(0) @binding(1) var<storage, read> faces: array<vec2i>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> boundary: array<vec4f>;

fn is_solid(x: vec3f) -> bool {
  let n = vec3u(grid_x, grid_y, grid_z);
  return outside_grid(x, n) || boundary_is_solid(boundary[cell_index(vec3i(floor(x)), n)].w);
}

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.particle_count) { return; }
  var p = particles[id.x];
  if (p.alive == 0u) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let centre = centre_stencil(p.position);
  let face = face_stencil(p.position);
  var v = vec3f(0.0);
  var C = mat3x3f(vec3f(0.0), vec3f(0.0), vec3f(0.0));
  for (var a = 0u; a < 3u; a++) {
    let s = component_stencil(a, centre, face);
    var va = 0.0;
    var b = vec3f(0.0);
    for (var k = 0; k < 3; k++) {
      for (var j = 0; j < 3; j++) {
        for (var i = 0; i < 3; i++) {
          let weighted = s.w[i].x * s.w[j].y * s.w[k].z * bitcast<f32>(faces[face_index(a, s.base + vec3i(i, j, k), n)].x);
          va += weighted;
          b += weighted * (s.dist0 + vec3f(f32(i), f32(j), f32(k)));
        }
      }
    }
    v[a] = va;
    C[a] = 4.0 * b;
  }
  let old = p.position;
  var x = old + v * dt;
  if (is_solid(x)) {
    if (is_solid(vec3f(x.x, old.y, old.z))) { x.x = old.x; v.x = 0.0; }
    if (is_solid(vec3f(x.x, x.y, old.z))) { x.y = old.y; v.y = 0.0; }
    if (is_solid(x)) { x.z = old.z; v.z = 0.0; }
  }
  p.C = C;
  p.v = v;
  p.position = x;
  let cell = vec3i(floor(x));
  if (open_sides && (cell.x <= 1 || cell.x >= i32(grid_x) - 2 || cell.z <= 1 || cell.z >= i32(grid_z) - 2)) { p.alive = 0u; }
  particles[id.x] = p;
}
