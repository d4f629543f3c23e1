// Builds everything that runs outside vitest: the CLI, the Electron main and preload, the
// worker entries and the renderer. Dependencies stay external (native modules and WASM codecs
// load their own files at run time); only our own source is bundled.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execFileSync } from 'node:child_process';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  outdir: 'dist',
};

function findFiles(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? findFiles(join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [join(dir, e.name)] : [],
  );
}

const workers = findFiles('src/main', '.worker.ts');
await Promise.all([
  build({ ...common, format: 'esm', entryPoints: { cli: 'src/main/cli.ts' } }),
  build({ ...common, format: 'esm', entryPoints: { 'dev-web': 'src/main/bridge/dev-web.ts' } }),
  build({ ...common, format: 'esm', entryPoints: { 'job-host': 'src/main/jobs/job-host.ts' } }),
  ...workers.map((w) =>
    build({ ...common, format: 'esm', entryPoints: { [`workers/${basename(w, '.worker.ts')}`]: w } }),
  ),
  ...(existsSync('src/main/electron/main.ts')
    ? [
        build({ ...common, format: 'esm', entryPoints: { 'electron-main': 'src/main/electron/main.ts' }, external: ['electron'] }),
        build({ ...common, format: 'cjs', entryPoints: { preload: 'src/main/electron/preload.ts' }, outExtension: { '.js': '.cjs' }, external: ['electron'] }),
      ]
    : []),
]);
if (!process.argv.includes('--no-renderer')) {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
