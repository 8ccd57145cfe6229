// The draft picture from the model's output tensor, on the GPU: one thread per frame pixel crops the
// frame from the top left of the (padded) output, maps the manifest's range to 0..1, turns NaN into 0,
// clamps, converts linear output to sRGB, and writes HWC sRGB (3 per pixel), exactly as readOutput in
// src/inference/pack.ts does on the CPU. The result stays on the GPU as the next frame's `previous`
// (pack_input.wgsl warps it) and is read back once, for display or export.
override workgroup_width: u32 = 8;
override workgroup_height: u32 = 8;

struct DecodeParams {
  frame_width: u32,
  frame_height: u32,
  tensor_width: u32,
  tensor_height: u32,
  nhwc: u32,
  linear: u32,
  range_low: f32,
  range_scale: f32,
}

@group(0) @binding(0) var<uniform> params: DecodeParams;
@group(0) @binding(1) var<storage, read> output: array<f32>;
@group(0) @binding(2) var<storage, read_write> draft: array<f32>;

fn is_nan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}

fn linear_to_srgb(v: f32) -> f32 {
  if (v <= 0.0031308) { return 12.92 * v; }
  return 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

@compute @workgroup_size(workgroup_width, workgroup_height)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.frame_width || id.y >= params.frame_height) { return; }
  let pixel = id.y * params.tensor_width + id.x;
  let plane = params.tensor_width * params.tensor_height;
  let out = 3u * (id.y * params.frame_width + id.x);
  for (var c = 0u; c < 3u; c++) {
    let raw = output[select(c * plane + pixel, pixel * 3u + c, params.nhwc != 0u)];
    var v = (raw - params.range_low) * params.range_scale;
    if (is_nan(v)) { v = 0.0; }
    v = clamp(v, 0.0, 1.0);
    draft[out + c] = select(v, linear_to_srgb(v), params.linear != 0u);
  }
}
