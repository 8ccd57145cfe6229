/**
 * Makes each explicit render a frame of its own for three's node system.
 *
 * three advances its NodeFrame (frameId) once per tick of its own requestAnimationFrame loop, and
 * per-frame node work is done once per frameId: above all the sun's shadow map, which
 * ShadowNode.updateBefore renders at most once per camera per frameId. The app draws many moments
 * within one tick (every frame of an export, stills, the draft model's passes, the first frame after a
 * scene change), so without this every render after the tick's first reused that first render's shadow
 * map (seen: the previous scene's basketball hoop shadowed on the next scene's floor, and liquids cast
 * no shadow in exports). three has no public call for this; NodeFrame.update() is what its animation
 * loop calls each tick.
 */
import type * as THREE from 'three/webgpu';

export function beginNodeFrame(renderer: THREE.WebGPURenderer): void {
  (renderer as unknown as { _nodes: { nodeFrame: { update(): void } } })._nodes.nodeFrame.update();
}
