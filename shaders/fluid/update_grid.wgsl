// MLS-MPM pass 3 (grid update): velocity = momentum / mass + g Δt; at solid cells the velocity into
// the solid is removed (slip along it), or all of it deep inside a solid. Writes f32 velocity and
// mass over the fixed-point values, bit-cast, for G2P.
override cell_count: u32;
override fixed_point_multiplier: f32;
override gravity_x: f32;
override gravity_y: f32;
override gravity_z: f32;
override dt: f32;
override workgroup_size: u32 = 64;

@group(0) @binding(0) var<storage, read_write> cells: array<vec4i>;
// Per cell: xyz = unit normal out of the solid, w = 1 for a solid cell.
@group(0) @binding(1) var<storage, read> boundary: array<vec4f>;

@compute @workgroup_size(workgroup_size)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= cell_count) { return; }
  let raw = cells[id.x];
  let mass = decode_fixed(raw.w, fixed_point_multiplier);
  var v = vec3f(0.0);
  if (mass > 0.0) {
    v = vec3f(decode_fixed(raw.x, fixed_point_multiplier), decode_fixed(raw.y, fixed_point_multiplier), decode_fixed(raw.z, fixed_point_multiplier)) / mass;
    v += vec3f(gravity_x, gravity_y, gravity_z) * dt;
    let b = boundary[id.x];
    if (b.w > 0.5) {
      if (all(b.xyz == vec3f(0.0))) {
        v = vec3f(0.0);
      } else {
        let vn = dot(v, b.xyz);
        if (vn < 0.0) { v -= vn * b.xyz; }
      }
    }
  }
  cells[id.x] = bitcast<vec4i>(vec4f(v, mass));
}
