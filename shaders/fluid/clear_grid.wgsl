// MLS-MPM pass 0: zero the grid's fixed-point momentum and mass (one thread per cell).
override cell_count: u32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> cells: array<vec4i>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < cell_count) {
    cells[id.x] = vec4i(0);
  }
}
