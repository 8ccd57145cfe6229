/**
 * A WebGPU device in Node through the `webgpu` npm package (Dawn). On these CPU machines Dawn runs on
 * Chromium's SwiftShader Vulkan driver: start Node with
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * (ENVIRONMENT.md). The package is optional: it is found as `webgpu`, or at the path in
 * $WORLDDRAFT_WEBGPU (a folder holding node_modules/webgpu's index.js, or that file). Returns null
 * when there is no package or no adapter, so callers can skip.
 */
export interface NodeGpu {
  device: GPUDevice;
  adapterInfo: string;
  dispose(): void;
}

/** Dawn's GPU objects must stay referenced while any device made from them lives. */
const keepAlive: unknown[] = [];

export async function nodeGpuDevice(): Promise<NodeGpu | null> {
  let mod: { create(flags: string[]): GPU; globals: Record<string, unknown> } | null = null;
  const candidates = ['webgpu'];
  const env = process.env.WORLDDRAFT_WEBGPU;
  if (env) candidates.unshift(env.endsWith('.js') ? env : `${env.replace(/\/$/, '')}/index.js`);
  for (const c of candidates) {
    try {
      mod = await import(/* @vite-ignore */ c);
      break;
    } catch { /* try the next */ }
  }
  if (!mod) return null;
  Object.assign(globalThis, mod.globals);
  const gpu = mod.create([]);
  keepAlive.push(gpu);
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  keepAlive.push(adapter);
  const device = await adapter.requestDevice({ label: 'worlddraft node device' });
  const info = adapter.info;
  let disposed = false;
  return {
    device,
    adapterInfo: `${info.vendor} ${info.architecture} ${info.description}`.trim(),
    dispose() { if (!disposed) { disposed = true; device.destroy(); } },
  };
}
