/**
 * The fluid kernels' WGSL for the browser build: Vite inlines each file as a string (`?raw`).
 */
import common from '../../../shaders/common/fluid.wgsl?raw';
import clearGrid from '../../../shaders/fluid/clear_grid.wgsl?raw';
import p2g from '../../../shaders/fluid/p2g.wgsl?raw';
import classifyCells from '../../../shaders/fluid/classify_cells.wgsl?raw';
import updateFaces from '../../../shaders/fluid/update_faces.wgsl?raw';
import divergence from '../../../shaders/fluid/divergence.wgsl?raw';
import pressureSor from '../../../shaders/fluid/pressure_sor.wgsl?raw';
import projectFaces from '../../../shaders/fluid/project_faces.wgsl?raw';
import bodyForces from '../../../shaders/fluid/body_forces.wgsl?raw';
import reflectFaces from '../../../shaders/fluid/reflect_faces.wgsl?raw';
import extendFaces from '../../../shaders/fluid/extend_faces.wgsl?raw';
import g2p from '../../../shaders/fluid/g2p.wgsl?raw';
import pushOut from '../../../shaders/fluid/push_out.wgsl?raw';
import type { FluidShaderSources } from './shaders.ts';

export const FLUID_SHADERS: FluidShaderSources = {
  common,
  kernels: {
    clear_grid: clearGrid, p2g, classify_cells: classifyCells, update_faces: updateFaces, divergence,
    pressure_sor: pressureSor, project_faces: projectFaces, body_forces: bodyForces, reflect_faces: reflectFaces,
    extend_faces: extendFaces, g2p, push_out: pushOut,
  },
};
