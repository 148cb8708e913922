// A person of another organisation (Slack Connect) named as a ticket's requester in `/ticket new`,
// or the author of the message Create ticket files, the ticket not taking their thread as its
// conversation: the ticket is accepted, but the desk writes none of the DMs that could never
// reach them; the agent is warned at submit (ephemeral) and the card says how to answer them.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { AGENT } from '../helpers/factories.js';
import {
  ACME,
  ACME_TEAM,
  acmeAndMember,
  acmeDesk,
  ADMIN,
  MEMBER,
  newTicketFor,
  TRIAGE,
} from '../helpers/slack-connect.js';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let code = '';
beforeEach(async () => {
  code = await acmeDesk(app, { linked: false });
  acmeAndMember(app);
});

async function fileFor(requester: string) {
  const { res, ticket } = await newTicketFor(app, code, requester);
  expect(res.status).toBe(200);
  return ticket;
}

/** Everything the agent was told privately (ephemeral or by the modal's response URL). */
function toldAgent(): string {
  return [
    ...app.fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === AGENT),
    ...app.fake.callsTo('response_url'),
  ]
    .map((c) => JSON.stringify(c.args))
    .join('\n');
}

test('/ticket new naming a person of another organisation: accepted, no DM queued for them, the agent warned at submit and on the card', async () => {
  const ticket = await fileFor(ACME);
  expect(ticket.requester).toMatchObject({ userId: ACME, external: true });
  // No notice of the desk is written for them (it could never arrive).
  expect(await app.db.models.outbox.find({ to: ACME }, { key: 1, state: 1 }).lean()).toEqual([]);
  expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ACME)).toEqual([]);
  expect(toldAgent()).toContain('is a person of another organisation (Slack Connect)');
  const card = app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE)
    .map((c) => JSON.stringify(c.args))
    .join('\n');
  expect(card).toContain('another organisation: the desk cannot message them');
});

test('/ticket new naming a member of the workspace: as before (their received notice by DM, no warning)', async () => {
  const ticket = await fileFor(MEMBER);
  expect(ticket.requester).toEqual({ userId: MEMBER });
  expect(await app.db.models.outbox.countDocuments({ to: MEMBER })).toBeGreaterThan(0);
  expect(toldAgent()).not.toContain('another organisation');
});

test('in Chinese: the warning at submit', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await fileFor(ACME);
  expect(toldAgent()).toContain('是其他组织的成员（Slack Connect）');
});

test('Create ticket on a message of a person of another organisation in a channel linked to no customer: they are its requester, no DM queued, the agent warned', async () => {
  app.fake.channels.set('C0PARTNER1', { is_member: true, is_ext_shared: true });
  await app.slack.messageShortcut(
    'ticket_from_message',
    {
      text: 'Line 3 stopped',
      ts: '1795480000.000100',
      user: ACME,
      user_team: ACME_TEAM,
      team: ACME_TEAM,
    },
    { userId: AGENT, channelId: 'C0PARTNER1' },
  );
  const res = await app.slack.submitView(
    lastModalView(app, 'views.open'),
    { customer: code, severity: 'general', type: 'after_sales' },
    { userId: AGENT },
  );
  expect(res.status).toBe(200);
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne().lean())!;
  expect(ticket.requester).toMatchObject({ userId: ACME, external: true });
  expect(ticket.conversation).toBeUndefined();
  expect(await app.db.models.outbox.find({ to: ACME }, { key: 1 }).lean()).toEqual([]);
  expect(toldAgent()).toContain('is a person of another organisation (Slack Connect)');
});
