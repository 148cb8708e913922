// A customer's Slack Connect channel, set up through Slack as the desk's people do it: shared
// with the customer's organisation and linked to their file, and their messages filed as tickets.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { AGENT } from './factories.js';

/**
 * `channel` shared with another organisation (Slack Connect, the app a member) and linked to
 * customer `code` by `admin` with `/desk channel link <code> [mode]`; the desk must say it is a
 * Slack Connect channel.
 */
export async function linkSharedChannel(
  app: TestApp,
  channel: string,
  code: string,
  admin: string,
  mode?: 'shortcut',
): Promise<void> {
  app.fake.channels.set(channel, { is_member: true, is_ext_shared: true });
  const linked = await app.slack.command('/desk', `channel link ${code}${mode ? ` ${mode}` : ''}`, {
    userId: admin,
    channelId: channel,
  });
  expect(String((linked.body as { text: string }).text)).toContain('Slack Connect');
}

/**
 * A message of a person of another organisation (`author` of `authorTeam`) in `channel`, filed
 * as a ticket by `agent` with "Create ticket" for a contact who is not in Slack (`contactName`:
 * no Slack requester); the ticket stored for customer `customerCode`.
 */
export async function fileForContact(
  app: TestApp,
  message: { channel: string; text: string; author: string; authorTeam: string; ts?: string },
  customerCode: string,
  contactName: string,
  agent = AGENT,
) {
  await app.slack.messageShortcut(
    'ticket_from_message',
    {
      text: message.text,
      ts: message.ts ?? '1764000000.003100',
      user: message.author,
      user_team: message.authorTeam,
      team: message.authorTeam,
    },
    { userId: agent, channelId: message.channel },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(
    view,
    {
      severity: 'general',
      type: 'consultation',
      requester: null,
      contact_name: contactName,
      channel: 'slack',
    },
    { userId: agent },
  );
  return (await app.db.models.tickets.findOne({ customerCode }).lean())!;
}
