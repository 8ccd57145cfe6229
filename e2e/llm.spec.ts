/**
 * The optional language model, against a small fake OpenAI-compatible server on loopback: when it
 * answers, its scene runs; when it fails, the built-in parser takes over with a clear notice. Off by
 * default, so nothing is sent unless the user turns it on.
 */
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePrompt } from '../src/scene/parser.ts';
import type {} from '../src/main.ts';
import { waitForApp } from './support.ts';

/** A fake chat-completions server: `reply` decides each answer. Bounded: it closes after the test. */
async function fakeServer(reply: () => { status: number; content?: string }): Promise<{ url: string; server: Server; requests: number[] }> {
  const requests: number[] = [];
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    req.resume();
    req.on('end', () => {
      const { status, content } = reply();
      requests.push(status);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(content === undefined ? { error: 'down' } : { choices: [{ message: { content } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

test('a language model scene runs; a failing model hands over to the built-in parser', async ({ page }) => {
  // The "model" answers with a steel ball, which the built-in parser would never make of this prompt.
  const llmScene = parsePrompt('a steel ball drops from 1 m');
  delete (llmScene as { interpretation?: unknown }).interpretation;
  let failing = false;
  const fake = await fakeServer(() => (failing ? { status: 500 } : { status: 200, content: JSON.stringify(llmScene) }));
  try {
    await page.goto('/?renderer=webgl2');
    await waitForApp(page);
    expect(fake.requests).toEqual([]); // off by default: nothing was sent
    const app = page.locator('wd-app');
    await app.getByLabel('Turn prompts into scenes with my own OpenAI-compatible server').check();
    await app.getByLabel('Language model endpoint').fill(fake.url);
    await app.getByLabel('Language model endpoint').dispatchEvent('change');

    await page.evaluate(() => window.worlddraft!.controller.runPrompt('a ball drops'));
    let s = await page.evaluate(() => window.worlddraft!.controller.state);
    expect(fake.requests).toEqual([200]);
    expect(s.error).toBeNull();
    expect(s.notice).toBeNull();
    expect(JSON.parse(s.specJson).bodies[0].material).toBe('steel');

    failing = true;
    await page.evaluate(() => window.worlddraft!.controller.runPrompt('a ball drops'));
    s = await page.evaluate(() => window.worlddraft!.controller.state);
    expect(fake.requests).toEqual([200, 500]);
    expect(s.notice).toMatch(/HTTP 500.*The built-in parser took over\.$/);
    expect(JSON.parse(s.specJson).bodies[0].material).toBe('rubber');
    await expect(app.locator('wd-prompt-bar').getByRole('status')).toContainText('built-in parser took over');
  } finally {
    fake.server.close();
  }
});
