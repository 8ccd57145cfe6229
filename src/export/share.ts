/**
 * Share links: a scene spec (with its prompt, seed and any edits) packed into a URL fragment, so that
 * opening the link reproduces the identical world (the simulation is deterministic).
 *
 *   spec ─ JSON ─ deflate (fflate, level 9) ─ base64url ─►  https://…/#scene=<payload>
 *
 * DOM-free: runs in Node (the CLI, tests) and the browser alike.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { SceneSpecError, validateSceneSpec, type SceneSpec } from '../scene/spec.ts';

export const SHARE_PARAM = 'scene';

/** A share link that cannot be read: the message says so in one sentence. */
export class ShareLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 4648 §5 base64url without padding (btoa/atob are not in Node's ES library types, nor needed). */
function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array {
  const bytes: number[] = [];
  let buffer = 0, bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not base64url: ${char}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** The fragment payload for a spec. */
export function encodeShare(spec: SceneSpec): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(spec)), { level: 9 }));
}

/** The spec in a fragment payload, validated; throws ShareLinkError naming the problem. */
export function decodeShare(payload: string): SceneSpec {
  let json: string;
  try {
    json = strFromU8(inflateSync(fromBase64Url(payload.trim())));
  } catch {
    throw new ShareLinkError('This share link is damaged (it does not decode); ask for the link again.');
  }
  try {
    return validateSceneSpec(JSON.parse(json));
  } catch (error) {
    const detail = error instanceof SceneSpecError ? error.issues[0] : 'not valid JSON';
    throw new ShareLinkError(`This share link holds an invalid scene (${detail}); ask for the link again.`);
  }
}

/** Reads the payload from a URL fragment such as "#scene=…"; null when there is none. */
export function sharePayloadFromHash(hash: string): string | null {
  const match = new RegExp(`(?:^#?|&)${SHARE_PARAM}=([A-Za-z0-9_-]+)`).exec(hash);
  return match ? match[1] : null;
}
