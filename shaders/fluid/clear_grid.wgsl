// Pass 0: zero the faces' fixed-point momentum and mass and the cells' particle counts and centre
// masses (one thread per face or cell, whichever is more).
override face_count: u32;
override cell_count: u32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> faces: array<vec2i>;
@group(0) @binding(1) var<storage, read_write> cell_scatter: array<vec2i>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < face_count) { faces[id.x] = vec2i(0); }
  if (id.x < cell_count) { cell_scatter[id.x] = vec2i(0); }
}
