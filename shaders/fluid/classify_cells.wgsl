// Pass 2: each cell's kind (solid, fluid = holds a particle, or air) and its density / ρ₀, the
// centre's B-spline mass over the share of that kernel outside solids (MpmFluid.updateFaces' first loop).
override cell_count: u32;
override fixed_point_multiplier: f32;
override rest_density: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read> cell_scatter: array<vec2i>;
@group(0) @binding(1) var<storage, read_write> cells: array<CellState>;
// Per cell: xyz = the solid's velocity (cells/s), w = what is there (see fluid.wgsl).
@group(0) @binding(2) var<storage, read> boundary: array<vec4f>;
@group(0) @binding(3) var<storage, read> kernel_volume: array<f32>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= cell_count) { return; }
  let s = cell_scatter[id.x];
  var kind = CELL_AIR;
  if (boundary_is_solid(boundary[id.x].w)) { kind = CELL_SOLID; } else if (s.x > 0) { kind = CELL_FLUID; }
  let kv = kernel_volume[id.x];
  var density = 0.0;
  if (kv > 0.0) { density = decode_fixed(s.y, fixed_point_multiplier) / (kv * rest_density); }
  cells[id.x] = CellState(kind, density, 0.0, 0.0);
}
