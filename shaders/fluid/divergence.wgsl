// Pass 4: for each fluid cell, the pressure equation's right-hand side ∇·u − e/τ (e = ρ − 1 beyond
// ±density_band; below the band only where no cell of the 3×3×3 block is air) and its diagonal (1 per fluid neighbour,
// 1/θ per air neighbour); other cells get pressure 0. The pressure of fluid cells is left as the warm
// start.
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override cell_count: u32;
override density_relax: f32;
override density_band: f32;
override theta_min: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read> faces: array<vec2i>;
@group(0) @binding(1) var<storage, read_write> cells: array<CellState>;
@group(0) @binding(2) var<storage, read_write> pressure: array<f32>;

fn face_velocity(a: u32, c: vec3i, n: vec3u) -> f32 {
  return bitcast<f32>(faces[face_index(a, c, n)].x);
}

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= cell_count) { return; }
  let cell = cells[id.x];
  if (cell.kind != CELL_FLUID) {
    pressure[id.x] = 0.0;
    cells[id.x].rhs = 0.0;
    cells[id.x].diag = 0.0;
    return;
  }
  let n = vec3u(grid_x, grid_y, grid_z);
  let c = cell_coords(id.x, n);
  let div = face_velocity(0u, c + vec3i(1, 0, 0), n) - face_velocity(0u, c, n)
    + face_velocity(1u, c + vec3i(0, 1, 0), n) - face_velocity(1u, c, n)
    + face_velocity(2u, c + vec3i(0, 0, 1), n) - face_velocity(2u, c, n);
  var deep = true;
  for (var k = -1; k <= 1; k++) {
    for (var j = -1; j <= 1; j++) {
      for (var i = -1; i <= 1; i++) {
        if (cells[cell_index(c + vec3i(i, j, k), n)].kind == CELL_AIR) { deep = false; }
      }
    }
  }
  let excess = cell.density - 1.0;
  var correction = 0.0;
  if (excess > density_band) { correction = (excess - density_band) * density_relax; }
  else if (excess < -density_band && deep) { correction = (excess + density_band) * density_relax; }
  var diag = 0.0;
  let offsets = array<vec3i, 6>(vec3i(-1, 0, 0), vec3i(1, 0, 0), vec3i(0, -1, 0), vec3i(0, 1, 0), vec3i(0, 0, -1), vec3i(0, 0, 1));
  for (var q = 0; q < 6; q++) {
    let nb = cells[cell_index(c + offsets[q], n)];
    if (nb.kind == CELL_FLUID) { diag += 1.0; } else if (nb.kind == CELL_AIR) { diag += 1.0 / interface_fraction(cell.density, nb.density, theta_min); }
  }
  cells[id.x].rhs = div - correction;
  cells[id.x].diag = diag;
}
