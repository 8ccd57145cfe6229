#!/usr/bin/env node
// Runs a command with Chromium's SwiftShader Vulkan driver visible to Dawn (the `webgpu` package), so
// the WGSL kernels run in Node on a machine without a GPU (ENVIRONMENT.md). The driver ships with
// Chromium: Debian's (/usr/lib/chromium), the one named by $WORLDDRAFT_CHROMIUM, or Playwright's own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function chromiumDirs() {
  const dirs = ['/usr/lib/chromium'];
  if (process.env.WORLDDRAFT_CHROMIUM) dirs.unshift(dirname(process.env.WORLDDRAFT_CHROMIUM));
  return dirs;
}

const dir = chromiumDirs().find((d) => existsSync(join(d, 'vk_swiftshader_icd.json')));
if (!dir) {
  console.error('with-swiftshader: no SwiftShader Vulkan driver found: install Debian\'s chromium ("sudo apt-get install chromium") or set WORLDDRAFT_CHROMIUM to a Chromium whose folder holds vk_swiftshader_icd.json.');
  process.exit(1);
}
const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, {
  stdio: 'inherit',
  shell: false,
  env: {
    ...process.env,
    LD_LIBRARY_PATH: [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    VK_ICD_FILENAMES: join(dir, 'vk_swiftshader_icd.json'),
  },
});
process.exit(result.status ?? 1);
