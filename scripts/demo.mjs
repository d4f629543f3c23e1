// The README's first command: runs the main job on a bundled default and says where the
// results are. It grows with the product; each step calls the built CLI as a user would.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const out = 'out/demo';
mkdirSync(out, { recursive: true });
const lungts = (...args) => {
  process.stderr.write(`$ lungts ${args.join(' ')}\n`);
  execFileSync(process.execPath, ['bin/lungts.js', ...args], { stdio: 'inherit' });
};

lungts('version');
