import type { MenuItemConstructorOptions } from 'electron';
import type { ApiEvent } from '../../shared/api';

type MenuCommand = Extract<ApiEvent, { type: 'menu' }>['command'];

/**
 * The application menu. Commands that belong to the screens (import, settings) are sent to the
 * renderer as `menu` events; editing and window items use Electron's built-in roles. There is
 * no "check for updates" and nothing that reaches the network.
 */
export function menuTemplate(send: (command: MenuCommand) => void, isMac: boolean, devTools: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import Folder…', accelerator: 'CmdOrCtrl+O', click: () => send('import-folder') },
        { label: 'Import Files…', accelerator: 'CmdOrCtrl+Shift+O', click: () => send('import-files') },
        { type: 'separator' },
        { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => send('open-settings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(devTools ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    { label: '&Help', submenu: [{ label: 'About LungTS Workstation', click: () => send('about') }] },
  ];
}
