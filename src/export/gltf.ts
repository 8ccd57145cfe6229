/**
 * Animated glTF (.glb) of a simulated scene, for Blender and game engines.
 *
 *   SceneSpec ─ geometry.ts parts ─ mesh.ts triangles ─┐
 *   SimTimeline frames ─ translation + rotation samplers ┴─► glTF-Transform Document ─► GLB bytes
 *
 * One node per body with its mesh (each primitive part baked into the body's frame), one animation
 * "simulation" with a LINEAR translation and rotation channel per body sampled at the timeline's
 * frames, static environment as unanimated nodes, and a camera. Materials are metallic-roughness with
 * the material table's colours. glTF is y-up, right-handed, in metres, as WorldDraft is, so nothing is
 * converted. DOM-free: runs in Node (CLI, tests) and the browser.
 */
import { Document, WebIO, type Material as GltfMaterial, type Mesh, type Node as GltfNode } from '@gltf-transform/core';
import type { SceneSpec } from '../scene/spec.ts';
import { MATERIALS, type MaterialName } from '../scene/materials.ts';
import { groundParts, itemParts, rotateVec, shapeParts, type Part, type Vec3 } from '../scene/geometry.ts';
import type { SimTimeline } from '../sim/timeline.ts';
import { primitiveMesh } from './mesh.ts';

export interface GltfCamera {
  name: string;
  positionM: Vec3;
  targetM: Vec3;
  fovDeg: number;
}

export interface GltfOptions {
  /** Cameras to include (one per shot); each looks from positionM at targetM. */
  cameras?: GltfCamera[];
  /** Include the floor and environment items (default true). */
  includeEnvironment?: boolean;
}

/** sRGB hex to linear RGBA, as glTF's baseColorFactor wants. */
function linearColour(hex: string): [number, number, number, number] {
  const value = parseInt(hex.slice(1), 16);
  const toLinear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return [toLinear((value >> 16) & 255), toLinear((value >> 8) & 255), toLinear(value & 255), 1];
}

/** Quaternion that turns −z (a glTF camera's view direction) towards `direction`, keeping +y up. */
function lookRotation(direction: Vec3): [number, number, number, number] {
  const len = Math.hypot(...direction);
  const f: Vec3 = [direction[0] / len, direction[1] / len, direction[2] / len];
  const yaw = Math.atan2(-f[0], -f[2]);
  const pitch = Math.asin(Math.max(-1, Math.min(1, f[1])));
  const cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2), cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
  // yaw about y, then pitch about the rotated x
  return [cy * sp, sy * cp, -sy * sp, cy * cp];
}

export async function exportGlb(spec: SceneSpec, timeline: SimTimeline, options: GltfOptions = {}): Promise<Uint8Array> {
  const doc = new Document();
  doc.getRoot().getAsset().generator = 'WorldDraft';
  const buffer = doc.createBuffer();
  const scene = doc.createScene('WorldDraft');
  const materials = new Map<MaterialName, GltfMaterial>();
  const materialFor = (name: MaterialName): GltfMaterial => {
    let material = materials.get(name);
    if (!material) {
      material = doc.createMaterial(name)
        .setBaseColorFactor(linearColour(MATERIALS[name].colorHex))
        .setMetallicFactor(name === 'steel' ? 0.9 : 0)
        .setRoughnessFactor(0.6);
      materials.set(name, material);
    }
    return material;
  };

  /** One mesh from parts given in a shared frame: each part's triangles moved into that frame. */
  const meshFromParts = (name: string, parts: readonly Part[], material: GltfMaterial): Mesh => {
    const mesh = doc.createMesh(name);
    for (const part of parts) {
      const triangles = primitiveMesh(part.shape);
      const positions = new Float32Array(triangles.positions.length);
      const normals = new Float32Array(triangles.normals.length);
      for (let i = 0; i < triangles.positions.length; i += 3) {
        const p = rotateVec([triangles.positions[i], triangles.positions[i + 1], triangles.positions[i + 2]], part.quaternion);
        const n = rotateVec([triangles.normals[i], triangles.normals[i + 1], triangles.normals[i + 2]], part.quaternion);
        positions.set([p[0] + part.positionM[0], p[1] + part.positionM[1], p[2] + part.positionM[2]], i);
        normals.set(n, i);
      }
      const indexArray = positions.length / 3 > 65535 ? new Uint32Array(triangles.indices) : new Uint16Array(triangles.indices);
      mesh.addPrimitive(doc.createPrimitive()
        .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
        .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
        .setIndices(doc.createAccessor().setType('SCALAR').setArray(indexArray).setBuffer(buffer))
        .setMaterial(material));
    }
    return mesh;
  };

  // Bodies, animated.
  const animation = doc.createAnimation('simulation');
  const times = doc.createAccessor('frame times').setType('SCALAR').setArray(new Float32Array(timeline.frames.map((f) => f.t))).setBuffer(buffer);
  spec.bodies.forEach((body, index) => {
    const first = timeline.frames[0];
    const node: GltfNode = doc.createNode(body.id)
      .setMesh(meshFromParts(body.id, shapeParts(body.shape), materialFor(body.material)))
      .setTranslation(first.positions[index])
      .setRotation(first.quaternions[index])
      .setExtras({ name: body.name, kind: body.kind, material: body.material, massKg: timeline.bodies[index].massKg });
    scene.addChild(node);
    const translations = new Float32Array(timeline.frames.flatMap((f) => f.positions[index]));
    const rotations = new Float32Array(timeline.frames.flatMap((f) => f.quaternions[index]));
    const translationSampler = doc.createAnimationSampler().setInput(times).setInterpolation('LINEAR')
      .setOutput(doc.createAccessor().setType('VEC3').setArray(translations).setBuffer(buffer));
    const rotationSampler = doc.createAnimationSampler().setInput(times).setInterpolation('LINEAR')
      .setOutput(doc.createAccessor().setType('VEC4').setArray(rotations).setBuffer(buffer));
    animation
      .addSampler(translationSampler).addSampler(rotationSampler)
      .addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath('translation').setSampler(translationSampler))
      .addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath('rotation').setSampler(rotationSampler));
  });

  // The static set.
  if (options.includeEnvironment ?? true) {
    const ground = spec.environment.ground;
    if (ground) scene.addChild(doc.createNode(ground.id).setMesh(meshFromParts(ground.id, groundParts(ground), materialFor(ground.material))));
    for (const item of spec.environment.items) {
      scene.addChild(doc.createNode(item.id).setMesh(meshFromParts(item.id, itemParts(item), materialFor(item.material))).setExtras({ kind: item.kind }));
    }
  }

  // Cameras.
  for (const camera of options.cameras ?? []) {
    const direction: Vec3 = [camera.targetM[0] - camera.positionM[0], camera.targetM[1] - camera.positionM[1], camera.targetM[2] - camera.positionM[2]];
    const gltfCamera = doc.createCamera(camera.name).setType('perspective')
      .setYFov((camera.fovDeg * Math.PI) / 180).setZNear(0.01).setZFar(1000).setAspectRatio(16 / 9);
    scene.addChild(doc.createNode(camera.name).setCamera(gltfCamera).setTranslation(camera.positionM).setRotation(lookRotation(direction)));
  }

  return new WebIO().writeBinary(doc);
}
