import { describe, expect, it } from 'vitest';
import { parseSceneSpecJson, SceneSpecError, validateSceneSpec, type SceneSpecInput } from './spec.ts';

function minimal(): SceneSpecInput {
  return {
    version: 1,
    seed: 1,
    bodies: [{
      id: 'ball-1',
      name: 'ball',
      kind: 'ball',
      shape: { type: 'sphere', radiusM: 0.1 },
      material: 'rubber',
      positionM: [0, 1, 0],
    }],
    environment: { ground: { material: 'wood' } },
  };
}

/** The issues a bad spec produces; fails the test if it validates. */
function issuesOf(input: unknown): string[] {
  try {
    validateSceneSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SceneSpecError);
    return (error as SceneSpecError).issues;
  }
  throw new Error('expected the spec to be rejected');
}

describe('validateSceneSpec', () => {
  it('accepts a minimal spec and fills in the defaults', () => {
    const spec = validateSceneSpec(minimal());
    expect(spec.gravity).toEqual([0, -9.81, 0]);
    expect(spec.durationS).toBe(4);
    expect(spec.bodies[0]!.linearVelocityMps).toEqual([0, 0, 0]);
    expect(spec.environment.ground?.id).toBe('floor');
    expect(spec.camera).toEqual({ mode: 'auto' });
  });

  it('names the path of a negative radius', () => {
    const input = minimal() as { bodies: Array<{ shape: { radiusM: number } }> };
    input.bodies[0]!.shape.radiusM = -0.1;
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^bodies\[0\]\.shape\.radiusM: radiusM must be greater than 0/);
  });

  it('names a scripted path whose times do not increase, and a fixed body given a path', () => {
    const input = minimal() as { bodies: Array<Record<string, unknown>> };
    input.bodies[0]!.path = [{ tS: 1, positionM: [0, 1, 0], rotationDeg: [0, 0, 0] }, { tS: 1, positionM: [0, 2, 0], rotationDeg: [0, 0, 0] }];
    expect(issuesOf(input)[0]).toMatch(/^bodies\[0\]\.path: path times must increase/);
    input.bodies[0]!.path = [{ tS: 1, positionM: [0, 1, 0], rotationDeg: [0, 0, 0] }];
    input.bodies[0]!.fixed = true;
    expect(issuesOf(input)[0]).toMatch(/^bodies\[0\]\.path: a fixed body cannot follow a path/);
  });

  it('names the path of a NaN position', () => {
    const input = minimal() as { bodies: Array<{ positionM: number[] }> };
    input.bodies[0]!.positionM = [0, Number.NaN, 0];
    const issues = issuesOf(input);
    expect(issues[0]).toMatch(/^bodies\[0\]\.positionM\[1\]: positionM must be a finite number/);
  });

  it('names an unknown field', () => {
    const input = { ...minimal(), colour: 'red' };
    const issues = issuesOf(input);
    expect(issues[0]).toMatch(/^\(root\): /);
    expect(issues[0]).toContain('colour');
    const inBody = minimal() as { bodies: Array<Record<string, unknown>> };
    inBody.bodies[0]!.velocity = [1, 0, 0];
    const bodyIssues = issuesOf(inBody);
    expect(bodyIssues[0]).toMatch(/^bodies\[0\]: /);
    expect(bodyIssues[0]).toContain('velocity');
  });

  it('names an invalid material', () => {
    const input = minimal() as { bodies: Array<{ material: string }> };
    input.bodies[0]!.material = 'unobtainium';
    expect(issuesOf(input)[0]).toMatch(/^bodies\[0\]\.material: /);
    const ground = minimal() as { environment: { ground: { material: string } } };
    ground.environment.ground.material = 'lava';
    expect(issuesOf(ground)[0]).toMatch(/^environment\.ground\.material: /);
  });

  it('names a wrong version', () => {
    const issues = issuesOf({ ...minimal(), version: 2 });
    expect(issues).toEqual(['version: version must be 1']);
  });

  it('reports every problem, not just the first', () => {
    const input = minimal() as { seed: number; bodies: Array<{ shape: { radiusM: number }; material: string }> };
    input.seed = -1;
    input.bodies[0]!.shape.radiusM = 0;
    input.bodies[0]!.material = 'cheese';
    const paths = issuesOf(input).map((issue) => issue.split(':')[0]);
    expect(paths).toEqual(expect.arrayContaining(['seed', 'bodies[0].shape.radiusM', 'bodies[0].material']));
  });

  it('rejects a scene with no bodies and a non-object', () => {
    expect(issuesOf({ ...minimal(), bodies: [] })[0]).toBe('bodies: a scene needs at least one body');
    expect(issuesOf('a ball')[0]).toMatch(/^\(root\): /);
  });

  it('reports bad JSON text as a SceneSpecError', () => {
    expect(() => parseSceneSpecJson('{ nope')).toThrow(SceneSpecError);
    expect(() => parseSceneSpecJson('{ nope')).toThrow(/\(root\): not valid JSON/);
  });
});
