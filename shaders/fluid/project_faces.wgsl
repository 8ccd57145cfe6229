// Pass 6: u −= φ_R − φ_L on faces between two non-solid cells with a fluid side; across a fluid–air
// face the air side holds the ghost value φ (1 − 1/θ), so the jump is −φ/θ.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override face_count: u32;
override theta_min: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> faces: array<vec2i>;
@group(0) @binding(1) var<storage, read> cells: array<CellState>;
@group(0) @binding(2) var<storage, read> pressure: array<f32>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= face_count) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let a = face_component(id.x, n);
  let c = face_coords(id.x, a, n);
  let q = c[a];
  if (q < 1 || q > i32(n[a]) - 1) { return; }
  var e = vec3i(0);
  e[a] = 1;
  let hi = cell_index(c, n);
  let lo = cell_index(c - e, n);
  let l = cells[lo];
  let h = cells[hi];
  if (l.kind == CELL_SOLID || h.kind == CELL_SOLID || (l.kind != CELL_FLUID && h.kind != CELL_FLUID)) { return; }
  var u = bitcast<f32>(faces[id.x].x);
  if (l.kind == CELL_AIR) {
    u -= pressure[hi] / interface_fraction(h.density, l.density, theta_min);
  } else if (h.kind == CELL_AIR) {
    u += pressure[lo] / interface_fraction(l.density, h.density, theta_min);
  } else {
    u -= pressure[hi] - pressure[lo];
  }
  faces[id.x].x = bitcast<i32>(u);
}
