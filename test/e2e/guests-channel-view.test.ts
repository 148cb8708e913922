// What a guest requester reads of their ticket (`/ticket T…`) when someone other than them wrote
// in its thread in their customer channel (one of our own channels, customers as guests).
import { beforeEach, expect, test } from 'vitest';
import { act, AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { ADMIN, useGuestsApp } from '../helpers/guests.js';

const GUEST = FAKE_GUEST_USER_ID; // Acme's buyer, a guest of the workspace
const COWORKER = 'U0GUEST003'; // another of Acme's people, a guest too
const CH = 'C0CUSTCH01';
const ROOT = '1795397400.000100';

const { app } = useGuestsApp();

function say(user: string, text: string, ts: string, thread?: string) {
  return app.slack.event(
    {
      type: 'message',
      channel_type: 'channel',
      channel: CH,
      user,
      text,
      ts,
      ...(thread ? { thread_ts: thread } : {}),
    },
    { userId: user },
  );
}

let a = '';
beforeEach(async () => {
  await app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
  app.fake.users.set(COWORKER, { id: COWORKER, name: 'acme.zhou', is_restricted: true });
  a = (await makeCustomer(app, { name: 'Acme Machinery' })).code;
  app.fake.channels.set(CH, { is_member: true });
  await app.slack.command('/desk', `channel link ${a}`, { userId: ADMIN, channelId: CH });
});

async function viewAs(user: string, number: string) {
  const res = await app.slack.command('/ticket', number, { userId: user });
  return JSON.stringify(res.body);
}

test('a coworker’s reply in the thread is shown to the requester as the coworker’s, never the desk’s id', async () => {
  await say(GUEST, 'Line 3 stopped, error E42', ROOT);
  const t = (await app.db.models.tickets.findOne({ customerCode: a }).lean())!;
  expect(t.requester?.userId).toBe(GUEST);
  await act(app, t.number, { action: 'claim' });
  await say(COWORKER, 'Also seeing it on line 4', '1795397500.000100', ROOT);
  const view = await viewAs(GUEST, t.number);
  expect(view).toContain(`<@${COWORKER}> wrote: Also seeing it on line 4`);
  expect(view).not.toContain('<@care-desk>');
});

test('re-linked to Beta: a Beta guest’s reply in an Acme thread is not shown to Acme’s requester', async () => {
  const BETA_GUEST = 'U0GUEST004';
  app.fake.users.set(BETA_GUEST, { id: BETA_GUEST, name: 'beta.qian', is_restricted: true });
  const b = (await makeCustomer(app, { name: 'Beta Foods' })).code;
  await say(GUEST, 'Line 3 stopped, error E42', ROOT);
  const t = (await app.db.models.tickets.findOne({ customerCode: a }).lean())!;
  await act(app, t.number, { action: 'claim' });
  const res = await app.slack.command('/desk', `channel link ${b}`, {
    userId: ADMIN,
    channelId: CH,
  });
  expect(JSON.stringify(res.body)).toContain('Beta Foods');
  await say(BETA_GUEST, 'Beta: our account 7781 invoices are wrong', '1795397600.000100', ROOT);
  const view = await viewAs(GUEST, t.number);
  expect(view).toContain('Line 3 stopped');
  expect(view).not.toContain('account 7781');
});
