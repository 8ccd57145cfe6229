// After project_faces, when bodies are coupled (MpmFluid.accumulateBodyForces): the liquid's pressure
// force and torque on each moving body this substep, added × Δt to its impulse (6 per body: linear
// N·s, then angular about the body's centre N·m·s). One workgroup per body; its threads stride over
// the body's cells (body_cells) and the six faces of each.
//
//   sums     over the faces between a body cell and a liquid cell (wetted): Σ (p_face − ρ g·x) and
//            their count, and per side (axis, ±) of the body the wetted faces and the faces against
//            another solid's cell (dry); p_face extrapolated from the liquid cell's centre to the face,
//            through the next liquid cell out, or hydrostatically when there is none
//   forces   a wetted face pushes with p_face; a dry face with max(0, p₀ + ρ g·x), p₀ the mean of the
//            first sum, only when the body has wetted faces and its side has at least as many wetted
//            faces as dry ones (mpm.ts says why); force −side · p · h² along the face's axis, torque
//            r × F with r from the centre to the face's centre
//
// Both sums are tree reductions in workgroup memory, in f32, so the result does not depend on thread
// timing (no atomics); the CPU sums the same terms in f64 in cell order. Pressures are in Pa, lengths
// in m, as in the CPU reference; the pressure buffer holds φ = p Δt / (ρ h²).
override grid_x: u32;
override grid_y: u32;
override grid_z: u32;
override dt: f32;
override cell_m: f32;
override density_kg_m3: f32;
override gravity_x: f32;
override gravity_y: f32;
override gravity_z: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read> cells: array<CellState>;
@group(0) @binding(1) var<storage, read> pressure: array<f32>;
@group(0) @binding(2) var<storage, read> boundary: array<vec4f>;
@group(0) @binding(3) var<storage, read> bodies: array<Body>;
@group(0) @binding(4) var<storage, read> body_cells: array<u32>;
@group(0) @binding(5) var<storage, read_write> body_impulses: array<f32>;

// Per thread, then reduced: [0] Σ (p − ρ g·x), [1] wetted faces, [2 + side] wetted and [8 + side] dry
// faces per side (side = 2 axis + (1 if +)); in the second sum [0..2] force, [3..5] torque.
const SUMS = 14u;
var<workgroup> partial: array<array<f32, 14>, workgroup_size>;

fn pressure_pa(c: u32) -> f32 {
  return density_kg_m3 * cell_m * cell_m * pressure[c] / dt;
}

fn gravity_mps2() -> vec3f {
  return vec3f(gravity_x, gravity_y, gravity_z) * cell_m;
}

// The pressure on the face of body cell `pos` towards its liquid neighbour at pos + e (e = ±1 along a).
fn face_pressure(pos: vec3i, a: u32, e: vec3i, n: vec3u) -> f32 {
  let p1 = pressure_pa(cell_index(pos + e, n));
  let q2 = pos[a] + 2 * e[a];
  if (q2 >= 0 && q2 < i32(n[a])) {
    let c2 = cell_index(pos + 2 * e, n);
    if (cells[c2].kind == CELL_FLUID) { return p1 + 0.5 * (p1 - pressure_pa(c2)); }
  }
  return p1 - f32(e[a]) * 0.5 * density_kg_m3 * gravity_mps2()[a] * cell_m;
}

// g·x at the centre of that face, m²/s² (x from the grid's corner).
fn g_dot_x(pos: vec3i, e: vec3i) -> f32 {
  let x = (vec3f(pos) + 0.5 + 0.5 * vec3f(e)) * cell_m;
  let g = gravity_mps2();
  return g.x * x.x + g.y * x.y + g.z * x.z;
}

// The neighbour of body cell `pos` across its face `side` (axis side / 2, towards + when side is odd):
// its index, the axis and the unit step; `inside` is false where that neighbour is a border cell.
struct Neighbour { inside: bool, cell: u32, axis: u32, step: vec3i }

fn neighbour(pos: vec3i, side: u32, n: vec3u) -> Neighbour {
  let a = side / 2u;
  var e = vec3i(0);
  e[a] = select(-1, 1, (side & 1u) == 1u);
  let q = pos[a] + e[a];
  let inside = q >= 1 && q <= i32(n[a]) - 2;
  return Neighbour(inside, select(0u, cell_index(pos + e, n), inside), a, e);
}

// Sums partial[·][0 .. count) over the workgroup into partial[0] (workgroup_size a power of two).
fn reduce(lid: u32, count: u32) {
  workgroupBarrier();
  for (var stride = workgroup_size / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      for (var k = 0u; k < count; k++) { partial[lid][k] += partial[lid + stride][k]; }
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(workgroup_size)
fn main(@builtin(workgroup_id) group: vec3u, @builtin(local_invocation_index) lid: u32) {
  let n = vec3u(grid_x, grid_y, grid_z);
  let b = group.x;
  let body = bodies[b];
  var sums: array<f32, 14>;
  for (var i = lid; i < body.cell_count; i += workgroup_size) {
    let pos = cell_coords(body_cells[body.first_cell + i], n);
    for (var side = 0u; side < 6u; side++) {
      let nb = neighbour(pos, side, n);
      if (!nb.inside) { continue; }
      let kind = cells[nb.cell].kind;
      if (kind == CELL_FLUID) {
        sums[0] += face_pressure(pos, nb.axis, nb.step, n) - density_kg_m3 * g_dot_x(pos, nb.step);
        sums[1] += 1.0;
        sums[2u + side] += 1.0;
      } else if (kind == CELL_SOLID && boundary_body(boundary[nb.cell].w) != i32(b)) {
        sums[8u + side] += 1.0;
      }
    }
  }
  partial[lid] = sums;
  reduce(lid, SUMS);
  let totals = partial[0];
  let wetted = totals[1];
  let p0 = select(0.0, totals[0] / wetted, wetted > 0.0);
  workgroupBarrier();
  var load: array<f32, 14>;
  for (var i = lid; i < body.cell_count; i += workgroup_size) {
    let pos = cell_coords(body_cells[body.first_cell + i], n);
    for (var side = 0u; side < 6u; side++) {
      let nb = neighbour(pos, side, n);
      if (!nb.inside) { continue; }
      let a = nb.axis;
      let e = nb.step;
      let kind = cells[nb.cell].kind;
      var p = 0.0;
      if (kind == CELL_FLUID) {
        p = face_pressure(pos, a, e, n);
      } else if (kind == CELL_SOLID && boundary_body(boundary[nb.cell].w) != i32(b)) {
        if (wetted == 0.0 || totals[2u + side] < totals[8u + side]) { continue; }
        p = max(0.0, p0 + density_kg_m3 * g_dot_x(pos, e));
      } else { continue; }
      var force = vec3f(0.0);
      force[a] = -f32(e[a]) * p * cell_m * cell_m;
      let r = (vec3f(pos) + 0.5 + 0.5 * vec3f(e) - body.centre) * cell_m;
      let torque = cross(r, force);
      load[0] += force.x; load[1] += force.y; load[2] += force.z;
      load[3] += torque.x; load[4] += torque.y; load[5] += torque.z;
    }
  }
  partial[lid] = load;
  reduce(lid, 6u);
  if (lid < 6u) { body_impulses[b * 6u + lid] += partial[0][lid] * dt; }
}
