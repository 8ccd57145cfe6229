/**
 * Chooses the render backend: WebGPU only where it can really present a frame, else WebGL2.
 *
 * An adapter alone proves little: in headless Chromium with only --enable-unsafe-webgpu the device is
 * lost on the first frame drawn to a canvas (ENVIRONMENT.md). So the probe clears a small canvas to
 * green through WebGPU, copies it onto a 2D canvas, and checks the pixel. Anything else, a lost device,
 * a thrown error or a probe that takes too long, means WebGL2.
 */

export type Backend = 'webgpu' | 'webgl2';

const PROBE_TIMEOUT_MS = 4000;

/** Parses the `renderer` URL parameter: "webgpu", "webgl2" (alias "webgl") or null for automatic. */
export function parseBackendOverride(value: string | null): Backend | null {
  if (value === 'webgpu') return 'webgpu';
  if (value === 'webgl2' || value === 'webgl') return 'webgl2';
  return null;
}

export async function chooseBackend(override: Backend | null = null): Promise<Backend> {
  if (override === 'webgl2') return 'webgl2';
  const ok = await Promise.race([
    webgpuPresentsFrame().catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)),
  ]);
  return ok ? 'webgpu' : 'webgl2';
}

async function webgpuPresentsFrame(): Promise<boolean> {
  if (!navigator.gpu) return false;
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return false;
  const device = await adapter.requestDevice({ label: 'backend-probe' });
  let lost = false;
  void device.lost.then(() => { lost = true; });
  try {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 4;
    const context = canvas.getContext('webgpu');
    if (!context) return false;
    context.configure({ device, format: navigator.gpu.getPreferredCanvasFormat(), alphaMode: 'opaque' });
    const encoder = device.createCommandEncoder({ label: 'backend-probe' });
    const pass = encoder.beginRenderPass({
      label: 'backend-probe-clear',
      colorAttachments: [{ view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 1, b: 0, a: 1 } }],
    });
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    // Read back at once: the canvas buffer is not preserved past the next frame.
    const readback = document.createElement('canvas');
    readback.width = readback.height = 4;
    const context2d = readback.getContext('2d');
    if (!context2d) return false;
    context2d.drawImage(canvas, 0, 0);
    const [r, g, b] = context2d.getImageData(2, 2, 1, 1).data;
    return !lost && g > 200 && r < 60 && b < 60;
  } finally {
    device.destroy();
  }
}
