/**
 * Pass math on synthetic frames built analytically: a sphere's ray-cast depth and ids stand in for
 * the GPU, so flow, occlusion, tracks and Canny are checked against known answers.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from './shots.ts';
import { canny, computeFlow, computeTracks, depthRange, depthToUint16Mm, depthVisual, fibonacciSphere, lookAtViewMatrix, projectPoint, semanticClass, semanticImage, unprojectPixel, type GeometryFrame, type PassCamera } from './pass-math.ts';

const W = 64, H = 48;
const camera: PassCamera = { viewMatrix: lookAtViewMatrix([0, 0, 5], [0, 0, 0]), fovDeg: 40, aspect: W / H };

/** Ray-casts a sphere (id 1) of radius r at c in front of a wall at z = -2 (id 2). */
function frameWithSphere(c: Vec3, r = 0.6, cam = camera): GeometryFrame {
  const depth = new Float32Array(W * H), ids = new Uint16Array(W * H);
  const eye = unprojectPixel(cam, W, H, 0, 0, 0);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const p1 = unprojectPixel(cam, W, H, x, y, 1);
    const dir = p1.map((v, k) => v - eye[k]) as Vec3; // length = 1/cos, depth along axis = t
    const oc = eye.map((v, k) => v - c[k]);
    const a = dir[0] ** 2 + dir[1] ** 2 + dir[2] ** 2, b = 2 * (dir[0] * oc[0] + dir[1] * oc[1] + dir[2] * oc[2]);
    const disc = b * b - 4 * a * (oc[0] ** 2 + oc[1] ** 2 + oc[2] ** 2 - r * r);
    const k = y * W + x;
    if (disc >= 0) { depth[k] = (-b - Math.sqrt(disc)) / (2 * a); ids[k] = 1; continue; }
    const t = (-2 - eye[2]) / dir[2];
    depth[k] = t; ids[k] = 2;
  }
  return { width: W, height: H, depth, ids, camera: cam, poses: new Map([[1, { position: c, quaternion: [0, 0, 0, 1] }]]) };
}

describe('flow', () => {
  it('a translating sphere moves by its projected displacement; the wall does not move', () => {
    const a = frameWithSphere([0, 0, 0]), b = frameWithSphere([0.2, 0, 0]);
    const { flow, occluded, disoccluded } = computeFlow(a, b);
    const [x0] = projectPoint(camera, W, H, [0, 0, 0.6]);
    const [x1] = projectPoint(camera, W, H, [0.2, 0, 0.6]);
    const k = Math.floor(H / 2) * W + Math.floor(W / 2);
    expect(flow[2 * k]).toBeCloseTo(x1 - x0, 2);
    expect(flow[2 * k + 1]).toBeCloseTo(0, 4);
    expect(flow[0]).toBeCloseTo(0, 6); // wall corner
    expect(occluded.reduce((s, v) => s + v, 0)).toBeGreaterThan(0); // wall behind the sphere's new place
    expect(disoccluded.reduce((s, v) => s + v, 0)).toBeGreaterThan(0); // wall revealed behind it
    expect(occluded[k]).toBe(0);
  });
  it('camera motion alone moves the static wall', () => {
    const cam2: PassCamera = { ...camera, viewMatrix: lookAtViewMatrix([0.1, 0, 5], [0.1, 0, 0]) };
    const { flow } = computeFlow(frameWithSphere([0, 0, 0]), frameWithSphere([0, 0, 0], 0.6, cam2));
    expect(flow[0]).toBeLessThan(0); // the world slides left when the camera moves right
  });
});

describe('tracks', () => {
  it('front points are visible and land on the sphere; back points are hidden', () => {
    const points = fibonacciSphere(50, 0.6);
    const frames = [frameWithSphere([0, 0, 0]), frameWithSphere([0.1, 0, 0])];
    const { tracks, visible, n, t } = computeTracks(points, points.map(() => 1), frames);
    expect([n, t]).toEqual([50, 2]);
    let front = 0;
    points.forEach((p, i) => {
      for (let j = 0; j < t; j++) {
        if (!visible[i * t + j]) continue;
        const x = Math.floor(tracks[(i * t + j) * 2]), y = Math.floor(tracks[(i * t + j) * 2 + 1]);
        expect(frames[j].ids[y * W + x]).toBe(1);
      }
      if (p[2] > 0.3) { front++; expect(visible[i * t]).toBe(1); }
      if (p[2] < -0.1) expect(visible[i * t]).toBe(0);
    });
    expect(front).toBeGreaterThan(5);
  });
});

describe('depth and semantics', () => {
  it('16-bit millimetres, per-clip normalisation with near bright', () => {
    const depth = new Float32Array([0, 1.5, 3]);
    expect(Array.from(depthToUint16Mm(depth))).toEqual([0, 1500, 3000]);
    const range = depthRange([depth]);
    expect(range).toEqual([1.5, 3]);
    const v = depthVisual(depth, range);
    expect(v[4]).toBeGreaterThan(v[8]);
    expect(v[0]).toBe(0);
  });
  it('ADE20K colours by category', () => {
    expect(semanticClass('basketball', false)).toBe('ball');
    expect(semanticClass('floor', true)).toBe('floor');
    expect(semanticClass('domino', false)).toBe('plaything');
    const img = semanticImage(new Uint16Array([0, 1, 2]), new Map([[1, 'ball'], [2, 'plaything']]), 'wall');
    expect(Array.from(img)).toEqual([120, 120, 120, 255, 255, 0, 163, 255, 255, 0, 31, 255]);
  });
});

describe('canny', () => {
  it('finds a thin edge along a step and none in a flat image', () => {
    const w = 40, h = 30, img = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const v = x < 20 ? 30 : 220; img.set([v, v, v, 255], 4 * (y * w + x)); }
    const edges = canny(img, w, h);
    const row = Array.from(edges.slice(15 * w, 16 * w));
    const hits = row.map((v, x) => (v ? x : -1)).filter((x) => x >= 0);
    expect(hits.length).toBe(1);
    expect(Math.abs(hits[0] - 19.5)).toBeLessThanOrEqual(1);
    expect(canny(new Uint8ClampedArray(w * h * 4).fill(100), w, h).some((v) => v > 0)).toBe(false);
  });
});
