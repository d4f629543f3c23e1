// Builds everything that runs outside vitest: the CLI, the Electron main and preload, the
// worker entries and the renderer. Dependencies stay external (native modules and WASM codecs
// load their own files at run time); only our own source is bundled.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
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

// The CLI is split: dist/cli.js holds the dispatcher and the command list, and each command's
// code (onnxruntime, sqlite, codecs...) is a chunk imported only when that command runs, so
// `lungts version` or `convert` does not pay for loading the rest. Chunks sit flat in dist/
// beside the other bundles because bundled code finds dist/workers/<name>.js, dist/job-host.js
// and resources/ relative to its own file.
const CLI_CHUNK_PREFIX = 'cli-';

async function buildCli() {
  const result = await build({
    ...common,
    format: 'esm',
    splitting: true,
    metafile: true,
    entryPoints: { cli: 'src/main/cli.ts' },
    chunkNames: `${CLI_CHUNK_PREFIX}[name]-[hash]`,
  });
  pruneStaleChunks(new Set(Object.keys(result.metafile.outputs).map((o) => basename(o))));
}

// Chunks no longer produced pile up otherwise (and would ship in the installer). One written in
// the last minutes may belong to a concurrent build or a CLI process that has just started from
// the previous dist/cli.js, so only older ones go.
function pruneStaleChunks(current) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const name of readdirSync('dist')) {
    if (!name.startsWith(CLI_CHUNK_PREFIX) || current.has(name) || current.has(name.replace(/\.map$/, ''))) continue;
    const file = join('dist', name);
    if (statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
  }
}

const workers = findFiles('src/main', '.worker.ts');
await Promise.all([
  buildCli(),
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
