// Shared structs and helpers of the fluid kernels (shaders/fluid/*.wgsl); prepended to each kernel by
// src/sim/gpu/shaders.ts. The TypeScript mirror of these layouts is src/sim/gpu/layout.ts, and
// src/sim/gpu/layout.test.ts checks that the byte offsets agree.
//
// Units and passes are the CPU reference's (src/sim/fluid/mpm.ts): lengths in cells, time in seconds,
// particle mass 1; a MAC grid (velocity components on cell faces, pressure at cell centres). P2G
// scatters with fixed-point i32 atomics (WGSL has no float atomics), as in matsuoka-601/WebGPU-Ocean.
// The three face grids live in one buffer: the x faces ((nx+1)·ny·nz), then y, then z.

struct Particle {
  position: vec3f,   // cells
  alive: u32,        // 1, or 0 once the particle has left (open sides, or inside a body placed on it)
  v: vec3f,          // cells / s
  C: mat3x3f,        // APIC affine velocity, 1 / s; column a = ∇v_a
}

// A face during P2G: fixed-point momentum and mass. From update_faces on, the same 8 bytes hold the
// f32 velocity (bit-cast) and tag | kind << 8 (see FACE_* below).
struct Face {
  momentum: atomic<i32>,
  mass: atomic<i32>,
}

// A cell during P2G: particles in it, and the fixed-point B-spline mass at its centre.
struct CellScatter {
  count: atomic<i32>,
  mass: atomic<i32>,
}

// A cell from classify_cells on: CELL_*, density / ρ₀ (wall-renormalised), the pressure equation's
// right-hand side and diagonal.
struct CellState {
  kind: u32,
  density: f32,
  rhs: f32,
  diag: f32,
}

struct Params {
  particle_count: u32,   // particle slots (a particle that leaves keeps its slot, not alive)
  remove_inside: u32,    // push_out: 1 removes the particles inside body cells instead of pushing them out
  _pad0: u32,
  _pad1: u32,
}

// A moving body this fixed step (MpmFluid.setMovingSolids): its centre (cells; torques are taken
// about it) and its cells, body_cells[first_cell .. first_cell + cell_count).
struct Body {
  centre: vec3f,
  first_cell: u32,
  cell_count: u32,
}

const CELL_AIR: u32 = 0u;
const CELL_FLUID: u32 = 1u;
const CELL_SOLID: u32 = 2u;
const FACE_OPEN: u32 = 0u;
const FACE_WALL: u32 = 1u;
const FACE_SOLID: u32 = 2u;
const TAG_INVALID: u32 = 255u;

// The boundary buffer holds per cell the solid's velocity (xyz, cells/s) and in w what is there:
// 0 nothing, 1 static geometry, 2 + k the moving body k.
fn boundary_is_solid(w: f32) -> bool { return w > 0.5; }
fn boundary_body(w: f32) -> i32 { return select(-1, i32(w) - 2, w > 1.5); }

// True outside the grid (MpmFluid.isSolidAt treats that as solid).
fn outside_grid(x: vec3f, n: vec3u) -> bool {
  return any(x < vec3f(0.0)) || any(x >= vec3f(n));
}

fn encode_fixed(x: f32, multiplier: f32) -> i32 {
  return i32(round(x * multiplier));
}

fn decode_fixed(x: i32, multiplier: f32) -> f32 {
  return f32(x) / multiplier;
}

// Quadratic B-spline weights of three nodes round a coordinate, per axis: w[i] holds node i's weight
// along x, y, z; base is node 0's index; dist0 = node 0's position − the particle's.
struct Stencil {
  base: vec3i,
  w: array<vec3f, 3>,
  dist0: vec3f,
}

// Nodes at cell centres (i + 0.5); node 0 is the particle's cell − 1.
fn centre_stencil(x: vec3f) -> Stencil {
  let b = floor(x) - 1.0;
  let d = x - b - 1.5;
  return Stencil(vec3i(b), array<vec3f, 3>(0.5 * (0.5 - d) * (0.5 - d), 0.75 - d * d, 0.5 * (0.5 + d) * (0.5 + d)), b + 0.5 - x);
}

// Nodes at cell faces (i); node 0 is round(x) − 1.
fn face_stencil(x: vec3f) -> Stencil {
  let b = floor(x - 0.5);
  let d = x - b - 1.0;
  return Stencil(vec3i(b), array<vec3f, 3>(0.5 * (0.5 - d) * (0.5 - d), 0.75 - d * d, 0.5 * (0.5 + d) * (0.5 + d)), b - x);
}

// The stencil of velocity component a: the face stencil along axis a, the centre one along the others.
fn component_stencil(a: u32, centre: Stencil, face: Stencil) -> Stencil {
  let m = vec3<bool>(a == 0u, a == 1u, a == 2u);
  return Stencil(select(centre.base, face.base, m),
    array<vec3f, 3>(select(centre.w[0], face.w[0], m), select(centre.w[1], face.w[1], m), select(centre.w[2], face.w[2], m)),
    select(centre.dist0, face.dist0, m));
}

fn cell_index(c: vec3i, n: vec3u) -> u32 {
  return (u32(c.z) * n.y + u32(c.y)) * n.x + u32(c.x);
}

fn cell_coords(index: u32, n: vec3u) -> vec3i {
  return vec3i(i32(index % n.x), i32((index / n.x) % n.y), i32(index / (n.x * n.y)));
}

// Dimensions of component a's face grid, and where it starts in the face buffer.
fn face_dims(a: u32, n: vec3u) -> vec3u {
  return n + vec3u(select(0u, 1u, a == 0u), select(0u, 1u, a == 1u), select(0u, 1u, a == 2u));
}

fn face_offset(a: u32, n: vec3u) -> u32 {
  let nu = (n.x + 1u) * n.y * n.z;
  let nv = n.x * (n.y + 1u) * n.z;
  return select(select(0u, nu, a >= 1u), nu + nv, a >= 2u);
}

fn face_index(a: u32, c: vec3i, n: vec3u) -> u32 {
  let d = face_dims(a, n);
  return face_offset(a, n) + (u32(c.z) * d.y + u32(c.y)) * d.x + u32(c.x);
}

// Which component a face buffer index belongs to, and its coordinates in that component's grid.
fn face_component(index: u32, n: vec3u) -> u32 {
  return select(select(0u, 1u, index >= face_offset(1u, n)), 2u, index >= face_offset(2u, n));
}

fn face_coords(index: u32, a: u32, n: vec3u) -> vec3i {
  return cell_coords(index - face_offset(a, n), face_dims(a, n));
}

// Where the surface crosses from a fluid cell's centre towards an air neighbour's (fraction θ of a
// cell): the half-density crossing of the two densities, clamped to [theta_min, 1] (mpm.ts interfaceFraction).
fn interface_fraction(fluid_density: f32, air_density: f32, theta_min: f32) -> f32 {
  var theta = 1.0;
  if (fluid_density > air_density) { theta = (fluid_density - 0.5) / (fluid_density - air_density); }
  return clamp(theta, theta_min, 1.0);
}
