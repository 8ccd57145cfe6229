// Pass 7: a face between two solid cells just behind a wall face (along its own axis) takes the odd
// reflection 2 u_wall − u_front of the valid face in front of the wall, so the interpolated normal
// velocity vanishes on the wall. The faces read are never written here (a wall face, an open one).
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override face_count: u32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> faces: array<vec2i>;

fn kind_of(f: u32) -> u32 { return (u32(faces[f].y) >> 8u) & 255u; }
fn tag_of(f: u32) -> u32 { return u32(faces[f].y) & 255u; }
fn velocity_of(f: u32) -> f32 { return bitcast<f32>(faces[f].x); }

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= face_count) { return; }
  if (kind_of(id.x) != FACE_SOLID) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let a = face_component(id.x, n);
  let d = face_dims(a, n);
  let c = face_coords(id.x, a, n);
  let q = c[a];
  var e = vec3i(0);
  e[a] = 1;
  var u = 0.0;
  var found = false;
  if (q + 2 < i32(d[a])) {
    let w = face_index(a, c + e, n);
    let front = face_index(a, c + 2 * e, n);
    if (kind_of(w) == FACE_WALL && tag_of(front) == 0u) { u = 2.0 * velocity_of(w) - velocity_of(front); found = true; }
  }
  if (!found && q >= 2) {
    let w = face_index(a, c - e, n);
    let front = face_index(a, c - 2 * e, n);
    if (kind_of(w) == FACE_WALL && tag_of(front) == 0u) { u = 2.0 * velocity_of(w) - velocity_of(front); found = true; }
  }
  if (found) { faces[id.x] = vec2i(bitcast<i32>(u), i32(FACE_SOLID << 8u)); }
}
