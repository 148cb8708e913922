import type { SettingsGroup } from '../../src/workspace/settings.js';
import type { TestApp } from './app.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

export type View = Record<string, any>;

/** The `/desk settings` tests' reads: the stored settings, the modal last opened, its blocks. */
export function settingsKit(app: TestApp, admin: string) {
  const lastOpened = (): View => app.fake.callsTo('views.open').at(-1)!.args.view as View;
  return {
    settings: () => app.desk.services.workspaces.settings(FAKE_TEAM_ID),
    lastOpened,
    block: (view: View, id: string) => view.blocks.find((b: any) => b.block_id === id),
    /** The label of input `id` ('' when there is none). */
    label: (view: View, id: string): string =>
      view.blocks.find((b: View) => b.block_id === id)?.label?.text ?? '',
    /** Every input's label, in order. */
    labels: (view: View): string[] =>
      view.blocks.filter((b: View) => b.type === 'input').map((b: View) => String(b.label.text)),
    /** The group's context lines (its hint above the fields), joined by newlines. */
    hint: (view: View): string =>
      view.blocks
        .filter((b: View) => b.type === 'context')
        .flatMap((b: View) => b.elements.map((e: View) => String(e.text)))
        .join('\n'),
    /** `/desk settings <group>` by `userId`: the group's modal. */
    async openGroup(group: SettingsGroup, userId = admin): Promise<View> {
      await app.slack.command('/desk', `settings ${group}`, { userId });
      return lastOpened();
    },
  };
}
