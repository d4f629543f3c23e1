import type { BrowserWindow, Dialog } from 'electron';
import type { z } from 'zod';
import type { DialogPickInputSchema, DialogPickSchema } from '../../shared/api';

/** Native open/save dialogs for `dialog.pick`, attached to the app window. */
export function createPathPicker(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, window: () => BrowserWindow | undefined) {
  return async (req: z.infer<typeof DialogPickInputSchema>): Promise<z.infer<typeof DialogPickSchema>> => {
    const win = window();
    const common = {
      ...(req.title ? { title: req.title } : {}),
      ...(req.defaultPath ? { defaultPath: req.defaultPath } : {}),
      ...(req.filters ? { filters: req.filters } : {}),
    };
    if (req.kind === 'save') {
      const r = win ? await dialog.showSaveDialog(win, common) : await dialog.showSaveDialog(common);
      return { paths: r.canceled || !r.filePath ? [] : [r.filePath] };
    }
    const properties: ('openDirectory' | 'openFile' | 'multiSelections')[] =
      req.kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'];
    const r = win ? await dialog.showOpenDialog(win, { ...common, properties }) : await dialog.showOpenDialog({ ...common, properties });
    return { paths: r.canceled ? [] : r.filePaths };
  };
}
