/**
 * The GPU tensor packer's WGSL for the browser build: Vite inlines each kernel file as a string
 * (`?raw`). Node (the bench) reads the same files from shaders/draft/ itself.
 */
import packInput from '../../../shaders/draft/pack_input.wgsl?raw';
import decodeOutput from '../../../shaders/draft/decode_output.wgsl?raw';
import type { DraftShaderSources } from './gpu-pack.ts';

export const DRAFT_SHADERS: DraftShaderSources = { packInput, decodeOutput };
