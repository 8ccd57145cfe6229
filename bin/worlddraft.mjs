#!/usr/bin/env node
// The `worlddraft` command. The CLI is TypeScript; tsx loads it directly so a fresh clone needs no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, readFile: (await import('node:fs/promises')).readFile });
