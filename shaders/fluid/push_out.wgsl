// Once per fixed step, after the moving bodies' cells are uploaded (GpuMpm.setMovingSolids), before
// the first substep (MpmFluid.setMovingSolids' particle loop). A particle in a body's cell is removed
// (marked not alive) when params.remove_inside (a body placed in the liquid displaces it), else
// pushed out ahead of the body: along the solid's velocity in that cell, or along the line from the
// body's centre when the solid there is at rest (straight up when it sits on the centre), a quarter
// cell at a time, up to 16 times, only through that body's own cells; if that reaches a free cell the
// particle moves there and takes the solid's velocity at its old cell, otherwise it stays put (G2P
// holds it back until the body moves off it).
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> particles: array<Particle>;
@group(0) @binding(1) var<storage, read> boundary: array<vec4f>;
@group(0) @binding(2) var<storage, read> bodies: array<Body>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.particle_count) { return; }
  var p = particles[id.x];
  if (p.alive == 0u) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let start = boundary[cell_index(vec3i(floor(p.position)), n)];
  let b = boundary_body(start.w);
  if (b < 0) { return; }
  if (params.remove_inside != 0u) {
    particles[id.x].alive = 0u;
    return;
  }
  var dir = start.xyz;
  if (all(dir == vec3f(0.0))) { dir = p.position - bodies[b].centre; }
  let len = length(dir);
  dir = select(vec3f(0.0, 1.0, 0.0), dir / len, len > 0.0);
  var x = p.position;
  for (var i = 0; i < 16; i++) {
    if (outside_grid(x, n)) { break; }
    let w = boundary[cell_index(vec3i(floor(x)), n)].w;
    if (!boundary_is_solid(w) || boundary_body(w) != b) { break; }
    x += 0.25 * dir;
  }
  if (!outside_grid(x, n) && !boundary_is_solid(boundary[cell_index(vec3i(floor(x)), n)].w)) {
    particles[id.x].position = x;
    particles[id.x].v = start.xyz;
  }
}
