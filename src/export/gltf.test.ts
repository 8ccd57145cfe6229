/**
 * The .glb passes the Khronos glTF validator, and its animation reproduces the bodies' positions and
 * orientations at the timeline's frames.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WebIO } from '@gltf-transform/core';
// @ts-expect-error: the Khronos validator ships without type declarations
import { validateBytes } from 'gltf-validator';
import { parsePrompt } from '../scene/parser.ts';
import { loadRapier, type Rapier } from '../sim/rapier.ts';
import { simulate } from '../sim/simulate.ts';
import { samplePose } from '../sim/sample.ts';
import { exportGlb } from './gltf.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

interface ValidatorReport { issues: { numErrors: number; numWarnings: number; messages: { code: string; message: string; severity: number }[] } }

describe('glTF export', () => {
  for (const prompt of ['three golf balls fall onto a table', 'a rubber ball rolls down a 30 degree ramp']) {
    it(`"${prompt}" passes the glTF validator and replays the simulation`, async () => {
      const spec = parsePrompt(prompt);
      const timeline = simulate(rapier, spec, { durationS: 2 });
      const glb = await exportGlb(spec, timeline, { cameras: [{ name: 'shot-1', positionM: [2, 1.5, 3], targetM: [0, 0.5, 0], fovDeg: 40 }] });
      expect(Array.from(glb.slice(0, 4))).toEqual([0x67, 0x6c, 0x54, 0x46]); // "glTF"

      const report = (await validateBytes(glb)) as ValidatorReport;
      const errors = report.issues.messages.filter((m) => m.severity === 0);
      expect(errors, JSON.stringify(errors.slice(0, 3))).toEqual([]);

      const doc = await new WebIO().readBinary(glb);
      const [animation] = doc.getRoot().listAnimations();
      expect(animation.getName()).toBe('simulation');
      spec.bodies.forEach((body, index) => {
        const channel = animation.listChannels().find((c) => c.getTargetNode()?.getName() === body.id && c.getTargetPath() === 'translation')!;
        const input = channel.getSampler()!.getInput()!.getArray()!;
        const output = channel.getSampler()!.getOutput()!.getArray()!;
        // At sampled times (frames and midway between), glTF's linear interpolation matches the timeline.
        for (const t of [0, 0.5, 1.0083, 1.75]) {
          const k = Math.min(Math.floor(t * timeline.fps), input.length - 2);
          const alpha = (t - input[k]) / (input[k + 1] - input[k]);
          const fromGltf = [0, 1, 2].map((c) => output[k * 3 + c] + (output[(k + 1) * 3 + c] - output[k * 3 + c]) * alpha);
          const fromTimeline = samplePose(timeline, t).positions[index];
          fromGltf.forEach((v, c) => expect(v).toBeCloseTo(fromTimeline[c], 5));
        }
      });
      expect(doc.getRoot().listCameras()).toHaveLength(1);
      expect(doc.getRoot().listNodes().some((n) => n.getName() === 'floor')).toBe(true);
    });
  }
});
