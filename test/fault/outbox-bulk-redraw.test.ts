// A settings save that moves the SLA clocks redraws every posted card of the tickets it moved
// through the outbox, at chat.update's pace (about 50 a minute per workspace): those redraws are
// bulk entries, delivered behind everything else due, a slice at a time, so that an SLA alert
// list or DM written while they go out is not held back until the last of them.
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { BULK_SLICE } from '../../src/notify/outbox.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { act, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { settingsKit } from '../helpers/settings.js';
import { slackTime } from '../../src/ui/text.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const CARDS = 25;

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-24T02:00:00Z',
});

const { openGroup } = settingsKit(app, ADMIN);

describe('bulk card redraws after a settings save', () => {
  test('an SLA alert list and DM written while the moved cards are redrawn go out before the redraws finish, after at most one slice of them', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    await makeTicket(app, { customerCode: code, severity: 'urgent', title: 'Line down' });
    for (let i = 0; i < CARDS; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
    await app.desk.outbox.drain();
    expect(
      await app.db.models.tickets.countDocuments({ 'card.ts': trusted({ $exists: true }) }),
    ).toBe(CARDS + 1);

    // Tomorrow a holiday: every general ticket's resolution target moves, and its card with it.
    const view = await openGroup('holidays');
    expect(
      (await app.slack.submitView(view, { holidays: '2026-11-25' }, { userId: ADMIN })).body,
    ).toBe('');
    const redraws = await app.db.models.outbox.countDocuments({
      kind: 'ticket.card',
      state: 'pending',
    });
    expect(redraws).toBeGreaterThanOrEqual(CARDS);
    app.fake.reset();

    // The worker's pass starts on the redraws (paced on virtual time); at the third, 11:30:30,
    // the sweep writes the urgent ticket's response warning: the alerts list and the owner's DM.
    app.fake.passNext('chat.update', 2);
    const third = app.fake.holdNext('chat.update');
    const pass = app.desk.outbox.drain();
    await third.arrived;
    app.clock.set('2026-11-24T03:30:30Z');
    await runDue(jobDeps(app), [slaAlertsJob]);
    third.release();
    await pass;
    // The loop's next pass (what is left).
    await app.desk.outbox.drain();

    const calls = app.fake.calls;
    const isRedraw = (c: (typeof calls)[number]) =>
      c.method === 'chat.update' && c.args.channel === TRIAGE;
    const list = calls.findIndex(
      (c) => c.method === 'chat.postMessage' && c.args.channel === ALERTS,
    );
    const dm = calls.findIndex((c) => c.method === 'chat.postMessage' && c.args.channel === OWNER);
    expect(list).toBeGreaterThan(-1);
    expect(dm).toBeGreaterThan(-1);
    const lastRedraw = calls.findLastIndex(isRedraw);
    // Both went out while redraws were still owed, after at most the slice under way.
    expect(list).toBeLessThan(lastRedraw);
    expect(dm).toBeLessThan(lastRedraw);
    const before = calls.slice(0, Math.max(list, dm)).filter(isRedraw).length;
    expect(before).toBeLessThanOrEqual(BULK_SLICE + 1);
    // Every card was redrawn.
    expect(calls.filter(isRedraw).length).toBeGreaterThanOrEqual(redraws);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });

  test('a change to a ticket whose card waits as a bulk redraw makes it urgent again; a later bulk redraw leaves an owed urgent card as it is', async () => {
    const ticket = await makeTicket(app);
    await app.desk.outbox.drain();
    await app.slack.submitView(
      await openGroup('holidays'),
      { holidays: '2026-11-25' },
      {
        userId: ADMIN,
      },
    );
    const card = () => app.db.models.outbox.findOne({ key: `card:${ticket.id}` }).lean();
    expect(await card()).toMatchObject({ state: 'pending', bulk: true });
    // A claim: its request updates the card at once (urgent), not behind the redraws.
    app.fake.reset();
    await act(app, ticket.number, { action: 'claim' });
    expect(app.fake.tookCalls('chat.update')).toHaveLength(1);
    expect(await card()).toMatchObject({ state: 'sent' });
    expect((await card())!.bulk).toBeUndefined();
    // A card owed by a change (written by a job, for the worker), then another save moving the
    // clocks: the card stays urgent.
    const ctx = await ctxOf(app, ADMIN);
    await app.desk.services.outbox.enqueue(ctx, [
      {
        key: `card:${ticket.id}`,
        kind: 'ticket.card',
        to: TRIAGE,
        data: { ticketId: ticket.id },
        refresh: true,
      },
    ]);
    await app.slack.submitView(
      await openGroup('holidays'),
      { holidays: '2026-11-26' },
      {
        userId: ADMIN,
      },
    );
    expect(await card()).toMatchObject({ state: 'pending' });
    expect((await card())!.bulk).toBeUndefined();
  });

  test("two saves moving the clocks in a row, the first one's redraws still owed: no `cards not redrawn` warning, both saves count every card, and each card is redrawn once, with the latest times", async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    const tickets = [];
    for (let i = 0; i < 4; i++)
      tickets.push(await makeTicket(app, { customerCode: code, title: `Twice ${i}` }));
    await app.desk.outbox.drain();
    const save = async (holidays: string) =>
      expect(
        (await app.slack.submitView(await openGroup('holidays'), { holidays }, { userId: ADMIN }))
          .body,
      ).toBe('');
    const from = app.logs.length;
    await save('2026-11-25');
    // Not delivered yet: another admin moves the clocks again.
    await save('2026-11-25\n2026-11-26');
    const said = app.logs.slice(from);
    expect(said.filter((l) => l.msg === 'cards not redrawn after the clocks moved')).toEqual([]);
    const counted = said.filter((l) => l.msg === 'ticket clocks computed again');
    expect(counted).toHaveLength(2);
    for (const line of counted) expect(line.cards).toBeGreaterThanOrEqual(tickets.length);
    app.fake.reset();
    await app.desk.outbox.drain();
    const { timeZone } = (await ctxOf(app, ADMIN)).settings;
    for (const t of tickets) {
      const stored = (await app.db.models.tickets.findOne({ _id: t.id }).lean())!;
      const updates = app.fake
        .tookCalls('chat.update')
        .filter((c) => c.args.ts === stored.card!.ts);
      expect(updates).toHaveLength(1);
      expect(JSON.stringify(updates[0]!.args.blocks)).toContain(slackTime(stored.dueAt!, timeZone));
    }
    expect(
      await app.db.models.outbox.countDocuments({ kind: 'ticket.card', state: 'pending' }),
    ).toBe(0);
  });
});
