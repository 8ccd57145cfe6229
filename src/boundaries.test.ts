/**
 * DESIGN.md's boundaries are enforced by the linter: scene/, sim/ and audio/cues.ts may not import
 * three, tone, lit or onnxruntime, touch the DOM, or read a clock or Math.random. This proves the
 * rules fire (and do not fire on the browser-only folders).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('DOM-free core', () => {
  const forbidden: [string, string][] = [
    ["import * as THREE from 'three';\nexport const v = new THREE.Vector3();\n", 'no-restricted-imports'],
    ["import * as Tone from 'tone';\nexport const s = Tone.now();\n", 'no-restricted-imports'],
    ["import { html } from 'lit';\nexport const t = html``;\n", 'no-restricted-imports'],
    ['export const w = document.title;\n', 'no-restricted-globals'],
    ['export const r = Math.random();\n', 'no-restricted-properties'],
    ['export const n = Date.now();\n', 'no-restricted-properties'],
    ['export const p = performance.now();\n', 'no-restricted-globals'],
  ];
  for (const folder of ['src/scene/x.ts', 'src/sim/x.ts', 'src/audio/cues.ts', 'src/inference/pack.ts']) {
    for (const [code, rule] of forbidden) {
      it(`${folder} rejects: ${code.split('\n')[0]}`, async () => {
        expect(await ruleIds(code, folder)).toContain(rule);
      });
    }
  }

  it('tensor packing may not import onnxruntime; the session may', async () => {
    const ort = "import * as ort from 'onnxruntime-web';\nexport const e = ort.env;\n";
    expect(await ruleIds(ort, 'src/inference/pack.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(ort, 'src/inference/session.ts')).toEqual([]);
    expect(await ruleIds(forbidden[3][0], 'src/inference/browser/x.ts')).toEqual([]);
  });

  it('browser-only folders may use three and the DOM', async () => {
    expect(await ruleIds(forbidden[0][0], 'src/render/x.ts')).toEqual([]);
    expect(await ruleIds(forbidden[3][0], 'src/ui/x.ts')).toEqual([]);
  });
});
