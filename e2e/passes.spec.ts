/**
 * Conditioning passes and shot cameras on known scenes, on both backends (WebGPU where it can
 * present, and WebGL2): depth of a wall at a known distance, outward sphere normals, flow of a body
 * translating at a known velocity, tracks landing on the body's silhouette, a tracked body staying
 * in frame for a whole shot, and an instant cut. Frames are kept small: SwiftShader draws on the CPU.
 */
import { test, expect, type Page } from '@playwright/test';
import type {} from '../src/main.ts';
import { waitForApp, loadPausedSpec, rollingBallScene } from './support.ts';

const W = 320, H = 180;
/** A ball 0.2 m in radius at (0, 0.5, 0) moving at +1 m/s in x without gravity, before a wall whose face is 5 m from the camera. */
const SCENE = rollingBallScene({ radiusM: 0.2 });

async function open(page: Page, query: string, scene: unknown): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.setViewportSize({ width: 900, height: 560 });
  await page.goto(`/${query}`);
  await waitForApp(page);
  await loadPausedSpec(page, scene);
  const s = await page.evaluate(() => window.worlddraft!.controller.state);
  expect(s.error).toBeNull();
  return problems;
}

for (const [label, query] of [['auto backend', ''], ['WebGL2', '?renderer=webgl2']] as const) {
  test(`depth, normals, ids, flow and tracks are exact on a known scene (${label})`, async ({ page }) => {
    const problems = await open(page, query, SCENE);
    const r = await page.evaluate(async ({ W, H }) => {
      const api = window.worlddraft!.render;
      const p = await api.passes(0.5, W, H);
      const tanY = Math.tan((40 * Math.PI) / 360), tanX = tanY * (W / H);
      const ballId = p.instances.find((i) => i.ownerId === 'ball-1')!.id;
      const wallId = p.instances.find((i) => i.ownerId === 'wall-1')!.id;
      // Wall: a pixel near the top-left corner, well above the floor and away from the ball.
      const wallPixel = 10 * W + 10;
      // Ball centre at t = 0.5 s is (0.5, 0.5, 0): view space (0.5, 0, -3).
      const cx = ((0.5 / (3 * tanX)) + 1) / 2 * W, cy = H / 2;
      const k = Math.floor(cy) * W + Math.floor(cx);
      let minDot = 1, ballPixels = 0;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
        const i = y * W + x;
        if (p.ids[i] !== ballId) continue;
        const d = p.depth[i];
        const P = [(((x + 0.5) / W) * 2 - 1) * d * tanX, (1 - ((y + 0.5) / H) * 2) * d * tanY, -d];
        const c = [P[0] - 0.5, P[1], P[2] + 3];
        const len = Math.hypot(c[0], c[1], c[2]);
        const dot = (c[0] * p.normals[3 * i] + c[1] * p.normals[3 * i + 1] + c[2] * p.normals[3 * i + 2]) / len;
        minDot = Math.min(minDot, dot);
        ballPixels++;
      }
      // Flow at the ball's centre: 1/60 m per frame at depth 3 − 0.2 m.
      const expectedFlowX = (1 / 60) / ((3 - 0.2) * tanX) * (W / 2);
      const times = [0.2, 0.4, 0.6];
      const tr = await api.tracks(times, 48, W, H);
      const ids = [] as Uint16Array[];
      for (const t of times) ids.push((await api.passes(t, W, H)).ids);
      let onBall = 0, offBall = 0, visible = 0;
      for (let n = 0; n < tr.n; n++) for (let j = 0; j < tr.t; j++) {
        if (!tr.visible[n * tr.t + j]) continue;
        visible++;
        const x = Math.floor(tr.tracks[(n * tr.t + j) * 2]), y = Math.floor(tr.tracks[(n * tr.t + j) * 2 + 1]);
        if (ids[j][y * W + x] === ballId) onBall++; else offBall++;
      }
      return {
        wallId, wallPixelId: p.ids[wallPixel], wallDepth: p.depth[wallPixel], wallDepth16: p.depth16[wallPixel],
        ballCentreDepth: p.depth[k], ballCentreId: p.ids[k], ballNormalZ: p.normals[3 * k + 2],
        minDot, ballPixels, flowX: p.flow[2 * k], flowY: p.flow[2 * k + 1], expectedFlowX, wallFlow: Math.hypot(p.flow[2 * wallPixel], p.flow[2 * wallPixel + 1]),
        occludedOnBall: p.occluded[k], disoccluded: p.disoccluded.reduce((s, v) => s + v, 0),
        semanticBall: Array.from(p.semantic.slice(4 * k, 4 * k + 3)), category: p.instances.find((i) => i.id === ballId)!.category,
        tracks: { n: tr.n, t: tr.t, visible, onBall, offBall },
      };
    }, { W, H });
    expect(r.wallPixelId).toBe(r.wallId);
    expect(r.wallDepth).toBeCloseTo(5, 3);
    expect(r.wallDepth16).toBe(5000);
    expect(r.ballCentreId).toBeGreaterThan(0);
    expect(r.ballCentreDepth).toBeCloseTo(2.8, 1);
    expect(r.ballNormalZ).toBeGreaterThan(0.95);
    expect(r.ballPixels).toBeGreaterThan(100);
    expect(r.minDot).toBeGreaterThan(0.9); // every ball normal points outward
    expect(Math.abs(r.flowX - r.expectedFlowX) / r.expectedFlowX).toBeLessThan(0.02);
    expect(Math.abs(r.flowY)).toBeLessThan(0.05);
    expect(r.wallFlow).toBeLessThan(1e-3);
    expect(r.occludedOnBall).toBe(0);
    expect(r.disoccluded).toBeGreaterThan(0); // wall revealed behind the moving ball
    expect(r.category).toBe('ball');
    expect(r.semanticBall).toEqual([255, 0, 163]);
    expect(r.tracks.n).toBeGreaterThan(40);
    expect(r.tracks.visible).toBeGreaterThan(r.tracks.n * 3 * 0.3);
    expect(r.tracks.offBall).toBeLessThanOrEqual(r.tracks.visible * 0.02);
    expect(problems).toEqual([]);
  });
}

test('a tracked body stays in frame for its whole shot, and cuts are instant', async ({ page }) => {
  const scene = {
    version: 1, seed: 1, durationS: 3,
    bodies: [{ id: 'ball-1', name: 'ball', kind: 'ball', material: 'rubber', shape: { type: 'sphere', radiusM: 0.1 }, positionM: [-2, 0.1, 0], linearVelocityMps: [3, 0, 0] }],
    environment: { ground: { material: 'concrete' }, items: [{ id: 'wall-1', name: 'wall', kind: 'wall', material: 'concrete', positionM: [0, 0, 1.2], sizeM: [8, 3, 0.2] }] },
    shots: [
      { id: 'a', durationS: 1.5, framing: 'medium', angle: 'eye-level', move: 'tracking', subjectId: 'ball-1' },
      { id: 'b', durationS: 1.5, framing: 'wide', angle: 'high-angle', move: 'orbit' },
    ],
  };
  const problems = await open(page, '', scene);
  const r = await page.evaluate(() => {
    const api = window.worlddraft!.render;
    const [w, h] = api.size();
    const inside: boolean[] = [];
    for (let t = 0; t <= 1.49; t += 0.05) {
      const [x, y, d] = api.projectBodyAt(t, 0);
      inside.push(d > 0 && x > 0.1 * w && x < 0.9 * w && y > 0.1 * h && y < 0.9 * h);
    }
    const plans = api.shotPlans().map((p) => [p.shot.id, p.startS, p.endS]);
    const before = api.projectBodyAt(1.499, 0), after = api.projectBodyAt(1.5, 0);
    return { inside, plans, jump: Math.hypot(before[0] - after[0], before[1] - after[1]), w, h };
  });
  expect(r.plans).toEqual([['a', 0, 1.5], ['b', 1.5, 3]]);
  expect(r.inside.every(Boolean)).toBe(true);
  expect(r.jump).toBeGreaterThan(5); // a new camera from one frame to the next
  expect(problems).toEqual([]);
});

test('the pass selector shows a pass over the viewport, and split view keeps beauty on the left', async ({ page }) => {
  const problems = await open(page, '', SCENE);
  await page.getByTestId('pass-select').selectOption('depth');
  const overlay = page.locator('wd-pass-view canvas');
  await expect(overlay).toBeVisible();
  await page.waitForFunction(() => {
    const c = document.querySelector('wd-app')!.shadowRoot!.querySelector('wd-pass-view')!.shadowRoot!.querySelector('canvas');
    return c?.dataset.pass === 'depth';
  });
  const stats = await page.evaluate(() => {
    const c = document.querySelector('wd-app')!.shadowRoot!.querySelector('wd-pass-view')!.shadowRoot!.querySelector('canvas')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const values = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 97) values.add(d[i]);
    return { distinct: values.size };
  });
  expect(stats.distinct).toBeGreaterThan(10); // a depth ramp, not a flat picture
  await page.getByText('split').click();
  await expect(overlay).toHaveAttribute('style', /inset\(0 0 0 50%\)/);
  await page.getByTestId('style-select').selectOption('anime');
  expect(await page.evaluate(() => window.worlddraft!.render.style())).toBe('anime');
  expect(problems).toEqual([]);
});
