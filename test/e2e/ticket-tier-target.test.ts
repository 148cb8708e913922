// A customer's tier moving up applies to its open tickets (domain 4: "the customer's tier target
// above also applies: the stricter one wins"): each one still owing its first response takes the
// stricter target, counted from its own receipt, its due times, lists and alerts following, its
// thread saying why; an answered one keeps its own, and a move down changes nothing (tiermove 1).
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { overrideTier } from '../helpers/clicks.js';
import { ctxOf, makeCustomer, makeTicket, OWNER, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { useTierDesk } from '../helpers/setups-9-tiers.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const LINE =
  'The customer’s tier moved up: its tickets now have the Strategic tier’s first-response target, which is stricter, so the first response is due within 4 h of receipt (was 8 h).';

// Tuesday 24 November 2026, 10:00 in Shanghai; business hours 09:00-18:00.
const { app, stored } = useTierDesk();

const threadLines = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
    .map((c) => String(c.args.text));

const retargets = async (number: string) =>
  (await stored(number)).timeline.filter((e) => e.action === 'retarget');

test('an override to strategic brings an unanswered general ticket’s first response forward to 4 h from its receipt; an answered one keeps its target', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  // Received 10:00: general 8 h (normal 24 h), due 18:00.
  const open = await makeTicket(app, { customerCode: code, severity: 'general' });
  const answered = await makeTicket(app, { customerCode: code, severity: 'general' });
  await respond(app, answered.number);
  const before = await stored(open.number);
  expect(before.sla.responseMinutes).toBe(480);
  expect(before.responseDueAt).toEqual(new Date('2026-11-24T10:00:00Z'));

  app.clock.set(new Date('2026-11-24T03:00:00Z'));
  await overrideTier(app, code, 'strategic', MANAGER);

  const after = await stored(open.number);
  expect(after.customerTier).toBe('strategic');
  expect(after.sla.responseMinutes).toBe(240);
  // 4 business hours from its receipt: 14:00 the same day, the earliest due time.
  expect(after.responseDueAt).toEqual(new Date('2026-11-24T06:00:00Z'));
  expect(after.dueAt).toEqual(new Date('2026-11-24T06:00:00Z'));
  // The resolution target is the severity's, whatever the tier.
  expect(after.resolutionDueAt).toEqual(before.resolutionDueAt);
  expect(await retargets(open.number)).toEqual([
    expect.objectContaining({
      by: 'care-desk',
      retargeted: { tier: 'strategic', responseMinutes: 240, was: 480 },
    }),
  ]);
  // The answered ticket: its first response given, nothing to bring forward.
  expect((await stored(answered.number)).sla.responseMinutes).toBe(480);
  expect(await retargets(answered.number)).toEqual([]);

  // `/ticket list overdue` reads the stored due time: the ticket is overdue from 14:00.
  app.clock.set(new Date('2026-11-24T06:30:00Z'));
  const listed = JSON.stringify(
    (await app.slack.command('/ticket', 'list overdue', { userId: MANAGER })).body,
  ).match(/T2026\d{4}/g);
  expect(listed).toContain(open.number);
  expect(listed).not.toContain(answered.number);

  await app.desk.outbox.drain();
  expect(threadLines().filter((text) => text === LINE)).toHaveLength(1);
});

test('a move down changes nothing: a strategic customer’s ticket keeps its 4 h after an override to normal', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 2_000_000 });
  const { number } = await makeTicket(app, { customerCode: code, severity: 'general' });
  const before = await stored(number);
  expect(before.sla.responseMinutes).toBe(240);

  await overrideTier(app, code, 'normal', MANAGER);

  const after = await stored(number);
  expect(after.customerTier).toBe('normal');
  expect(after.sla.responseMinutes).toBe(240);
  expect(after.responseDueAt).toEqual(before.responseDueAt);
  expect(await retargets(number)).toEqual([]);
});

test('an order that makes the customer strategic at 15:00 makes a 10:00 ticket overdue: the next sweep alerts it once, and done again nothing moves twice', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const customer = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: customer.code, severity: 'general' });
  expect((await stored(number)).sla.responseMinutes).toBe(480);

  app.clock.set(new Date('2026-11-24T07:00:00Z'));
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), customer.code, {
    date: '2026-11-24',
    amount: 1_000_000,
    number: 'HD-1',
  });
  const after = await stored(number);
  expect(after.customerTier).toBe('strategic');
  expect(after.responseDueAt).toEqual(new Date('2026-11-24T06:00:00Z'));
  // Planned for the next sweep at the latest.
  expect(after.nextAlertAt!.getTime()).toBeLessThanOrEqual(Date.parse('2026-11-24T07:00:00Z'));

  // Each sweep's posts (runJobAt clears the record first): the breach once, then nothing.
  const alertsAbout = () =>
    app.fake.postsTo(ALERTS).filter((p) => JSON.stringify(p.args).includes(number)).length;
  await runJobAt(app, slaAlertsJob, '2026-11-24T07:00:30Z');
  expect((await stored(number)).alerts.responseBreach).toBeDefined();
  expect(alertsAbout()).toBe(1);
  await runJobAt(app, slaAlertsJob, '2026-11-24T07:05:30Z');
  expect(alertsAbout()).toBe(0);

  // The change's copies done again (another instance, the repair): nothing more to write.
  const fresh = (await app.desk.services.customers.get(await ctxOf(app, OWNER), customer.code))!;
  const again = await app.desk.services.tickets.tightenForTier(
    {
      teamId: fresh.teamId,
      settings: await app.desk.services.workspaces.settings(fresh.teamId),
      now: app.clock.now(),
    },
    fresh,
  );
  expect(again).toEqual({ written: [], missed: 0 });
  expect(await retargets(number)).toHaveLength(1);
});
