import { ok } from '../../../shared/result';
import { APP_VERSION } from '../../../shared/version';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../args';

export const versionCommand: CliCommand = {
  usage: 'lungts version [--json]',
  async run(args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    const info = { version: APP_VERSION, node: process.versions.node, platform: `${process.platform}-${process.arch}` };
    return ok({ json: info, text: `lungts ${info.version} (node ${info.node}, ${info.platform})` });
  },
};
