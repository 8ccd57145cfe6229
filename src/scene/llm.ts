/**
 * The optional LLM front end: a user-run, OpenAI-compatible chat-completions endpoint (a local model
 * server such as llama.cpp's server, vLLM or Ollama's OpenAI API) turns the prompt into a SceneSpec.
 *
 * The request asks for a JSON response constrained by SceneSpec's own JSON Schema (the
 * `response_format: { type: 'json_schema' }` of the OpenAI Chat Completions API, which these servers
 * implement); the reply is then validated with `validateSceneSpec`, so nothing unvalidated leaves here.
 * Any failure (network, HTTP status, timeout, non-JSON, schema violation) throws LlmError, whose
 * message the caller shows as "the built-in parser takes over" before calling parsePrompt.
 *
 * Off by default and never required: nothing in scene/ calls it; the composition root does, when the
 * user has set an endpoint. `fetchImpl` is injected (globalThis.fetch in the app) so it stays DOM-free
 * and testable against a local fake server. scene/ has no clock (DESIGN.md), so the time limit is the
 * caller's: pass a fetch that aborts, e.g. `(u, i) => fetch(u, { ...i, signal: AbortSignal.timeout(30_000) })`.
 */
import { SceneSpecError, sceneSpecJsonSchema, validateSceneSpec, type SceneSpec } from './spec.ts';

export interface LlmSettings {
  /** Base URL, e.g. "http://127.0.0.1:8080" or "http://127.0.0.1:8080/v1"; /v1/chat/completions is appended. */
  endpoint: string;
  model: string;
  apiKey?: string;
  /** Seed recorded in the spec when the model leaves it out. */
  seed?: number;
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  ok: boolean; status: number; statusText?: string; text(): Promise<string>;
}>;

/** The LLM path failed; the message says why in one sentence. */
export class LlmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmError';
  }
}

const SYSTEM_PROMPT = [
  'You turn a one-sentence description of a physical scene into a WorldDraft SceneSpec v1 JSON object.',
  'Units are SI (metres, kilograms, seconds, degrees for rotations); y is up and the ground top is at y = 0;',
  "a body's positionM is the centre of its shape; nothing may start interpenetrating anything else.",
  'Use realistic sizes and masses. Answer with the JSON object only.',
].join(' ');

function completionsUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  if (base.endsWith('/chat/completions')) return base;
  return base.endsWith('/v1') ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

/** Asks the endpoint for a SceneSpec for `prompt`; throws LlmError on any failure. */
export async function parseWithLlm(prompt: string, settings: LlmSettings, fetchImpl: FetchLike): Promise<SceneSpec> {
  if (!/^https?:\/\//.test(settings.endpoint)) throw new LlmError(`The LLM endpoint "${settings.endpoint}" is not an http(s) URL.`);
  const body = JSON.stringify({
    model: settings.model,
    temperature: 0,
    messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: prompt }],
    response_format: { type: 'json_schema', json_schema: { name: 'SceneSpec', strict: true, schema: sceneSpecJsonSchema() } },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  let text: string;
  try {
    const response = await fetchImpl(completionsUrl(settings.endpoint), { method: 'POST', headers, body });
    text = await response.text();
    if (!response.ok) throw new LlmError(`The LLM endpoint answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  } catch (error) {
    if (error instanceof LlmError) throw error;
    const aborted = (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError';
    throw new LlmError(aborted ? 'The LLM endpoint did not answer in time.' : `The LLM endpoint could not be reached (${(error as Error).message}).`);
  }
  let content: unknown;
  try {
    const reply = JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> };
    content = reply.choices?.[0]?.message?.content;
  } catch {
    throw new LlmError('The LLM endpoint did not answer with JSON.');
  }
  if (typeof content !== 'string') throw new LlmError('The LLM reply had no message content.');
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    throw new LlmError('The LLM did not return a JSON object.');
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    record.version ??= 1;
    record.seed ??= settings.seed ?? 1;
    record.interpretation = { prompt, spans: [], unknown: [], assumptions: [`scene written by the LLM at ${settings.endpoint} (${settings.model})`] };
  }
  try {
    return validateSceneSpec(data);
  } catch (error) {
    if (error instanceof SceneSpecError) throw new LlmError(`The LLM's scene is invalid (${error.issues[0] ?? 'unknown problem'}).`);
    throw error;
  }
}
