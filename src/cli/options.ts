/**
 * What the `worlddraft` commands share: the error type for bad input (printed as one line, exit code
 * 2), reading the scene from a prompt or a --scene file, and checked numeric options.
 */
import { parsePrompt, PromptError, type ParseOptions } from '../scene/parser.ts';
import { parseSceneSpecJson, SceneSpecError, type SceneSpec } from '../scene/spec.ts';

/** Bad input from the user: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command body and turns its outcome into an exit code: 0; 2 with one line for bad input (a
 * usage error, a prompt or scene problem); 1 with one line for anything unexpected. Never a stack trace.
 */
export async function exitCode(stderr: { write(text: string): unknown }, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof PromptError || error instanceof SceneSpecError;
    const message = error instanceof SceneSpecError ? `invalid scene: ${error.issues.join('; ')}` : (error as Error).message;
    stderr.write(`worlddraft: ${known ? message : `internal error: ${message}`}\n`);
    return known ? 2 : 1;
  }
}

/**
 * The scene of a command: parsed from the prompt, or read from the --scene file. `example` is the
 * command line shown when neither is given.
 */
export async function loadSpec(
  prompt: string | undefined,
  scenePath: string | undefined,
  parse: ParseOptions,
  readFile: (path: string, encoding: 'utf8') => Promise<string>,
  example: string,
): Promise<SceneSpec> {
  if (scenePath !== undefined) {
    if (prompt !== undefined) throw new UsageError('give either a prompt or --scene, not both.');
    let text: string;
    try {
      text = await readFile(scenePath, 'utf8');
    } catch {
      throw new UsageError(`cannot read scene file "${scenePath}": check the path.`);
    }
    return parseSceneSpecJson(text);
  }
  if (prompt === undefined) throw new UsageError(`no prompt given: ${example}, or --scene file.json.`);
  return parsePrompt(prompt, parse);
}

export function numberOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= min || value > max) {
    throw new UsageError(`${name} must be a number greater than ${min} and at most ${max}, got "${text}".`);
  }
  return value;
}

export function integerOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${text}".`);
  }
  return value;
}
