// Pass 5 (run 2 × sweeps times, colour 0 then 1): one red–black SOR update of the pressure of the
// fluid cells of one colour ((i + j + k) mod 2), φ ← (1 − ω) φ + ω (Σ_fluid-nb φ − rhs) / diag. A
// colour reads only the other colour, so the result does not depend on thread order.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override cell_count: u32;
override omega: f32;
override color: u32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read> cells: array<CellState>;
@group(0) @binding(1) var<storage, read_write> pressure: array<f32>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= cell_count) { return; }
  let n = vec3u(grid_x, grid_y, grid_z);
  let c = cell_coords(id.x, n);
  if (u32(c.x + c.y + c.z) % 2u != color) { return; }
  let cell = cells[id.x];
  if (cell.kind != CELL_FLUID || cell.diag == 0.0) { return; }
  var s = 0.0;
  let offsets = array<vec3i, 6>(vec3i(-1, 0, 0), vec3i(1, 0, 0), vec3i(0, -1, 0), vec3i(0, 1, 0), vec3i(0, 0, -1), vec3i(0, 0, 1));
  for (var q = 0; q < 6; q++) {
    let nb = cell_index(c + offsets[q], n);
    if (cells[nb].kind == CELL_FLUID) { s += pressure[nb]; }
  }
  pressure[id.x] = (1.0 - omega) * pressure[id.x] + omega * (s - cell.rhs) / cell.diag;
}
