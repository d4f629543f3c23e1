import type { Result } from '../../shared/result';

/** Where a command writes: stdout carries results (one JSON object with --json), stderr carries progress and messages. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly signal: AbortSignal;
}

/**
 * What a command's module exports. A command returns its JSON-able result or an expected
 * failure (exit 1); wrong arguments throw UsageError (exit 2). `text` renders the result for
 * humans when --json is absent. `usage` stays beside the option parsing it describes.
 */
export interface CliCommand {
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<Result<CliOutput>>;
}

/**
 * A registry line: enough to list the command without loading it. `load` imports the
 * command's module only when the command runs (or its --help is asked for).
 */
export interface CliCommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

export interface CliOutput {
  readonly json: unknown;
  readonly text: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
