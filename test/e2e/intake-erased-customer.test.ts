/**
 * A ticket filed while its customer is erased whole (/desk privacy erase <code>): the erasure's
 * scrub of the customer's tickets landing between the intake's read of the customer and the
 * ticket's insert. The ticket is taken back before anything is told of it, and whoever filed it
 * is told on their surface (the modal's field, the reaction's ephemeral note).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterEach, expect, test, vi } from 'vitest';
import { TicketService } from '../../src/ticket/service.js';
import { lastModalView } from '../helpers/clicks.js';
import { scanStrings } from '../helpers/db.js';
import { AGENT } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ADMIN, NAME, useIntakeDesk } from '../helpers/setups-9-intake.js';

const HER_CHANNEL = 'C0HUADONG1';
const CUSTOMER_USER = 'U0CUSTUSR1';

let code = '';
const app = useIntakeDesk((c) => (code = c), { name: '王芳' });

/** The erasure's lease, when a test held it: given back after the test. */
let release: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await release?.();
  release = undefined;
});

/**
 * Makes the next ticket insert wait for the customer's erasure: run whole through /desk privacy
 * erase and its modal (`erased`), or under way (`being erased`: its lease held, its scrub of the
 * customer's tickets already past).
 */
function eraseBeforeTheInsert(when: 'erased' | 'being erased'): void {
  const proto = TicketService.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const insert = proto.insert!;
  vi.spyOn(proto, 'insert').mockImplementationOnce(async function (this: unknown, ...args) {
    if (when === 'erased') {
      await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
      const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
      await app.slack.submitView(modal as never, {}, { userId: ADMIN });
      expect((await app.db.models.customers.findOne({ code }).lean())!.name).toBe(
        `[erased] ${code}`,
      );
    } else {
      const held = await app.desk.services.erasureLeases.hold(
        { teamId: FAKE_TEAM_ID, now: app.clock.now() },
        { code },
      );
      release = () => held!.release();
    }
    return insert.apply(this, args);
  });
}

test.each(['erased', 'being erased'] as const)(
  '/ticket new submitted while its customer is %s whole between its read and the insert: the ticket is taken back, the submit refused on the customer field, nothing posted',
  async (when) => {
    await app.slack.command('/ticket', 'new Spindle noise on line 4', { userId: AGENT });
    const modal = lastModalView(app, 'views.open');
    eraseBeforeTheInsert(when);
    const res = await app.slack.submitView(
      modal,
      {
        customer: code,
        severity: 'urgent',
        type: 'after_sales',
        description: '王芳 says the spindle of line 4 squeals',
      },
      { userId: AGENT },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        customer:
          'This customer’s personal data was erased from the desk while the ticket was being saved, so it was not filed. Ask an admin before filing anything more for them.',
      },
    });
    expect(await app.db.models.tickets.countDocuments({})).toBe(0);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const posted = JSON.stringify(app.fake.callsTo('chat.postMessage'));
    expect(posted).not.toContain('Spindle');
    expect(posted).not.toContain(NAME);
    if (when === 'erased') expect(await scanStrings(app.db, [NAME, '王芳', 'Spindle'])).toEqual([]);
  },
);

test('a reaction filing a customer’s message while the customer is erased whole: no ticket, who reacted is told why in an ephemeral note', async () => {
  await app.slack.command('/desk', `channel link ${code} emoji :ticket:`, {
    userId: ADMIN,
    channelId: HER_CHANNEL,
  });
  const ts = '1763949600.000300';
  app.fake.peopleMessages.set(HER_CHANNEL, [
    { ts, user: CUSTOMER_USER, text: 'Spindle noise on line 4 again' },
  ]);
  eraseBeforeTheInsert('erased');
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: HER_CHANNEL, ts },
      item_user: CUSTOMER_USER,
    },
    { eventId: 'Ev0ERASEDC1' },
  );
  expect(await app.db.models.tickets.countDocuments({})).toBe(0);
  expect(app.fake.callsTo('chat.postEphemeral').at(-1)!.args).toMatchObject({
    channel: HER_CHANNEL,
    user: AGENT,
    text: 'This message’s customer was erased from the desk while its ticket was being made, so it is not made into a ticket. Ask an admin before filing anything more for them.',
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(JSON.stringify(app.fake.callsTo('chat.postMessage'))).not.toContain('Spindle');
  expect(await scanStrings(app.db, [NAME, 'Spindle'])).toEqual([]);
});

test('a ticket filed for a customer erased before it was read stands, under the erased name', async () => {
  await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
  const erase = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
  await app.slack.submitView(erase as never, {}, { userId: ADMIN });
  await app.slack.command('/ticket', 'new Spindle noise on line 4', { userId: AGENT });
  const res = await app.slack.submitView(
    lastModalView(app, 'views.open'),
    { customer: code, severity: 'urgent', type: 'after_sales', description: 'Squeals' },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  expect(await app.db.models.tickets.findOne({}).lean()).toMatchObject({
    customerName: `[erased] ${code}`,
  });
});
