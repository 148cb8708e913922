import type { HomeView } from '@slack/types';
import type { Translate } from '../i18n/index.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { context, divider, header, markdown } from './blocks.js';
import { usageList, type CommandUsage } from './help.js';
import { md } from './text.js';

/** The App Home tab: what the desk is and the commands a user can type. */
export function homeView(
  t: Translate,
  settings: WorkspaceSettings,
  commands: CommandUsage[],
): HomeView {
  return {
    type: 'home',
    blocks: [
      header(t.plain('home.title')),
      markdown(t('home.intro')),
      divider(),
      markdown(t('home.commands')),
      ...commands.map((c) => markdown(md`${t(c.title)}\n${usageList(t, c.lines)}`)),
      context(t('home.footer', { timeZone: settings.timeZone, locale: settings.locale })),
    ],
  };
}
