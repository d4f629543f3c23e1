import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL } from '../../shared/api/methods';
import type { WireReply } from '../../shared/api/validate';
import type { Dispatch } from '../app/dispatch';
import { isAppUrl } from './hardening';

/**
 * The single IPC entry: requests are served only from the app's own window and page (the
 * sender's frame must be the main frame at an app URL), then go through the same contract
 * check and handlers as the bridge.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, isOurWindow: (senderId: number) => boolean): void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, payload: unknown): Promise<WireReply> => {
    const frame = event.senderFrame;
    if (!isOurWindow(event.sender.id) || !frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return { ok: false, error: 'request refused: it does not come from the LungTS window' };
    }
    return (await dispatch(method, payload)).reply;
  });
}
