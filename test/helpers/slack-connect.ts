// A customer's Slack Connect channel, set up through Slack as the desk's people do it: shared
// with the customer's organisation and linked to their file, and their messages filed as tickets.
import { expect } from 'vitest';
import type { WorkspaceSettings } from '../../src/workspace/settings.js';
import type { TestApp } from './app.js';
import { lastModalView } from './clicks.js';
import { act, AGENT, makeCustomer } from './factories.js';

/** The desk's admin, its triage channel, and Acme's Slack Connect channel and organisation. */
export const ADMIN = 'U0ADMIN001';
export const TRIAGE = 'C0TRIAGE01';
export const SHARED = 'C0SHARED01';
export const ACME_TEAM = 'T0ACMEORG1';
/** A person of Acme's organisation. */
export const ACME = 'U0ACME0001';
/** A member of the desk's own workspace. */
export const MEMBER = 'U0MEMBER01';
/** Acme's first message in the shared channel: 2026-11-24T01:20:00Z. */
export const ROOT = '1795483200.000100';
/** The disconnect (channel_unshared): 2026-11-24T03:00:00Z. */
export const LEFT_TS = '1795489200.000200';

/**
 * Customer "Acme Machinery" (its code returned) on a closed desk with `AGENT` and triage channel
 * `TRIAGE`, plus `more` settings; with `linked`, `SHARED` is linked to it by `ADMIN`.
 */
export async function acmeDesk(
  app: TestApp,
  { linked = true, more = {} }: { linked?: boolean; more?: Partial<WorkspaceSettings> } = {},
): Promise<string> {
  const { code } = await makeCustomer(app, { name: 'Acme Machinery' });
  await app.setSettings((s) => ({
    agents: [AGENT],
    openDesk: false,
    channels: { ...s.channels, triage: TRIAGE },
    ...more,
  }));
  if (linked) await linkSharedChannel(app, SHARED, code, ADMIN);
  return code;
}

/** Acme's person (of `ACME_TEAM`) and a member of the workspace, as users.info describes them. */
export function acmeAndMember(app: TestApp): void {
  app.fake.users.set(ACME, { id: ACME, name: 'li.wei', team: ACME_TEAM });
  app.fake.users.set(MEMBER, { id: MEMBER, name: 'zhang.min' });
}

/** Acme's person writes `text` in `SHARED` (a top-level message, or a reply in `thread`). */
export function acmeSays(app: TestApp, text: string, ts: string, eventId: string, thread?: string) {
  return app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: SHARED,
      user: ACME,
      user_team: ACME_TEAM,
      team: ACME_TEAM,
      text,
      ts,
      ...(thread ? { thread_ts: thread } : {}),
    },
    { eventId, teamId: ACME_TEAM, shared: true },
  );
}

/** Acme's message in `SHARED` opens a ticket of customer `code`, the agent claims it: its number. */
export async function claimedTicketInChannel(app: TestApp, code: string): Promise<string> {
  await acmeSays(app, 'Our line 3 stopped with error E42', ROOT, 'Ev1');
  const { number } = (await app.db.models.tickets.findOne({ customerCode: code }).lean())!;
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  return number;
}

/** Acme's organisation leaves `SHARED` (channel_unshared at `LEFT_TS`), with `more` fields. */
export function unshared(
  app: TestApp,
  eventId: string,
  more: Record<string, unknown> = {},
  retryNum?: number,
) {
  return app.slack.eventDelivery(
    {
      type: 'channel_unshared',
      channel: SHARED,
      previously_connected_team_id: ACME_TEAM,
      is_ext_shared: false,
      event_ts: LEFT_TS,
      ...more,
    },
    { eventId, ...(retryNum ? { retryNum } : {}) },
  );
}

/** `SHARED` is shared with Acme's organisation again (channel_shared, 2026-11-24T04:00:00Z). */
export function sharedAgain(app: TestApp, eventId: string) {
  return app.slack.eventDelivery(
    {
      type: 'channel_shared',
      channel: SHARED,
      connected_team_id: ACME_TEAM,
      event_ts: '1795492800.000100',
    },
    { eventId },
  );
}

/** The texts of the bot's DMs to `user` (to their user id or their DM channel). */
export function dmsTo(app: TestApp, user: string): string[] {
  return app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user || c.args.channel === `D${user.slice(1)}`)
    .map((c) => String(c.args.text));
}

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

/**
 * `/ticket new` by `AGENT` for customer `code` naming `requester`, submitted and its notices
 * delivered: Slack's answer to the submit and the ticket stored.
 */
export async function newTicketFor(app: TestApp, code: string, requester: string) {
  await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
  const res = await app.slack.submitView(
    lastModalView(app, 'views.open'),
    {
      customer: code,
      severity: 'general',
      type: 'after_sales',
      description: 'E42 on the panel',
      requester,
    },
    { userId: AGENT },
  );
  await app.desk.outbox.drain();
  return { res, ticket: (await app.db.models.tickets.findOne().sort({ _id: -1 }).lean())! };
}
