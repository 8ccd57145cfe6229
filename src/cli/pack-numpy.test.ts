/**
 * The pack's .npy (NumPy NEP 1) and .flo (Middlebury) files read by NumPy itself, when a python3 with
 * numpy is on the machine (skipped otherwise): an independent reader, not our own decoder.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '../export/npy.ts';
import { encodeFlo } from '../export/flo.ts';

function hasNumpy(): boolean {
  try { execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }); return true; } catch { return false; }
}

describe('pack files in NumPy', () => {
  it.skipIf(!hasNumpy())('np.load reads the files with the right dtype, shape and values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-npy-'));
    writeFileSync(join(dir, 'a.npy'), encodeNpy(Float32Array.of(1.5, -2, 3, 4, 5, 6.25), [1, 3, 2]));
    writeFileSync(join(dir, 'b.npy'), encodeNpy(Uint8Array.of(1, 0, 0, 1), [2, 2], { bool: true }));
    writeFileSync(join(dir, 'c.npy'), encodeNpy(Uint16Array.of(65535, 7), [2]));
    const out = execFileSync('python3', ['-c', `
import numpy as np, json, sys
d = sys.argv[1]
a, b, c = (np.load(f'{d}/{n}.npy') for n in 'abc')
print(json.dumps([str(a.dtype), a.shape, a.tolist(), str(b.dtype), b.tolist(), str(c.dtype), c.tolist()]))
`, dir], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['float32', [1, 3, 2], [[[1.5, -2], [3, 4], [5, 6.25]]], 'bool', [[true, false], [false, true]], 'uint16', [65535, 7]]);
  });
  it.skipIf(!hasNumpy())('reads back in numpy the way the Middlebury readers do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-flo-'));
    writeFileSync(join(dir, 'f.flo'), encodeFlo(2, 2, Float32Array.of(1, 0, 0, 1, -1, 0, 0, -1)));
    const out = execFileSync('python3', ['-c', `
import numpy as np, sys
with open(sys.argv[1], 'rb') as f:
    tag = np.fromfile(f, np.float32, 1)[0]; w, h = np.fromfile(f, np.int32, 2)
    data = np.fromfile(f, np.float32, 2 * w * h).reshape(h, w, 2)
print(tag == 202021.25, w, h, data[1, 0].tolist())
`, join(dir, 'f.flo')], { encoding: 'utf8' });
    expect(out.trim()).toBe('True 2 2 [-1.0, 0.0]');
  });

});
