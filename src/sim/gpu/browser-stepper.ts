/**
 * The GPU fluid solver in a browser realm (the simulation worker, or the page): a GPUDevice from
 * navigator.gpu, opened on first use and kept for the realm's lifetime (a lost device is opened
 * again next time), and the WGSL kernels as Vite bundles them (shaders-vite.ts). sim/runner.ts's
 * runSession asks for it when the user chose the GPU for liquids.
 */
import type { FluidStepperFactory } from '../simulate.ts';
import { gpuFluidStepper } from './stepper.ts';
import { FLUID_SHADERS } from './shaders-vite.ts';

let opened: Promise<FluidStepperFactory> | null = null;

/** The stepper factory on this realm's WebGPU device; rejects with a sentence when there is none. */
export function browserGpuFluidStepper(): Promise<FluidStepperFactory> {
  opened ??= open().catch((error: unknown) => {
    opened = null;
    throw error;
  });
  return opened;
}

async function open(): Promise<FluidStepperFactory> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('this browser offers no WebGPU adapter');
  const device = await adapter.requestDevice({ label: 'worlddraft fluid solver device' });
  void device.lost.then(() => { opened = null; });
  const { vendor, architecture, description } = adapter.info;
  return gpuFluidStepper(device, FLUID_SHADERS, `webgpu: ${[vendor, architecture, description].filter(Boolean).join(' ')}`);
}
