/**
 * The MLS-MPM kernels' WGSL text: one kernel per file in shaders/fluid/, each prefixed with the shared
 * structs and helpers of shaders/common/fluid.wgsl (WGSL has no #include). Sources come in as plain
 * strings so the same runner works in the browser (shaders-vite.ts, Vite `?raw` imports) and in Node
 * (readFluidShadersNode, fs).
 */
export const FLUID_KERNELS = ['clear_grid', 'p2g', 'classify_cells', 'update_faces', 'divergence', 'pressure_sor', 'project_faces', 'body_forces', 'reflect_faces', 'extend_faces', 'g2p', 'push_out'] as const;
export type FluidKernel = (typeof FLUID_KERNELS)[number];

export interface FluidShaderSources {
  common: string;
  kernels: Record<FluidKernel, string>;
}

/** The complete module text of one kernel. */
export function kernelModule(sources: FluidShaderSources, kernel: FluidKernel): string {
  return `${sources.common}\n${sources.kernels[kernel]}`;
}

/** The `override` names a kernel file declares (pipeline constants must name only these). */
export function kernelOverrides(kernelSource: string): string[] {
  return [...kernelSource.replace(/\/\/[^\n]*/g, '').matchAll(/\boverride\s+(\w+)/g)].map((m) => m[1]);
}

/** Reads the shaders from the repository in Node. `root` is the repository root. */
export async function readFluidShadersNode(root: string): Promise<FluidShaderSources> {
  const { readFile } = await import('node:fs/promises');
  const read = (p: string) => readFile(`${root}/shaders/${p}`, 'utf8');
  const kernels = {} as Record<FluidKernel, string>;
  for (const k of FLUID_KERNELS) kernels[k] = await read(`fluid/${k}.wgsl`);
  return { common: await read('common/fluid.wgsl'), kernels };
}
