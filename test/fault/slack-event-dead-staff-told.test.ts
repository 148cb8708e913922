// A customer channel's event given up (its last attempt failed): told to the admins that are
// staff, else the managers that are staff (`staffToTell`), never to an admin Slack said is of
// another organisation (`externalHolders`), nor to one held (the only admin a guest owner:
// `staffToTellNow`, the triage channel then): the DM names the internal channel and the log's
// reference.
import { expect, test } from 'vitest';
import { slackEventsJob } from '../../jobs/slack-events.js';
import { tasksJob } from '../../jobs/tasks.js';
import { EVENT_MAX_ATTEMPTS } from '../../src/channel/types.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const LEAD = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';
const T0 = '2026-11-24T02:00:00Z';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: T0,
});

const dmsTo = (user: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user || c.args.channel === `D${user.slice(1)}`)
    .map((c) => String(c.args.text));

async function runAt(minutes: number) {
  app.clock.set(new Date(new Date(T0).getTime() + minutes * 60_000).toISOString());
  await runDue(jobDeps(app, 'a'), [slackEventsJob]);
  await app.desk.outbox.drain();
}

test('an event given up with only an admin of another organisation: the staff manager is told, not the admin', async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], managers: [LEAD], openDesk: false }));
  const res = await app.slack.command('/desk', `channel link ${code} emoji`, {
    userId: ADMIN,
    channelId: CUST,
  });
  expect(res.body.text).toContain('is now the customer channel');
  // The only admin is found to be of another organisation (the daily holders' check).
  await app.setSettings(() => ({ externalHolders: [ADMIN] }));
  app.fake.peopleMessages.set(CUST, [
    { ts: '1764000000.000700', user: CUSTOMER_USER, text: 'Where is my delivery?' },
  ]);
  app.fake.failNext('conversations.history', 'internal_error', 20);
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: CUST, ts: '1764000000.000700' },
      item_user: CUSTOMER_USER,
    },
    { eventId: 'Ev0DEADSTF1' },
  );
  for (const m of [1, 3, 7, 15]) await runAt(m);
  const dead = await app.db.models.seenEvents.findOne({}).lean();
  expect(dead).toMatchObject({ status: 'dead', attempts: EVENT_MAX_ATTEMPTS });
  const toAdmin = dmsTo(ADMIN).filter((t) => t.includes('could not be handled'));
  const toLead = dmsTo(LEAD).filter((t) => t.includes('could not be handled'));
  expect({ toAdmin: toAdmin.length, toLead: toLead.length }).toEqual({ toAdmin: 0, toLead: 1 }); // The manager is one the notice is for: no "why you" line.
  expect(toLead[0]).not.toContain('You get this because');
});

test('an event given up while the only admin is held (a guest owner, no manager): the triage channel is told, not the admin', async () => {
  const { code } = await makeCustomer(app);
  const owned = await makeCustomer(app, { ownerId: OWNER, name: 'Nanjing Tools' });
  await app.setSettings(() => ({
    agents: [AGENT],
    managers: [],
    accountManagers: [OWNER],
    openDesk: false,
  }));
  const res = await app.slack.command('/desk', `channel link ${code} emoji`, {
    userId: ADMIN,
    channelId: CUST,
  });
  expect(res.body.text).toContain('is now the customer channel');
  // The only admin owns a customer and the daily owners' check finds them a guest.
  await app.desk.services.customers.update(await ctxOf(app, OWNER), owned.code, { ownerId: ADMIN });
  await app.desk.outbox.drain();
  app.fake.users.set(ADMIN, { id: ADMIN, real_name: 'Wang Fang', is_restricted: true });
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a']);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  app.fake.peopleMessages.set(CUST, [
    { ts: '1764000000.000700', user: CUSTOMER_USER, text: 'Where is my delivery?' },
  ]);
  app.fake.failNext('conversations.history', 'internal_error', 20);
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: CUST, ts: '1764000000.000700' },
      item_user: CUSTOMER_USER,
    },
    { eventId: 'Ev0DEADHLD1' },
  );
  const start = app.clock.now().getTime();
  for (const m of [1, 3, 7, 15]) {
    app.clock.set(new Date(start + m * 60_000).toISOString());
    await runDue(jobDeps(app, 'a'), [slackEventsJob]);
    await app.desk.outbox.drain();
  }
  const dead = await app.db.models.seenEvents.findOne({ _id: /Ev0DEADHLD1$/ }).lean();
  expect(dead).toMatchObject({ status: 'dead' });
  const toAdmin = dmsTo(ADMIN).filter((t) => t.includes('could not be handled'));
  const toTriage = app.fake
    .tookPostsTo(TRIAGE)
    .map((c) => String(c.args.text))
    .filter((t) => t.includes('could not be handled'));
  expect({ toAdmin: toAdmin.length, toTriage: toTriage.length }).toEqual({
    toAdmin: 0,
    toTriage: 1,
  }); // Why the channel: no admin can be reached (the staff.toldInstead line).
  expect(toTriage[0]).toContain(
    'You get this because no admin or manager of the desk can be reached',
  );
});
