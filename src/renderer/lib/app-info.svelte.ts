import type { z } from 'zod';
import type { AppInfoSchema } from '../../shared/api';
import { api } from './api';

type AppInfo = z.infer<typeof AppInfoSchema>;

/** Host facts (data folder, native dialogs) loaded once; screens read them for defaults. */
class AppInfoStore {
  info = $state.raw<AppInfo | undefined>(undefined);
  error = $state<string | undefined>(undefined);

  async load(): Promise<void> {
    const r = await api.call('app.info', {});
    if (r.ok) this.info = r.value;
    else this.error = r.error;
  }

  /** A default export path under the data folder, e.g. exports/A0002-3.seg.dcm. */
  exportPath(name: string): string {
    const base = this.info?.dataDir ?? '.';
    const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
    return `${base}${sep}exports${sep}${name.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  }
}

export const appInfo = new AppInfoStore();

/** Asks for a save path with the native dialog when there is one; otherwise keeps `typed`. */
export async function chooseSavePath(typed: string, title: string): Promise<string | undefined> {
  if (!appInfo.info?.nativeDialogs) return typed.trim() || undefined;
  const r = await api.call('dialog.pick', { kind: 'save', title, defaultPath: typed });
  return r.ok ? r.value.paths[0] : undefined;
}
