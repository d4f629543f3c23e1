import type { CliCommand } from './command';
import { versionCommand } from './commands/version';
import { importWeightsCommand } from './commands/import-weights';
import { infoCommand } from './commands/info';
import { convertCommand } from './commands/convert';
import { boxesCommand } from './commands/boxes';
import { exportSegCommand } from './commands/export-seg';
import { importGtCommand } from './commands/import-gt';
import { phantomCommand } from './commands/phantom';
import { phantomSetCommand } from './commands/phantom-set';
import { snapshotCommand } from './commands/snapshot';
import { lungmaskCommand } from './commands/lungmask';
import { preprocessCommand } from './commands/preprocess';
import { pipelineCommand } from './commands/pipeline';
import { segmentCommand } from './commands/segment';
import { teacherCommand } from './commands/teacher';
import { evaluateCommand } from './commands/evaluate';
import { evaluateSetCommand } from './commands/evaluate-set';
import { trainCommand } from './commands/train';
import { pseudoLabelCommand } from './commands/pseudo-label';

/** Every CLI command, in the order `lungts help` lists them. One line per command keeps additions conflict-free. */
export const COMMANDS: readonly CliCommand[] = [
  versionCommand,
  importWeightsCommand,
  infoCommand,
  convertCommand,
  boxesCommand,
  exportSegCommand,
  importGtCommand,
  phantomCommand,
  phantomSetCommand,
  snapshotCommand,
  lungmaskCommand,
  preprocessCommand,
  segmentCommand,
  teacherCommand,
  evaluateCommand,
  evaluateSetCommand,
  trainCommand,
  pseudoLabelCommand,
  pipelineCommand,
];
