import type { CliCommandEntry, CliIo } from './command';
import { UsageError } from './command';

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

function helpText(commands: readonly CliCommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: lungts <command> [options] [--json]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `lungts <command> --help` for a command\'s options. With --json, stdout holds one JSON object.',
    'Exit status: 0 ok, 1 input error (message on stderr), 2 usage error.',
  ].join('\n');
}

/**
 * Runs one command line. Expected failures exit 1 with the message on stderr (and, with
 * --json, `{"ok":false,"error":...}` on stdout); usage errors exit 2.
 */
export async function dispatch(argv: readonly string[], commands: readonly CliCommandEntry[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(helpText(commands) + '\n');
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`lungts: unknown command "${name}"\n\n${helpText(commands)}\n`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: ${command.usage}\n\n${entry.summary}\n`);
    return EXIT_OK;
  }
  try {
    const result = await command.run(rest, io);
    if (!result.ok) {
      io.stderr(`lungts ${name}: ${result.error}\n`);
      if (json) io.stdout(JSON.stringify({ ok: false, error: result.error }) + '\n');
      return EXIT_INPUT;
    }
    io.stdout((json ? JSON.stringify(result.value.json) : result.value.text) + '\n');
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`lungts ${name}: ${e.message}\nusage: ${command.usage}\n`);
      if (json) io.stdout(JSON.stringify({ ok: false, error: e.message, usage: command.usage }) + '\n');
      return EXIT_USAGE;
    }
    throw e;
  }
}
