import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

interface BuilderConfig {
  publish: unknown;
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: { from: string; to: string }[];
  files: string[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  nsis: { deleteAppDataOnUninstall: boolean };
}

// electron-builder cannot download Electron here, so the packaging config is checked as
// config: against electron-builder's own schema, and for what the issue requires of it.
describe('electron-builder.yml', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    // electron-builder's own reader, as the packaging run would read the file.
    const { getConfig } = await import('app-builder-lib/out/util/config/config');
    config = (await getConfig(ROOT, resolve(ROOT, 'electron-builder.yml'), null)) as unknown as BuilderConfig;
  });

  it("passes electron-builder's own configuration validation", async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, autoUpdate: true } as never, new DebugLogger(false))).rejects.toThrow(/autoUpdate/);
  });

  it('builds AppImage and deb, NSIS and dmg, with native modules unpacked and rebuilt, and no update feed', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/onnxruntime-node/**', 'dist/workers/**', 'dist/job-host.js']));
    expect(config.npmRebuild).toBe(true);
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/models', to: 'models' }));
    expect(config.publish).toBeNull();
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false); // uninstalling never deletes the user's cases
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(pkg.main).toBe('dist/electron-main.js');
    expect(Object.keys(pkg.dependencies)).not.toContain('electron-updater');
  });
});
