// `npm run dev:web`: the app's handlers behind the loopback bridge, with the built renderer,
// for a plain browser. Prints the page URL (with the session token in its fragment); with
// --json, one JSON line {pageUrl, origin, port, token, dataDir} for scripts and tests.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openApp } from '../app/open';
import { startBridge } from './server';

const here = fileURLToPath(new URL('.', import.meta.url));
// dist/dev-web.js sits in dist/ (renderer in dist/renderer); from source, src/main/bridge.
const root = existsSync(join(here, 'renderer')) ? resolve(here, '..') : resolve(here, '..', '..', '..');

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        data: { type: 'string' },
        settings: { type: 'string' },
        port: { type: 'string' },
        renderer: { type: 'string' },
        inline: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: node dist/dev-web.js [--data DIR] [--settings FILE] [--port N] [--renderer DIR] [--inline] [--json]`);
    return 2;
  }
  const dataDir = resolve(args.data ?? process.env.LUNGTS_DATA ?? join(root, '.tmp', 'dev-web-data'));
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number 0..65535, got ${args.port}`);
    return 2;
  }
  const app = await openApp({
    dataDir,
    settingsPath: resolve(args.settings ?? join(dataDir, 'settings.json')),
    host: { host: 'bridge' },
    executor: args.inline ? 'inline' : 'fork',
    shippedModelsDir: join(root, 'resources', 'models'),
  });
  if (!app.ok) {
    console.error(app.error);
    return 1;
  }
  for (const n of app.value.notices) console.error(`note: ${n}`);
  const rendererDir = resolve(args.renderer ?? join(root, 'dist', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) console.error(`note: no built renderer at ${rendererDir} (run npm run build); serving the API only`);
  const bridge = await startBridge({
    dispatch: app.value.dispatch,
    subscribe: (l) => app.value.core.events.subscribe(l),
    rendererDir,
  });
  if (args.json) {
    console.log(JSON.stringify({ pageUrl: bridge.pageUrl, origin: bridge.origin, port: bridge.port, token: bridge.token, dataDir }));
  } else {
    console.log(`LungTS is served at ${bridge.pageUrl}\ndata folder: ${dataDir}\nCtrl+C stops it.`);
  }
  const stop = async () => {
    await bridge.close();
    await app.value.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return -1;
}

void main().then((code) => {
  if (code >= 0) process.exit(code);
});
