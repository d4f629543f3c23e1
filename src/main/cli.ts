import { dispatch } from './cli/dispatch';
import { COMMANDS } from './cli/registry';

/** The headless `lungts` command line: the same core as the workstation, for batch work. */
async function main(): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const code = await dispatch(process.argv.slice(2), COMMANDS, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    signal: controller.signal,
  });
  process.exitCode = code;
}

main().catch((e: unknown) => {
  process.stderr.write(`lungts: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 70;
});
