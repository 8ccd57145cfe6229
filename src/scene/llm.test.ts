/**
 * The optional LLM path against a small fake OpenAI-compatible server on 127.0.0.1 (node:http):
 * a valid schema-constrained reply becomes a validated SceneSpec; an HTTP error, a non-JSON body,
 * an invalid scene and an unreachable endpoint each throw one LlmError sentence.
 *
 * scene/ is type-checked without Node's types (tsconfig.core.json), so node:http is imported
 * dynamically and typed by the few members used here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError, parseWithLlm, type FetchLike } from './llm.ts';
import { parsePrompt } from './parser.ts';

interface Req { url?: string; headers: Record<string, string | undefined>; on(event: string, fn: (chunk: { toString(): string }) => void): void }
interface Res { writeHead(status: number, headers: Record<string, string>): void; end(body: string): void }
interface Server {
  keepAliveTimeout: number;
  listen(port: number, host: string, fn: () => void): void;
  address(): { port: number };
  close(fn: () => void): void;
  closeAllConnections(): void;
}
let server: Server;
let base = '';
const requests: Array<{ url: string; auth: string | undefined; body: { model: string; response_format: { type: string; json_schema: { schema: object } }; messages: Array<{ content: string }> } }> = [];
let reply: { status: number; body: string } = { status: 200, body: '' };

const goodScene = () => {
  const spec = parsePrompt('a tennis ball drops from 2 m');
  delete (spec as { interpretation?: unknown }).interpretation;
  return spec;
};
const completion = (content: string) => JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] });

beforeAll(async () => {
  const http = (await import(['node', 'http'].join(':'))) as { createServer(handler: (req: Req, res: Res) => void): Server };
  server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk.toString(); });
    req.on('end', () => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(data) as (typeof requests)[number]['body'] });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fetchImpl = (globalThis as unknown as { fetch: FetchLike }).fetch;

describe('parseWithLlm against a fake OpenAI-compatible server', () => {
  it('sends a schema-constrained chat completion and validates the reply', async () => {
    reply = { status: 200, body: completion(JSON.stringify(goodScene())) };
    const spec = await parseWithLlm('a tennis ball drops from 2 m', { endpoint: base, model: 'fake-model', apiKey: 'k1' }, fetchImpl);
    expect(spec.bodies[0]!.kind).toBe('tennis-ball');
    expect(spec.interpretation?.assumptions[0]).toContain('LLM');
    const last = requests[requests.length - 1]!;
    expect(last.url).toBe('/v1/chat/completions');
    expect(last.auth).toBe('Bearer k1');
    expect(last.body.model).toBe('fake-model');
    expect(last.body.response_format.type).toBe('json_schema');
    expect(last.body.response_format.json_schema.schema).toHaveProperty('properties');
    expect(last.body.messages[1]!.content).toBe('a tennis ball drops from 2 m');
  });

  it('accepts an endpoint that already ends in /v1', async () => {
    reply = { status: 200, body: completion(JSON.stringify(goodScene())) };
    await parseWithLlm('x', { endpoint: `${base}/v1/`, model: 'm' }, fetchImpl);
    expect(requests[requests.length - 1]!.url).toBe('/v1/chat/completions');
  });

  for (const [what, r, message] of [
    ['an HTTP error', { status: 500, body: '{"error":"boom"}' }, /HTTP 500/],
    ['a non-JSON body', { status: 200, body: '<html>nope</html>' }, /did not answer with JSON/],
    ['content that is not JSON', { status: 200, body: completion('Sure! Here is a ball.') }, /did not return a JSON object/],
    ['an invalid scene', { status: 200, body: completion(JSON.stringify({ bodies: [] })) }, /invalid/],
  ] as const) {
    it(`turns ${what} into one LlmError`, async () => {
      reply = r;
      await expect(parseWithLlm('a ball', { endpoint: base, model: 'm' }, fetchImpl)).rejects.toThrow(LlmError);
      await expect(parseWithLlm('a ball', { endpoint: base, model: 'm' }, fetchImpl)).rejects.toThrow(message);
    });
  }

  it('an unreachable endpoint or a bad URL is an LlmError too', async () => {
    await expect(parseWithLlm('a ball', { endpoint: 'http://127.0.0.1:1', model: 'm' }, fetchImpl)).rejects.toThrow(/could not be reached/);
    await expect(parseWithLlm('a ball', { endpoint: 'ftp://x', model: 'm' }, fetchImpl)).rejects.toThrow(LlmError);
  });
});
