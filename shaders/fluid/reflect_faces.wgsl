// Pass 7 (MpmFluid.extendVelocities' first loop): a face between two solid cells just behind a wall
// face (along its own axis) takes the odd reflection 2 u_wall − u_front of the valid face in front of
// the wall, so the interpolated normal velocity vanishes on the wall. For a viscous liquid (no_slip,
// mpm.ts NO_SLIP_S) a face between two solid cells that is not such a face but lies one face behind a
// wall across another axis b takes 2 u_solid − (the mean of its valid open neighbours across those
// axes), so the tangential velocity on the wall is the solid's (u_solid: the mean of the velocity of
// the face's two cells, from the boundary buffer). Only FACE_SOLID faces are written here, and only
// wall faces and open faces are read, so the result does not depend on thread order.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override face_count: u32;
override no_slip: bool;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> faces: array<vec2i>;
@group(0) @binding(1) var<storage, read> boundary: array<vec4f>;

fn kind_of(f: u32) -> u32 { return (u32(faces[f].y) >> 8u) & 255u; }
fn tag_of(f: u32) -> u32 { return u32(faces[f].y) & 255u; }
fn velocity_of(f: u32) -> f32 { return bitcast<f32>(faces[f].x); }

// Component a of the solid's velocity at face c of component a: the mean over its cells in the grid
// (MpmFluid.solidVelocityAtFace).
fn solid_velocity_at_face(a: u32, c: vec3i, e: vec3i, n: vec3u) -> f32 {
  var m = 0.0;
  var sum = 0.0;
  if (all(c < vec3i(n))) { m += 1.0; sum += boundary[cell_index(c, n)][a]; }
  let lo = c - e;
  if (all(lo >= vec3i(0)) && all(lo < vec3i(n))) { m += 1.0; sum += boundary[cell_index(lo, n)][a]; }
  return select(0.0, sum / m, m > 0.0);
}

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= face_count) { return; }
  if (kind_of(id.x) != FACE_SOLID) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let a = face_component(id.x, n);
  let d = vec3i(face_dims(a, n));
  let c = face_coords(id.x, a, n);
  let q = c[a];
  var e = vec3i(0);
  e[a] = 1;
  var u = 0.0;
  var found = false;
  if (q + 2 < d[a]) {
    let w = face_index(a, c + e, n);
    let front = face_index(a, c + 2 * e, n);
    if (kind_of(w) == FACE_WALL && tag_of(front) == 0u) { u = 2.0 * velocity_of(w) - velocity_of(front); found = true; }
  }
  if (!found && q >= 2) {
    let w = face_index(a, c - e, n);
    let front = face_index(a, c - 2 * e, n);
    if (kind_of(w) == FACE_WALL && tag_of(front) == 0u) { u = 2.0 * velocity_of(w) - velocity_of(front); found = true; }
  }
  if (!found && no_slip) {
    var m = 0.0;
    var sum = 0.0;
    for (var b = 0u; b < 3u; b++) {
      if (b == a) { continue; }
      var eb = vec3i(0);
      eb[b] = 1;
      if (c[b] + 1 < d[b]) {
        let g = face_index(a, c + eb, n);
        if (kind_of(g) == FACE_OPEN && tag_of(g) == 0u) { m += 1.0; sum -= velocity_of(g); }
      }
      if (c[b] >= 1) {
        let g = face_index(a, c - eb, n);
        if (kind_of(g) == FACE_OPEN && tag_of(g) == 0u) { m += 1.0; sum -= velocity_of(g); }
      }
    }
    if (m > 0.0) { u = 2.0 * solid_velocity_at_face(a, c, e, n) + sum / m; found = true; }
  }
  if (found) { faces[id.x] = vec2i(bitcast<i32>(u), i32(FACE_SOLID << 8u)); }
}
