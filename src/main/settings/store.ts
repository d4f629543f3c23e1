import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, SettingsSchema, describeIssues, type Settings, type SettingsPatch } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';

/** Brings an older settings file up to the current version (none older exist yet). */
function upgrade(raw: unknown): Result<unknown> {
  if (typeof raw !== 'object' || raw === null) return fail('not a JSON object');
  const version = (raw as { version?: unknown }).version;
  if (version === 1) return ok(raw);
  if (typeof version === 'number' && version > 1) return fail(`version ${version} was written by a newer LungTS`);
  return fail(`unknown settings version ${JSON.stringify(version)}`);
}

/**
 * The user's settings: one JSON file, validated on read and on every change, replaced
 * atomically. A file that cannot be used is kept aside (never overwritten silently) and the
 * defaults apply, with a warning saying where the old file went.
 */
export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS;
  readonly warnings: string[] = [];

  constructor(readonly path: string) {
    this.current = this.read();
  }

  private read(): Settings {
    if (!existsSync(this.path)) return DEFAULT_SETTINGS;
    let parsed: Result<Settings>;
    try {
      const up = upgrade(JSON.parse(readFileSync(this.path, 'utf8')));
      if (!up.ok) parsed = up;
      else {
        const r = SettingsSchema.safeParse(up.value);
        parsed = r.success ? ok(r.data) : fail(describeIssues(r.error));
      }
    } catch (e) {
      parsed = fail((e as Error).message);
    }
    if (parsed.ok) return parsed.value;
    const aside = `${this.path}.unusable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      copyFileSync(this.path, aside);
    } catch {
      // Keeping the copy is best effort; the original stays untouched until the next save.
    }
    this.warnings.push(`settings file ${this.path} could not be used (${parsed.error}); defaults apply, a copy is at ${aside}`);
    return DEFAULT_SETTINGS;
  }

  get(): Settings {
    return this.current;
  }

  update(patch: SettingsPatch): Result<Settings> {
    const merged = {
      ...this.current,
      ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'defaultModels')),
      defaultModels: { ...this.current.defaultModels, ...Object.fromEntries(Object.entries(patch.defaultModels ?? {}).filter(([, v]) => v !== undefined)) },
    };
    const r = SettingsSchema.safeParse(merged);
    if (!r.success) return fail(`invalid settings: ${describeIssues(r.error)}`);
    try {
      writeFileAtomic(this.path, `${JSON.stringify(r.data, null, 2)}\n`);
    } catch (e) {
      return fail(`cannot save settings to ${this.path}: ${(e as Error).message}`);
    }
    this.current = r.data;
    return ok(r.data);
  }
}
