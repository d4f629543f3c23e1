import type { CliCommand } from './command';
import { versionCommand } from './commands/version';
import { infoCommand } from './commands/info';
import { convertCommand } from './commands/convert';

/** Every CLI command, in the order `lungts help` lists them. One line per command keeps additions conflict-free. */
export const COMMANDS: readonly CliCommand[] = [
  versionCommand,
  infoCommand,
  convertCommand,
];
