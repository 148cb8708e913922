/**
 * A change of the customer's owner and tier saved (and copied: no open ticket yet) while a new
 * ticket was being filed, between the intake's read of the customer and its insert; then the
 * process dies right after the insert, before the intake's catch-up. The outbox job's repair of
 * the re-check (two minutes on), or the same form submitted again before it, writes the change
 * on the ticket: it names the new account manager and tier, who gets its DM and Home, once.
 * Before, neither caught up: the ticket kept the former account manager and tier for good.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { fileAndDie as fileAndDieBy } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const OWNER2 = 'U0OWNER002';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({
    agents: [AGENT],
    managers: [MANAGER],
    accountManagers: [OWNER, OWNER2],
  }));
  code = (await makeCustomer(app, { name: 'Huadong Machinery', annualRevenue: 600_000 })).code;
  expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
    ownerId: OWNER,
    tier: 'key',
  });
});
afterEach(() => vi.restoreAllMocks());

/** The manager hands the customer to OWNER2 and overrides its tier to Normal (Edit customer). */
async function changeOwnerAndTier(): Promise<void> {
  const modal = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { owner: OWNER2, tier_override: 'normal', tier_override_reason: 'Critical incident' },
    { userId: MANAGER },
  );
  expect(res.body).toBe('');
}

/**
 * /ticket new submitted by the agent: the owner and tier change saved during its insert (after
 * the customer's read), then its process dies right after the insert (the hook throws).
 */
async function fileAndDie(): Promise<Record<string, any>> {
  const modal = await fileAndDieBy(app, form(), changeOwnerAndTier);
  // As the kill left it: the owner and tier as read before the change, the re-check owed.
  expect(await stored()).toMatchObject({
    accountManagerId: OWNER,
    customerTier: 'key',
    intakeCheckOwedAt: expect.any(Date),
    noticesOwedAt: expect.any(Date),
  });
  return modal;
}

const form = () => ({
  customer: code,
  severity: 'urgent',
  type: 'after_sales',
  description: 'The spindle of line 4 squeals',
});

const stored = async () => (await app.db.models.tickets.findOne({}).lean())!;
const cards = () => app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
const dmsTo = (user: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user || c.args.channel === `D${user.slice(1)}`);

/** The job two minutes on and after: announced once, its DM and Home to the new owner only. */
async function announcedToTheNewOwner(): Promise<void> {
  const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(late!.counts).toMatchObject({ repaired: 1 });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const ticket = await stored();
  expect(ticket).toMatchObject({ accountManagerId: OWNER2, customerTier: 'normal' });
  expect(ticket.intakeCheckOwedAt).toBeUndefined();
  expect(cards()).toHaveLength(1);
  expect(dmsTo(OWNER2)).toHaveLength(1);
  expect(JSON.stringify(dmsTo(OWNER2)[0]!.args)).toContain(ticket.number);
  expect(dmsTo(OWNER)).toEqual([]);
  const home = app.fake.homesPublishedTo(OWNER2).at(-1);
  expect(JSON.stringify(home?.args.view)).toContain(ticket.number);
  // Later passes send nothing more, and nothing moves it back.
  await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  await app.desk.outbox.drain();
  expect(app.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  expect(await stored()).toMatchObject({ accountManagerId: OWNER2, customerTier: 'normal' });
}

describe('an owner and tier change saved during a new ticket’s insert, the process killed right after it', () => {
  test('two minutes on, the outbox job’s repair writes the new owner and tier on the ticket, then announces it to the new owner, once', async () => {
    await fileAndDie();
    const [early] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(early!.counts).toMatchObject({ repaired: 0 });
    await announcedToTheNewOwner();
  });

  test('the same form submitted again before the job: that submit writes the new owner and tier; the job announces it to the new owner, once', async () => {
    const modal = await fileAndDie();
    const res = await app.slack.submitView(modal, form(), { userId: AGENT });
    expect(res.body).toBe('');
    expect(await stored()).toMatchObject({ accountManagerId: OWNER2, customerTier: 'normal' });
    expect((await stored()).intakeCheckOwedAt).toBeUndefined();
    await announcedToTheNewOwner();
  });
});
