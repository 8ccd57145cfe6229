// The draft model's input tensor, packed on the GPU: one thread per tensor pixel writes every channel
// of one manifest input, in its order, layout and normalisation, exactly as packInput in
// src/inference/pack.ts does on the CPU (the e2e parity test compares the two):
//
//   albedo_pass, parameter_pass, direct_pass (three's render targets, RGBA32F, row 0 at the top) ─┐
//   frame[] (per pixel from the CPU: normal, depth m, backward flow, validity, beauty RGBA8) ─────┼─► tensor[]
//   previous[] (the last draft output, HWC sRGB, still on the GPU) ─ warped along the flow ───────┘
//
// Encodings are passes.ts's: depth log2(1 + m) / log2(1 + depth_max_m) (1 where no surface), direct
// x / (1 + x), beauty bytes / 255, albedo replaced by the background where neither a surface nor a
// liquid covers the pixel. Tensor pixels past the frame (padding to sizeMultiple) repeat the last row
// and column. `previous` is warpPrevious: bilinear backward sampling at (x + dx, y + dy), beauty
// where the pixel is invalid, the sample leaves the frame, or there is no previous output.
override workgroup_width: u32 = 8;
override workgroup_height: u32 = 8;
override depth_max_m: f32 = 100.0;

struct PackParams {
  frame_width: u32,
  frame_height: u32,
  tensor_width: u32,
  tensor_height: u32,
  channel_count: u32,
  nhwc: u32,
  has_previous: u32,
  background_r: f32,
  background_g: f32,
  background_b: f32,
}

// source: the channel's index in PASS_CHANNELS (src/inference/passes.ts); value = (v - mean) * scale.
struct ChannelSpec {
  source: u32,
  mean: f32,
  scale: f32,
}

struct FramePixel {
  normal: vec3f,
  depth_m: f32,
  flow: vec2f,
  valid: u32,
  beauty: u32,
}

@group(0) @binding(0) var<uniform> params: PackParams;
@group(0) @binding(1) var<storage, read> channels: array<ChannelSpec>;
@group(0) @binding(2) var<storage, read> frame: array<FramePixel>;
@group(0) @binding(3) var<storage, read> previous: array<f32>;
@group(0) @binding(4) var albedo_pass: texture_2d<f32>;
@group(0) @binding(5) var parameter_pass: texture_2d<f32>;
@group(0) @binding(6) var direct_pass: texture_2d<f32>;
@group(0) @binding(7) var<storage, read_write> tensor: array<f32>;

// NaN and infinity are told apart by their bits: compilers may assume comparisons never see a NaN.
fn is_finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

fn previous_at(x: i32, y: i32) -> vec3f {
  let i = 3u * (u32(y) * params.frame_width + u32(x));
  return vec3f(previous[i], previous[i + 1u], previous[i + 2u]);
}

// One axis of warpPrevious's bilinear tap. The sample sits at i + f (0 <= f < 1) in a row of n
// pixels; it is clamped to [0, n - 1] and the left tap to n - 2, as pack.ts does. Splitting off the
// integer part keeps the fraction exact in f32 (x + dx would round it for wide frames).
struct Tap {
  first: i32,
  second: i32,
  weight: f32,
}

fn axis_inside(i: i32, f: f32, n: i32) -> bool {
  return (i >= 0 || (i == -1 && f > 0.5)) && (i <= n - 2 || (i == n - 1 && f < 0.5));
}

fn axis_tap(i: i32, f: f32, n: i32) -> Tap {
  let last = max(n - 2, 0);
  if (i < 0) { return Tap(0, min(1, n - 1), 0.0); }
  if (i >= n - 1) { return Tap(last, min(last + 1, n - 1), f32(n - 1 - last)); }
  return Tap(i, i + 1, f);
}

fn warped_previous(x: i32, y: i32, p: FramePixel, beauty: vec3f) -> vec3f {
  if (params.has_previous == 0u || p.valid == 0u) { return beauty; }
  // Non-finite or absurd flow leaves the frame (pack.ts's inside test is false for NaN).
  if (!is_finite(p.flow.x) || !is_finite(p.flow.y) || abs(p.flow.x) > 1e6 || abs(p.flow.y) > 1e6) { return beauty; }
  let w = i32(params.frame_width);
  let h = i32(params.frame_height);
  let whole = floor(p.flow);
  let fraction = p.flow - whole;
  let ix = x + i32(whole.x);
  let iy = y + i32(whole.y);
  if (!axis_inside(ix, fraction.x, w) || !axis_inside(iy, fraction.y, h)) { return beauty; }
  let tx = axis_tap(ix, fraction.x, w);
  let ty = axis_tap(iy, fraction.y, h);
  let a = previous_at(tx.first, ty.first);
  let b = previous_at(tx.second, ty.first);
  let c = previous_at(tx.first, ty.second);
  let d = previous_at(tx.second, ty.second);
  let top = a + (b - a) * tx.weight;
  let bottom = c + (d - c) * tx.weight;
  return top + (bottom - top) * ty.weight;
}

fn encode_depth(depth_m: f32) -> f32 {
  if (!is_finite(depth_m)) { return 1.0; }
  if (!(depth_m > 0.0)) { return 1.0; }
  return min(1.0, log2(1.0 + depth_m) / log2(1.0 + depth_max_m));
}

fn squash(linear: vec3f) -> vec3f {
  return select(vec3f(0.0), linear / (1.0 + linear), linear > vec3f(0.0));
}

@compute @workgroup_size(workgroup_width, workgroup_height)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.tensor_width || id.y >= params.tensor_height) { return; }
  let x = i32(min(id.x, params.frame_width - 1u));
  let y = i32(min(id.y, params.frame_height - 1u));
  let p = frame[u32(y) * params.frame_width + u32(x)];
  let texel = vec2i(x, y);
  let parameters = textureLoad(parameter_pass, texel, 0);
  let direct = squash(textureLoad(direct_pass, texel, 0).rgb);
  var albedo = textureLoad(albedo_pass, texel, 0).rgb;
  if (!(p.depth_m > 0.0) && parameters.b == 0.0) {
    albedo = vec3f(params.background_r, params.background_g, params.background_b);
  }
  let beauty = unpack4x8unorm(p.beauty).rgb;
  let warped = warped_previous(x, y, p, beauty);
  // Every pass channel once, in PASS_CHANNELS order; the channel table picks from them.
  let depth = encode_depth(p.depth_m);
  let values = array<f32, 19>(
    albedo.r, albedo.g, albedo.b, p.normal.x, p.normal.y, p.normal.z, depth, direct.r, direct.g, direct.b,
    parameters.r, parameters.g, parameters.b, beauty.r, beauty.g, beauty.b, warped.r, warped.g, warped.b,
  );
  let plane = params.tensor_width * params.tensor_height;
  let pixel = id.y * params.tensor_width + id.x;
  for (var c = 0u; c < params.channel_count; c++) {
    let spec = channels[c];
    let index = select(c * plane + pixel, pixel * params.channel_count + c, params.nhwc != 0u);
    tensor[index] = (values[min(spec.source, 18u)] - spec.mean) * spec.scale;
  }
}
