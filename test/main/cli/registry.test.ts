import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/main/cli/registry';
import { cliRunner, CLI, ensureBuilt } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const lungts = cliRunner(dir);

// Runs the built CLI in-process and then lists the npm packages Node loaded through its CommonJS
// loader, which is where onnxruntime-node, better-sqlite3, dcmjs and dicom-parser land (ESM
// imports of CommonJS packages included): what a command really pays for at startup.
const PROBE = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const [cli, ...args] = process.argv.slice(1);
process.argv = [process.execPath, cli, ...args];
process.on('exit', () => {
  const files = Object.keys(createRequire(pathToFileURL(process.cwd() + '/').href).cache);
  const pkgs = files.filter((f) => f.includes('node_modules')).map((f) => f.split('node_modules/').pop().split('/')[0]);
  process.stderr.write('\\nPACKAGES ' + JSON.stringify([...new Set(pkgs)]) + '\\n');
});
await import(pathToFileURL(cli).href);
`;

function packagesLoadedBy(...args: string[]): string[] {
  ensureBuilt();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, CLI, ...args], { cwd: dir, encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('PACKAGES '));
  if (!line) throw new Error(`probe printed no package list (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(line.slice('PACKAGES '.length)) as string[];
}

const ENGINE_AND_DB = ['onnxruntime-node', 'onnxruntime-common', 'better-sqlite3'];

describe('lungts command registry', () => {
  it('help lists every registered command with its summary', () => {
    const r = lungts('help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it('an unknown command exits 2 and lists the commands on stderr', () => {
    const r = lungts('segmnet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "segmnet"');
    for (const c of COMMANDS) expect(r.stderr).toContain(`  ${c.name} `);
  });

  it('every command\'s built module loads and prints its usage for --help', () => {
    for (const c of COMMANDS) {
      const r = lungts(c.name, '--help');
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: lungts ${c.name}\\b`));
      expect(r.stdout).toContain(c.summary);
    }
  });

  it('version and help load none of the heavy packages; segment does (the probe sees them)', () => {
    expect(packagesLoadedBy('version')).toEqual([]);
    expect(packagesLoadedBy('help')).toEqual([]);
    expect(packagesLoadedBy('segment', '--help')).toContain('onnxruntime-node');
  });

  it('convert loads its DICOM reader but not onnxruntime or sqlite', () => {
    const loaded = packagesLoadedBy('convert', '--help');
    expect(loaded).toContain('dicom-parser');
    expect(loaded.filter((p) => ENGINE_AND_DB.includes(p))).toEqual([]);
  });
});
