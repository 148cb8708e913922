import type { HomeView } from '@slack/types';
import type { Translate } from '../i18n/index.js';
import type { OutboxCounts } from '../outbox/types.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { actions, button, context, divider, header, markdown, type Block } from './blocks.js';
import { HOME } from './ids.js';
import { usageList, type CommandUsage } from './help.js';
import { md } from './text.js';

/**
 * What a manager sees of the outbox: the messages Slack has not taken yet, and the ones given
 * up after every retry, with the latest reason and a button to send them again.
 */
function deliveryBlocks(t: Translate, outbox: OutboxCounts): Block[] {
  if (!outbox.dead)
    return [
      context(
        outbox.pending ? t('home.outbox.pending', { count: outbox.pending }) : t('home.outbox.ok'),
      ),
    ];
  const first = outbox.latestDead[0];
  return [
    markdown(
      t('home.outbox.dead', {
        count: outbox.dead,
        error: first?.lastError ?? '',
        to: first?.to ?? '',
      }),
    ),
    actions('home_outbox', [
      button({
        actionId: HOME.resendUndelivered,
        text: t.plain('home.outbox.resend'),
        value: 'dead',
        style: 'primary',
      }),
    ]),
  ];
}

/**
 * The App Home tab: what the desk is and the commands a user can type; for a manager or admin,
 * how the desk's Slack messages are getting through.
 */
export function homeView(
  t: Translate,
  settings: WorkspaceSettings,
  commands: CommandUsage[],
  outbox?: OutboxCounts,
): HomeView {
  return {
    type: 'home',
    blocks: [
      header(t.plain('home.title')),
      markdown(t('home.intro')),
      ...(outbox ? deliveryBlocks(t, outbox) : []),
      divider(),
      markdown(t('home.commands')),
      ...commands.map((c) => markdown(md`${t(c.title)}\n${usageList(t, c.lines)}`)),
      context(t('home.footer', { timeZone: settings.timeZone, locale: settings.locale })),
    ],
  };
}
