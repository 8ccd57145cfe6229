// Shared structs and helpers of the MLS-MPM fluid kernels (shaders/fluid/*.wgsl); prepended to each
// kernel by src/sim/gpu/shaders.ts. The TypeScript mirror of these layouts is src/sim/gpu/layout.ts,
// and src/sim/gpu/layout.test.ts checks that the byte offsets agree.
//
// Units are the CPU reference's (src/sim/fluid/mpm.ts): lengths in cells, time in seconds, particle
// mass 1. Grid nodes sit at cell centres; P2G scatters with fixed-point i32 atomics (WGSL has no
// float atomics), as in matsuoka-601/WebGPU-Ocean.

struct Particle {
  position: vec3f,   // cells
  density: f32,      // particles per cell, written by P2G 2
  v: vec3f,          // cells / s
  C: mat3x3f,        // APIC affine velocity, 1 / s; C[col][row]
}

// During P2G: fixed-point momentum (x, y, z) and mass, as i32. After the grid update the same
// 16 bytes hold f32 velocity (x, y, z) and mass, bit-cast (see update_grid.wgsl).
struct Cell {
  vx: atomic<i32>,
  vy: atomic<i32>,
  vz: atomic<i32>,
  mass: atomic<i32>,
}

struct Params {
  particle_count: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

fn encode_fixed(x: f32, multiplier: f32) -> i32 {
  return i32(round(x * multiplier));
}

fn decode_fixed(x: i32, multiplier: f32) -> f32 {
  return f32(x) / multiplier;
}

// Quadratic B-spline weights round a particle (rows: x, y, z weights of nodes cell − 1, cell, cell + 1).
fn bspline_weights(position: vec3f) -> array<vec3f, 3> {
  let d = position - floor(position) - 0.5;
  return array<vec3f, 3>(0.5 * (0.5 - d) * (0.5 - d), 0.75 - d * d, 0.5 * (0.5 + d) * (0.5 + d));
}

fn cell_index(c: vec3i, n: vec3u) -> u32 {
  return (u32(c.z) * n.y + u32(c.y)) * n.x + u32(c.x);
}
