/**
 * One GPUDevice for the renderer and the draft model, so that the model's input tensor can be packed
 * from the render targets on the GPU (gpu-pack.ts) and handed to onnxruntime without a round trip
 * through the CPU. WebGPU objects belong to one device: a buffer made on three's device cannot be
 * bound on onnxruntime's.
 *
 *   main.ts ─ MODEL_DEVICE_LIMITS ─► SceneView.create: three's device with the adapter's values of
 *                                    those limits (what onnxruntime would ask for itself)
 *   SceneView.gpuDevice ─► DraftEngine ─ shareDeviceWithOrt (before the first session) ─► onnxruntime
 *
 * onnxruntime-web documents `env.webgpu.device` for this, but its JSEP build (1.30, the one this app
 * ships) ignores it and calls `requestDevice` on `env.webgpu.adapter` (microsoft/onnxruntime#26107;
 * measured here: a GPU buffer from the page's own device then fails validation inside the runtime and
 * the outputs come out as zeros). So the adapter it is given answers with the shared device, and
 * advertises that device's own limits and features, so that what onnxruntime requires is exactly what
 * the device has. `env.webgpu.device` is set as well, for a build that honours it. The engine checks
 * after creating the session that the runtime really computes on this device
 * (OrtDraftSession.gpuDevice) before it feeds it GPU buffers.
 *
 * onnxruntime installs its own `onuncapturederror` on the device it gets, which would replace the
 * renderer's; the renderer's is kept as an event listener, so both report.
 */
import type { OrtModule } from '../session.ts';

/** The limits onnxruntime-web's WebGPU provider requests at the adapter's values when it makes its own device. */
export const MODEL_DEVICE_LIMITS = [
  'maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize',
  'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupSizeZ',
] as const;

/** Has onnxruntime-web's WebGPU provider compute on `device`; call once, before its first session. */
export function shareDeviceWithOrt(ort: OrtModule, device: GPUDevice): void {
  let handed = false;
  const adapter = {
    limits: device.limits,
    features: device.features,
    info: device.adapterInfo,
    requestDevice: async (): Promise<GPUDevice> => {
      if (!handed) {
        handed = true;
        const renderers = device.onuncapturederror;
        if (renderers) {
          device.addEventListener('uncapturederror', renderers);
          device.onuncapturederror = null;
        }
      }
      return device;
    },
  };
  ort.env.webgpu.adapter = adapter as unknown as GPUAdapter;
  ort.env.webgpu.device = device;
}
