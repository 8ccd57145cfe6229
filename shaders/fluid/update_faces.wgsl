// Pass 3: face velocity = momentum / mass + g Δt (0 without mass); a wall face (one side solid) takes
// the solid's velocity. Writes the f32 velocity (bit-cast) over the momentum and tag | kind << 8 over
// the mass: tag 0 = valid (next to a fluid cell, or a wall face), TAG_INVALID otherwise.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override face_count: u32;
override fixed_point_multiplier: f32;
override gravity_x: f32;
override gravity_y: f32;
override gravity_z: f32;
override dt: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> faces: array<vec2i>;
@group(0) @binding(1) var<storage, read> cells: array<CellState>;
@group(0) @binding(2) var<storage, read> boundary: array<vec4f>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= face_count) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let a = face_component(id.x, n);
  let c = face_coords(id.x, a, n);
  let q = c[a];
  var e = vec3i(0);
  e[a] = 1;
  var lo_kind = CELL_SOLID;
  var hi_kind = CELL_SOLID;
  var lo = 0u;
  var hi = 0u;
  if (q < i32(n[a])) { hi = cell_index(c, n); hi_kind = cells[hi].kind; }
  if (q > 0) { lo = cell_index(c - e, n); lo_kind = cells[lo].kind; }
  let raw = faces[id.x];
  let mass = decode_fixed(raw.y, fixed_point_multiplier);
  var u = 0.0;
  if (mass > 0.0) { u = decode_fixed(raw.x, fixed_point_multiplier) / mass + vec3f(gravity_x, gravity_y, gravity_z)[a] * dt; }
  var tag = TAG_INVALID;
  var kind = FACE_OPEN;
  if ((lo_kind == CELL_SOLID) != (hi_kind == CELL_SOLID)) {
    // The liquid cannot cross the solid's face: the normal component is the solid's.
    u = 0.0;
    if (lo_kind == CELL_SOLID && q > 0) { u = boundary[lo][a]; }
    if (hi_kind == CELL_SOLID && q < i32(n[a])) { u = boundary[hi][a]; }
    tag = 0u;
    kind = FACE_WALL;
  } else {
    if (lo_kind == CELL_FLUID || hi_kind == CELL_FLUID) { tag = 0u; }
    if (lo_kind == CELL_SOLID) { kind = FACE_SOLID; }
  }
  faces[id.x] = vec2i(bitcast<i32>(u), i32(tag | (kind << 8u)));
}
