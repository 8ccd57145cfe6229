/**
 * The fluid kernels' WGSL for the browser build: Vite inlines each file as a string (`?raw`).
 */
import common from '../../../shaders/common/fluid.wgsl?raw';
import clearGrid from '../../../shaders/fluid/clear_grid.wgsl?raw';
import p2g1 from '../../../shaders/fluid/p2g_1.wgsl?raw';
import p2g2 from '../../../shaders/fluid/p2g_2.wgsl?raw';
import updateGrid from '../../../shaders/fluid/update_grid.wgsl?raw';
import g2p from '../../../shaders/fluid/g2p.wgsl?raw';
import type { FluidShaderSources } from './shaders.ts';

export const FLUID_SHADERS: FluidShaderSources = {
  common,
  kernels: { clear_grid: clearGrid, p2g_1: p2g1, p2g_2: p2g2, update_grid: updateGrid, g2p },
};
