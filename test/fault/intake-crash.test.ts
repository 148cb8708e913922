/**
 * A process killed between a new ticket's insert and its re-check (whether its requester or its
 * whole customer was erased meanwhile: TicketFlows.create). The insert writes the re-check as
 * owed; the outbox job settles it two minutes on: taken back (nothing ever posted) or announced,
 * once. The kill is a hook that throws right after the insert.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { lastModalView } from '../helpers/clicks.js';
import { scanStrings } from '../helpers/db.js';
import { fileAndDie as fileAndDieBy, killAfterNextInsert } from '../helpers/faults.js';
import { AGENT } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { ADMIN, NAME, TRIAGE, useIntakeDesk } from '../helpers/setups-9-intake.js';

let code = '';
const app = useIntakeDesk((c) => (code = c));
afterEach(() => vi.restoreAllMocks());

/** The customer erased whole (/desk privacy erase and its modal). */
async function eraseCustomer(): Promise<void> {
  await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
}

/**
 * /ticket new for the customer, submitted (by the agent) with the kill armed; `erase`: the
 * customer is erased whole between its read and the insert.
 */
const fileAndDie = (erase: boolean) => fileAndDieBy(app, form(), erase ? eraseCustomer : undefined);

const form = () => ({
  customer: code,
  severity: 'urgent',
  type: 'after_sales',
  description: 'The spindle of line 4 squeals',
});

const cards = () => app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);

describe('a process killed between a new ticket’s insert and its re-check', () => {
  test('its customer erased whole meanwhile: two minutes on, the outbox job takes the ticket back; nothing of it is ever posted', async () => {
    await fileAndDie(true);
    const [early] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(early!.counts).not.toHaveProperty('intakeTakenBack');
    expect(await app.db.models.tickets.countDocuments({})).toBe(1);
    const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:02:30Z');
    expect(late!.counts).toMatchObject({ intakeTakenBack: 1, repaired: 0 });
    expect(await app.db.models.tickets.countDocuments({})).toBe(0);
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    await app.desk.outbox.drain();
    expect(cards()).toEqual([]);
    const posted = JSON.stringify(app.fake.callsTo('chat.postMessage'));
    expect(posted).not.toContain('Spindle');
    expect(posted).not.toContain(NAME);
    expect(await scanStrings(app.db, [NAME, 'Spindle'])).toEqual([]);
  });

  test('nothing erased: two minutes on, the outbox job keeps the ticket and announces it, once', async () => {
    await fileAndDie(false);
    const [early] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(early!.counts).toMatchObject({ repaired: 0 });
    expect(cards()).toEqual([]);
    const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:02:30Z');
    expect(late!.counts).toMatchObject({ repaired: 1 });
    expect(late!.counts).not.toHaveProperty('intakeTakenBack');
    await app.desk.outbox.drain();
    expect(cards()).toHaveLength(1);
    expect(JSON.stringify(cards()[0]!.args.blocks)).toContain('Spindle noise on line 4');
    const kept = (await app.db.models.tickets.findOne({}).lean())!;
    expect(kept.intakeCheckOwedAt).toBeUndefined();
    // Later passes (the fake's record starts again with each) send nothing more.
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    await app.desk.outbox.drain();
    expect(app.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  test('its customer erased whole meanwhile, the same form submitted again before the job: that submit takes it back and is refused on the customer field; the job finds nothing', async () => {
    const modal = await fileAndDie(true);
    const res = await app.slack.submitView(modal, form(), { userId: AGENT });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        customer:
          'This customer’s personal data was erased from the desk while the ticket was being saved, so it was not filed. Ask an admin before filing anything more for them.',
      },
    });
    expect(await app.db.models.tickets.countDocuments({})).toBe(0);
    const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:02:30Z');
    expect(late!.counts).toMatchObject({ repaired: 0 });
    expect(late!.counts).not.toHaveProperty('intakeTakenBack');
    await app.desk.outbox.drain();
    expect(cards()).toEqual([]);
  });
});

describe('a process killed between the insert of a ticket made from a message and its re-check', () => {
  test('its requester erased by Slack user after the insert (the erasure scrubbing it): two minutes on, the outbox job keeps the scrubbed ticket and announces it', async () => {
    const REQ = 'U0CUSTREQ1';
    const CHAN = 'C0HERCHAN9';
    await app.slack.command('/desk', `channel link ${code} shortcut`, {
      userId: ADMIN,
      channelId: CHAN,
    });
    // Written a minute ago by the customer's person.
    const ts = ((app.clock.now().getTime() - 60_000) / 1000).toFixed(6);
    const message = { text: 'Coolant on the floor, line 3', ts, user: REQ };
    await app.slack.messageShortcut('ticket_from_message', message, {
      userId: AGENT,
      channelId: CHAN,
    });
    const modal = { ...lastModalView(app, 'views.open'), id: 'V0INTAKE1902' };
    killAfterNextInsert();
    await app.slack.submitView(
      modal,
      { severity: 'urgent', type: 'after_sales' },
      { userId: AGENT },
    );
    const left = (await app.db.models.tickets.findOne({}).lean())!;
    expect(left).toMatchObject({
      requester: { userId: REQ },
      intakeCheckOwedAt: expect.any(Date),
    });
    // A minute later an admin erases that person by Slack user: the ticket is scrubbed.
    app.clock.set('2026-11-24T02:01:00Z');
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const erase = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(erase as never, {}, { userId: ADMIN });
    const scrubbed = (await app.db.models.tickets.findOne({}).lean())!;
    expect(scrubbed.requester?.userId).toBeUndefined();
    // The repair: the ticket stood before the erasure, which scrubbed it: kept, announced.
    app.fake.reset();
    const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:03:30Z');
    expect(late!.counts).not.toHaveProperty('intakeTakenBack');
    expect(late!.counts).toMatchObject({ repaired: 1 });
    await app.desk.outbox.drain();
    expect(await app.db.models.tickets.countDocuments({})).toBe(1);
    expect(cards()).toHaveLength(1);
    expect(JSON.stringify(app.fake.calls.map((c) => c.args))).not.toContain('Coolant');
  });
});
