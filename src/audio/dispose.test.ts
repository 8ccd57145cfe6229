/**
 * Ownership (DESIGN.md, Tone's cascading dispose()): the live engine's dispose() frees every Tone node
 * it made, the ambience bed and reverb included, and is safe to call twice. Runs on node-web-audio-api.
 */
import { describe, expect, it } from 'vitest';
import { loadNodeAudio } from './node.ts';

describe('AudioEngine.dispose', () => {
  it('cascades to every node, once', async () => {
    const { AudioEngine } = await loadNodeAudio();
    const engine = new AudioEngine();
    engine.setSetting('gym');
    await engine.start();
    const nodes = engine.nodes();
    expect(nodes.length).toBeGreaterThan(8);
    expect(nodes.every((n) => !n.disposed)).toBe(true);
    engine.dispose();
    expect(nodes.every((n) => n.disposed)).toBe(true);
    expect(engine.nodes()).toEqual([]);
    expect(() => engine.dispose()).not.toThrow();
    await expect(engine.start()).rejects.toThrow(/disposed/);
  });
});
