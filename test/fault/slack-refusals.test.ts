// Slack refusing what the outbox sends on a busy Monday (a triage channel deleted, an agent
// deactivated): the log says where each refused delivery was going, a person Slack no longer
// delivers to is given up at once rather than retried for hours, and the replies of a card given
// up go with it.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { openHome } from '../helpers/clicks.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_DEACTIVATED_USER_ID as GONE } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Monday 2026-11-30 09:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-30T01:00:00Z',
});

/** Worker passes 31 minutes apart (past the longest back-off), `n` of them. */
async function passes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
}

describe('a refused delivery in the log', () => {
  test('the triage channel deleted: "delivery failed" and "delivery given up" name the channel it was going to, and so does the managers\' Home, as a link to it', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.fake.refuseChannel(TRIAGE, 'channel_not_found');
    await makeTicket(app, { title: 'Line 3 stopped' });
    await passes(10);
    const failed = app.logs.filter(
      (l) => l.msg === 'outbox: delivery failed' && l.kind === 'ticket.card',
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const line of failed)
      expect(line).toMatchObject({ error: 'channel_not_found', to: TRIAGE });
    expect(
      app.logs.filter((l) => l.msg === 'outbox: delivery given up' && l.kind === 'ticket.card'),
    ).toEqual([expect.objectContaining({ error: 'channel_not_found', to: TRIAGE })]);
    const home = await openHome(app, MANAGER);
    expect(home).toContain(`First reason: \`channel_not_found\` (to <#${TRIAGE}>)`);
  });
});

describe('a person Slack no longer delivers to', () => {
  test("an account manager deactivated: their DMs are given up at the first refusal (user_not_found), once a pass, and the manager's Home names them and says to hand their work on", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const customer = await makeCustomer(app, { name: 'Li Lei Trading', ownerId: GONE });
    // Slack down for DMs to them while two tickets come in: both DMs are owed.
    app.fake.refuseChannel(GONE, 'internal_error');
    await makeTicket(app, { customerCode: customer.code, title: 'Invoice wrong' });
    await makeTicket(app, { customerCode: customer.code, title: 'Delivery late' });
    expect(
      await app.db.models.outbox.countDocuments({ to: GONE, kind: 'message', state: 'pending' }),
    ).toBe(2);
    // Then the account is deactivated.
    app.fake.reset();
    app.fake.refuseChannel(GONE, 'user_not_found');
    const since = app.logs.length;
    await passes(10);
    // Asked once, in the first pass; the other DM of that pass was not tried again.
    expect(app.fake.postsTo(GONE)).toHaveLength(1);
    expect(
      await app.db.models.outbox.countDocuments({ to: GONE, kind: 'message', state: 'dead' }),
    ).toBe(2);
    expect(app.logs.slice(since).filter((l) => /delivery (failed|given up)/.test(l.msg))).toEqual([
      // The person's id stays out of the log (the managers' Home names them).
      expect.objectContaining({
        level: 50,
        error: 'user_not_found',
        toPerson: true,
        msg: 'outbox: delivery given up, Slack will not deliver to this person',
      }),
    ]);
    const home = await openHome(app, MANAGER);
    expect(home).toContain(`First reason: \`user_not_found\` (to <@${GONE}>)`);
    expect(home).toContain('Hand their tickets and tasks to someone else');
    expect(home).not.toContain('after every retry');
  });
});

describe('the replies of a card given up', () => {
  test("the triage channel deleted: the card's thread replies are given up with it (one line naming the card), not each retried for hours; Send again posts the card, then its thread under it", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.fake.refuseChannel(TRIAGE, 'channel_not_found');
    const ticket = await makeTicket(app, { title: 'Line 3 stopped' });
    await passes(9);
    const replies = { kind: 'message' as const, 'thread.parentKey': `card:${ticket.id}` };
    // Given up with the card, in the pass it was given up.
    expect(await app.db.models.outbox.countDocuments({ ...replies, state: 'pending' })).toBe(0);
    expect(
      await app.db.models.outbox.countDocuments({ ...replies, state: 'dead' }),
    ).toBeGreaterThan(0);
    await passes(10);
    expect(app.logs.filter((l) => l.error === 'thread_parent_not_posted')).toEqual([]);
    expect(app.logs.filter((l) => /given up with their parent/.test(l.msg))).toEqual([
      expect.objectContaining({ parent: `card:${ticket.id}` }),
    ]);
    // The channel is back; a manager sends them again from their Home.
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
      { userId: MANAGER },
    );
    await app.desk.outbox.drain();
    const [card, ...thread] = app.fake.postsTo(TRIAGE);
    expect(String(card!.args.text)).toContain('Line 3 stopped');
    expect(thread.length).toBeGreaterThan(0);
    for (const reply of thread) expect(reply.args.thread_ts).toBeTruthy();
  });

  /** A manager's Send again, from their Home. */
  const sendAgain = () =>
    app.slack.blockAction(
      { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
      { userId: MANAGER },
    );

  /**
   * Channel back, the next pass: the card and its thread under it, and no message left owed (the
   * managers' Homes, refreshed after the pass, are no messages).
   */
  async function cardAndThreadArrive(title: string): Promise<void> {
    app.fake.reset();
    app.clock.advance(60_000);
    await app.desk.outbox.drain();
    const [card, ...thread] = app.fake.postsTo(TRIAGE);
    expect(String(card!.args.text)).toContain(title);
    expect(thread.length).toBeGreaterThan(0);
    for (const reply of thread) expect(reply.args.thread_ts).toBe(card!.answer?.ts);
    const owed = { state: { $in: ['dead', 'pending'] }, kind: { $ne: 'home' } };
    expect(await app.db.models.outbox.collection.countDocuments(owed)).toBe(0);
  }

  test('Send again clicked while the worker is giving the card up: the card and its thread both go out (not the card alone, its thread left given up)', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.fake.refuseChannel(TRIAGE, 'channel_not_found');
    await makeTicket(app, { title: 'Line 3 stopped' });
    await passes(8);
    // The ninth pass gives the card up; a manager's Send again lands between the card's give-up
    // and its replies'.
    const outbox = app.desk.services.outbox;
    const giveUpReplies = outbox.giveUpReplies.bind(outbox);
    let clicked = 0;
    outbox.giveUpReplies = async (...args) => {
      if (!clicked++) expect((await sendAgain()).status).toBe(200);
      return giveUpReplies(...args);
    };
    try {
      await passes(1);
    } finally {
      outbox.giveUpReplies = giveUpReplies;
    }
    expect(clicked).toBe(1);
    await cardAndThreadArrive('Line 3 stopped');
  });

  test('Send again clicked while a reply is being given up with its card (the card already given up): the card and its thread both go out', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.fake.refuseChannel(TRIAGE, 'channel_not_found');
    await makeTicket(app, { title: 'Line 3 stopped' });
    await passes(8);
    // The ninth pass gives the card up but cannot write its replies' give-up (the database
    // hiccups): each reply finds the card given up as it goes, and a manager's Send again lands
    // while the first is being given up.
    const outbox = app.desk.services.outbox;
    const restore = failCalls(outbox, 'giveUpReplies');
    const failed = outbox.failed.bind(outbox);
    let clicked = 0;
    outbox.failed = async (entries, owner, failure, seen) => {
      if (failure.error === 'thread_parent_not_posted' && !clicked++)
        expect((await sendAgain()).status).toBe(200);
      return failed(entries, owner, failure, seen);
    };
    try {
      await passes(1);
    } finally {
      outbox.failed = failed;
      restore();
    }
    expect(clicked).toBe(1);
    await cardAndThreadArrive('Line 3 stopped');
  });
});
