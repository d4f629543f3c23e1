/**
 * Every request the renderer may make of main, by name. Kept free of imports (no zod) so the
 * Electron preload, which runs sandboxed and cannot load packages, can refuse any other name
 * before it reaches IPC. contract.ts gives each name its payload schemas; a test checks that
 * the two lists are the same.
 */
export const API_METHODS = [
  'app.info',
  'patients.list',
  'cases.list',
  'cases.get',
  'cases.remove',
  'volume.get',
  'annotations.list',
  'annotations.history',
  'annotations.boxes',
  'annotations.saveBoxes',
  'annotations.mask',
  'annotations.saveMask',
  'annotations.review',
  'annotations.restore',
  'jobs.kinds',
  'jobs.start',
  'jobs.cancel',
  'jobs.resume',
  'jobs.list',
  'jobs.get',
  'jobs.metrics',
  'models.list',
  'models.activate',
  'models.card',
  'models.import',
  'datasets.list',
  'datasets.create',
  'datasets.members',
  'datasets.setMembers',
  'evaluations.list',
  'evaluations.get',
  'settings.get',
  'settings.set',
  'dialog.pick',
  'export.mask',
  'export.table',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

const METHOD_SET: ReadonlySet<string> = new Set(API_METHODS);

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && METHOD_SET.has(name);
}

/** Electron IPC channel names (the preload and main agree on these and nothing else). */
export const IPC_CALL_CHANNEL = 'lungts:call';
export const IPC_EVENT_CHANNEL = 'lungts:event';

/** The name under which the preload exposes the bridge on `window`. */
export const PRELOAD_GLOBAL = 'lungts';
