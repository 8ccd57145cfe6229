// Pass 8 (run once per layer, 1 then 2): a face still invalid takes the mean of its six same-component
// neighbours whose tag is below this layer and gets tag = layer; in the last layer one with no such
// neighbour gets velocity 0. Faces written in a layer are never read in it (their tag is not below it).
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override face_count: u32;
override layer: u32;
override last_layer: u32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> faces: array<vec2i>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= face_count) { return; }
  let own = u32(faces[id.x].y);
  if ((own & 255u) != TAG_INVALID) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let a = face_component(id.x, n);
  let d = vec3i(face_dims(a, n));
  let c = face_coords(id.x, a, n);
  var m = 0.0;
  var s = 0.0;
  let offsets = array<vec3i, 6>(vec3i(-1, 0, 0), vec3i(1, 0, 0), vec3i(0, -1, 0), vec3i(0, 1, 0), vec3i(0, 0, -1), vec3i(0, 0, 1));
  for (var q = 0; q < 6; q++) {
    let nb = c + offsets[q];
    if (any(nb < vec3i(0)) || any(nb >= d)) { continue; }
    let f = faces[face_index(a, nb, n)];
    if ((u32(f.y) & 255u) < layer) { m += 1.0; s += bitcast<f32>(f.x); }
  }
  if (m > 0.0) {
    faces[id.x] = vec2i(bitcast<i32>(s / m), i32((own & 0xff00u) | layer));
  } else if (layer == last_layer) {
    faces[id.x].x = bitcast<i32>(0.0);
  }
}
