/**
 * Hands the tray model to Electron, and only what changed: the icon when the
 * state changes, the tooltip when its text changes, the menu when its model
 * changes (rebuilding a menu on every second would flicker an open menu).
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { MenuAction, MenuItemModel, TrayPlatform, TrayView } from './tray-model';
import { menuModel, tooltip, trayClickAction, trayIconPath } from './tray-model';

export interface TrayDeps {
  tray: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy'> & {
    on(event: 'click', listener: () => void): unknown;
  };
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  image: (assetPath: string) => NativeImage;
  platform: TrayPlatform;
  onAction: (action: MenuAction, arg?: string) => void;
}

export interface TrayController {
  update(view: TrayView): void;
  destroy(): void;
}

/** Turn the plain model into Electron menu options wired to `onAction`. */
export function toTemplate(
  items: MenuItemModel[],
  onAction: TrayDeps['onAction'],
): MenuItemConstructorOptions[] {
  return items.map((m) => {
    const o: MenuItemConstructorOptions = {};
    if (m.type) o.type = m.type;
    if (m.label !== undefined) o.label = m.label;
    if (m.enabled !== undefined) o.enabled = m.enabled;
    if (m.submenu) o.submenu = toTemplate(m.submenu, onAction);
    const action = m.action;
    if (action) o.click = () => onAction(action, m.arg);
    return o;
  });
}

/** Create the controller; the first `update` sets icon, tooltip and menu. */
export function createTrayController(deps: TrayDeps): TrayController {
  let icon = '';
  let tip = '';
  let menu = '';
  const click = trayClickAction(deps.platform);
  if (click) deps.tray.on('click', () => deps.onAction(click));
  return {
    update(view) {
      const nextIcon = trayIconPath(view.state, deps.platform);
      if (nextIcon !== icon) {
        deps.tray.setImage(deps.image(nextIcon));
        icon = nextIcon;
      }
      const nextTip = tooltip(view);
      if (nextTip !== tip) {
        deps.tray.setToolTip(nextTip);
        tip = nextTip;
      }
      const model = menuModel(view);
      const key = JSON.stringify(model);
      if (key !== menu) {
        deps.tray.setContextMenu(deps.buildMenu(toTemplate(model, deps.onAction)));
        menu = key;
      }
    },
    destroy: () => deps.tray.destroy(),
  };
}
