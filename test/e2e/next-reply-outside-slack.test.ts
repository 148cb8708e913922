import { beforeEach, describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

// A next reply owed on a ticket that waits on a customer outside Slack. What a contact outside
// Slack says starts the next-reply clock once staff record it with "Customer wrote…" (see
// customer-wrote.test.ts); here the reply is owed on a ticket whose requester was in Slack and
// wrote again, then had their personal data erased: the requester is then the `[erased]` contact,
// nobody in Slack. "Waiting on customer" no longer asks a question
// (without a Slack requester it pauses at once) and is no answer to them: the reply stays owed,
// its clock stopped while the ticket waits, running again once the customer answers (Resume),
// until the agent logs the answer they gave by phone.
const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';
const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const ZONE = 'Asia/Shanghai';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

let number = '';

const ticketDoc = async () =>
  (await app.db.models.tickets.findOne({ number }).lean()) as unknown as {
    requester?: unknown;
    status: string;
    replyFrom?: Date;
    replyDueAt?: Date;
    metrics: { nextReplies?: number; nextReplyBreaches?: number };
  };
/** The card `/ticket <number>` shows the agent, as text. */
const card = async () =>
  JSON.stringify((await app.slack.command('/ticket', number, { userId: AGENT })).body);
/** The agent's `/ticket list <kind>`, as text. */
const listed = async (kind: string) =>
  JSON.stringify((await app.slack.command('/ticket', `list ${kind}`, { userId: AGENT })).body);
const click = (actionId: string) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
/** A figure of the last digest posted (`*label*\n<n>`). */
function shown(label: string): number {
  const posted = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
  const m = posted.match(new RegExp(`\\*${label}\\*\\\\n(\\d+)`));
  expect(m, label).not.toBeNull();
  return Number(m![1]);
}
const digestText = () => JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
const why = "open at the week's end, the customer wrote again and had no reply by its target";

/**
 * Filed Tuesday 10:00 for REQ (in Slack, answered by DM), asked a question at 10:10 (the first
 * response), their answer by DM at 10:30: a reply owed (8 business hours, general severity: due
 * Wednesday 09:30). Then their data is erased: the requester is a contact outside Slack.
 */
beforeEach(async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  ({ number } = await makeTicket(app, {
    customerCode: code,
    requester: { userId: REQ, via: 'slack' },
  }));
  await act(app, number, { action: 'claim' });
  app.clock.set('2026-11-24T02:10:00Z');
  await act(app, number, { action: 'wait', question: 'Which serial number?' });
  app.clock.set('2026-11-24T02:30:00Z');
  await act(app, number, { action: 'resume', reply: 'Serial 42' }, REQ);
  expect((await ticketDoc()).replyFrom).toEqual(new Date('2026-11-24T02:30:00Z'));

  app.clock.set('2026-11-24T02:40:00Z');
  await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  const erased = await ticketDoc();
  expect(erased.requester).toEqual({ contactName: '[erased]', via: 'slack' });
  // Still owed: the customer's message was not answered.
  expect(erased.replyFrom).toEqual(new Date('2026-11-24T02:30:00Z'));
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
});

describe('a reply owed while waiting on a customer outside Slack', () => {
  test('waiting in time: the card says the reply paused, the row paused, the digest not overdue; the customer answers and the clock runs on, then late, then answered', async () => {
    // Tuesday 11:00: 30 minutes of the reply's 8 hours used. Waiting on customer pauses at once.
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect((await ticketDoc()).status).toBe('waiting');
    expect((await ticketDoc()).replyFrom).toEqual(new Date('2026-11-24T02:30:00Z'));

    // Friday: the card keeps the reply owed, paused with what is left.
    app.clock.set('2026-11-27T02:00:00Z');
    expect(await card()).toContain(
      '*Reply due*\\nPaused while waiting on the customer (7 h 30 min of business time left)',
    );
    const waiting = await listed('waiting');
    expect(waiting).toContain(number);
    expect(waiting).toContain('paused, waiting on the customer');
    expect(await listed('overdue')).not.toContain(number);

    // Monday 30 09:30, still waiting: week 48's digest has it open, not overdue.
    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    expect(shown('Overdue at week end')).toBe(0);
    expect(digestText()).not.toContain(number);

    // Monday 10:00: the customer called back with the answer; the agent resumes. The reply is
    // owed again with the 7 h 30 min it had left: due Monday 17:30.
    app.clock.set('2026-11-30T02:00:00Z');
    await click('ticket_resume');
    const due = new Date('2026-11-30T09:30:00Z');
    expect(await ticketDoc()).toMatchObject({ status: 'assigned', replyDueAt: due });
    const token = slackTime(due, ZONE);
    expect(await card()).toContain(`*Reply due*\\n7 h 30 min of business time left, due ${token}`);
    expect(await listed('mine')).toContain(`Reply: 7 h 30 min of business time left, due ${token}`);

    // Unanswered through the week: week 49's digest counts it overdue at its end, saying why.
    await runJobAt(app, digestJob, '2026-12-07T01:30:00Z');
    expect(shown('Overdue at week end')).toBe(1);
    expect(digestText()).toContain(number);
    expect(digestText()).toContain(why);

    // The agent logs the call that answered them: nothing owed, one next reply, late.
    app.clock.set('2026-12-07T02:00:00Z');
    await click('ticket_log_response_open');
    await submitLastModal(app, { via: 'phone', said: 'A technician comes today' }, AGENT);
    const answered = await ticketDoc();
    expect(answered.replyFrom).toBeUndefined();
    expect(answered.replyDueAt).toBeUndefined();
    expect(answered.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 1 });
    expect(await card()).not.toContain('Reply due');
    expect(await listed('mine')).not.toContain('Reply:');
    // Three digests and a dozen requests: more than the 20 s default on a loaded machine.
  }, 90_000);

  test('waiting after the reply was late: the card and the row say it paused overdue, not "0 min left", as the digest counts it; resumed, it is overdue again', async () => {
    // Due Wednesday 09:30; set waiting at 10:00 without an answer to the customer.
    app.clock.set('2026-11-25T02:00:00Z');
    await click('ticket_wait');
    expect((await ticketDoc()).status).toBe('waiting');

    const token = slackTime(new Date('2026-11-25T01:30:00Z'), ZONE);
    app.clock.set('2026-11-27T02:00:00Z');
    const shownCard = await card();
    expect(shownCard).toContain(
      `*Reply due*\\nPaused while waiting on the customer (overdue by 30 min of business time, was due ${token})`,
    );
    expect(shownCard).not.toContain('(0 min of business time left)');
    // The rows say it waits, and overdue, as the card does; the overdue list has it too (66dd059e:
    // waiting stops the clock but does not undo a breach already there, as the digest counts it).
    const pausedRow = `paused, waiting on the customer; Reply: overdue by 30 min of business time, was due ${token}`;
    expect(await listed('waiting')).toContain(pausedRow);
    expect(await listed('overdue')).toContain(pausedRow);

    // Week 48's digest: overdue at its end, as the card says, the reply named as why.
    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    expect(shown('Overdue at week end')).toBe(1);
    expect(digestText()).toContain(number);
    expect(digestText()).toContain(why);

    // Monday 10:00: resumed (the customer called back). Overdue since Wednesday, in the lists too.
    app.clock.set('2026-11-30T02:00:00Z');
    await click('ticket_resume');
    const over = `Reply: Overdue by 30 min of business time, was due ${token}`;
    expect(await listed('overdue')).toContain(over);
    expect(await card()).toContain(
      `*Reply due*\\nOverdue by 30 min of business time, was due ${token}`,
    );
  }, 90_000);

  test('waiting with the resolution and the reply both overdue: the row says paused once, before the two clocks, in English and Chinese', async () => {
    // A two-hour resolution target: due Tuesday 12:20 (the 20 min waiting on the customer added).
    await app.db.models.tickets.updateOne({ number }, { $set: { 'sla.resolutionMinutes': 120 } });
    // Wednesday 10:00, set waiting: the resolution and the reply (due 09:30) both overdue.
    app.clock.set('2026-11-25T02:00:00Z');
    await click('ticket_wait');
    expect((await ticketDoc()).status).toBe('waiting');
    const resolution = slackTime(new Date('2026-11-24T04:20:00Z'), ZONE);
    const reply = slackTime(new Date('2026-11-25T01:30:00Z'), ZONE);
    const row = await listed('waiting');
    expect(row).toContain(
      `paused, waiting on the customer; Resolution: overdue by 6 h 40 min of business time, was due ${resolution} · Reply: overdue by 30 min of business time, was due ${reply}`,
    );
    expect(row).not.toMatch(/(Resolution|Reply): paused/);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await listed('waiting');
    expect(zh).toContain(
      `已暂停，等待客户；解决：已超时工作时间 6 小时 40 分钟，原定 ${resolution} 到期 · 答复：已超时工作时间 30 分钟，原定 ${reply} 到期`,
    );
    expect(zh).not.toMatch(/(解决|答复)：已暂停/);
  }, 90_000);

  test('past its due time by less than a business minute: "overdue since", not "overdue by 0 min", running and paused', async () => {
    // Due Wednesday 09:30; at 09:30:20 it is overdue by 20 seconds of business time.
    const token = slackTime(new Date('2026-11-25T01:30:00Z'), ZONE);
    app.clock.set('2026-11-25T01:30:20Z');
    const running = await card();
    expect(running).toContain(`*Reply due*\\nOverdue since ${token}`);
    expect(running).not.toContain('Overdue by 0 min');
    const row = await listed('overdue');
    expect(row).toContain(`Reply: Overdue since ${token}`);
    expect(row).not.toContain('Overdue by 0 min');

    // Set waiting then: paused, still overdue since then.
    await click('ticket_wait');
    expect((await ticketDoc()).status).toBe('waiting');
    app.clock.set('2026-11-27T02:00:00Z');
    const paused = await card();
    expect(paused).toContain(
      `*Reply due*\\nPaused while waiting on the customer (overdue since ${token})`,
    );
    expect(paused).not.toContain('overdue by 0 min');
    const pausedRow = await listed('waiting');
    expect(pausedRow).toContain(`paused, waiting on the customer; Reply: overdue since ${token}`);
    expect(pausedRow).not.toContain('overdue by 0 min');
  }, 90_000);
});

describe('a reply owed while waiting on a customer outside Slack, handed over', () => {
  const AGENT2 = 'U0AGENT002';
  /** `/desk handover` of `from`'s tickets to `to` by the admin; the receiver's DM, as text. */
  async function handOver(from: string, to: string): Promise<string> {
    app.fake.reset();
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    const res = await app.slack.submitView(view, { from, to, what: 'tickets' }, { userId: ADMIN });
    expect(res.body).toBe('');
    const dm = app.fake.postsTo(to).at(-1);
    expect(dm, 'the receiver’s DM was posted').toBeDefined();
    return `${String(dm!.args.text)}\n${JSON.stringify(dm!.args.blocks)}`;
  }

  beforeEach(async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: false }));
  });

  test('in time: the receiver’s DM says the reply owed, paused, with what is left, in English and Chinese', async () => {
    // Tuesday 11:00: 30 minutes of the reply's 8 hours used; waiting on the customer.
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });
    expect((await ticketDoc()).replyDueAt).toBeUndefined();

    // Friday 10:00, still waiting: handed to AGENT2.
    app.clock.set('2026-11-27T02:00:00Z');
    const dm = await handOver(AGENT, AGENT2);
    const line = dm.split('\n').find((l) => l.includes('the customer wrote again'));
    expect(line).toBeDefined();
    expect(line).toContain(`${number}>`);
    expect(line).toMatch(
      /the customer wrote again, reply owed: Paused while waiting on the customer \(7 h 30 min of business time left\)$/,
    );
    expect(dm).not.toContain('reply due');

    // Back to AGENT in Chinese: the card's words in Chinese.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await handOver(AGENT2, AGENT);
    expect(zh).toContain(
      '客户再次来信，待答复：等待客户中，计时暂停（剩余工作时间 7 小时 30 分钟）',
    );
    expect(zh).not.toContain('答复时限');
  }, 90_000);

  test('late: the receiver’s DM says the reply owed, paused, overdue by how much and since when it was due', async () => {
    // Due Wednesday 09:30; set waiting at 10:00 without an answer to the customer.
    app.clock.set('2026-11-25T02:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });
    const token = slackTime(new Date('2026-11-25T01:30:00Z'), ZONE);

    app.clock.set('2026-11-27T02:00:00Z');
    const dm = await handOver(AGENT, AGENT2);
    expect(dm).toContain(
      `the customer wrote again, reply owed: Paused while waiting on the customer (overdue by 30 min of business time, was due ${token})`,
    );
    expect(dm).not.toContain('(0 min of business time left)');
  }, 90_000);
});

describe('a reply owed while waiting on a customer outside Slack, handed over while Slack fails the DM', () => {
  const AGENT2 = 'U0AGENT002';
  const AGENT3 = 'U0AGENT003';
  beforeEach(async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2, AGENT3], openDesk: false }));
  });

  /** Tuesday 12:00: AGENT's tickets handed to AGENT2; Slack fails the DM (retried later). */
  async function handOverWhileSlackFails() {
    app.clock.set('2026-11-24T04:00:00Z');
    app.fake.reset();
    app.fake.answerNextPostsTo(AGENT2, [{ error: 'internal_error' }]);
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    const res = await app.slack.submitView(
      view,
      { from: AGENT, to: AGENT2, what: 'tickets' },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    expect(app.fake.postsTo(AGENT2)).toHaveLength(1);
    expect(app.fake.tookPostsTo(AGENT2)).toEqual([]);
  }

  /** The held DM as it goes out at `at`: its text and blocks. */
  async function heldDmAt(at: Date | string): Promise<string> {
    app.clock.set(at);
    await app.desk.outbox.drain();
    const dms = app.fake
      .tookPostsTo(AGENT2)
      .map((c) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks)}`);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('handed you');
    return dms[0]!;
  }

  test('the receiver’s DM held (Slack failing) while the customer answered and the reply fell due: it says what it owes as it goes out', async () => {
    // Tuesday 11:00: 30 minutes of the reply's 8 hours used; waiting on the customer.
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });
    await handOverWhileSlackFails();

    // 12:10: the customer answered; AGENT2's Resume on the card. The reply's clock runs again:
    // 7 h 30 min left from 12:10, due Wednesday 10:40.
    app.clock.set('2026-11-24T04:10:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_resume', value: number, block_id: 'ticket_actions' },
      { userId: AGENT2, channelId: TRIAGE },
    );
    const due = (await ticketDoc()).replyDueAt!;
    expect(due).toBeInstanceOf(Date);

    // Past it: the DM goes out now, saying the reply overdue, not paused.
    const dm = await heldDmAt(new Date(due.getTime() + 60_000));
    expect(dm).not.toContain('Paused while waiting on the customer');
    expect(dm).toContain(`overdue since ${slackTime(due, ZONE)}`);
  }, 90_000);

  test('the receiver’s DM drawn again as it goes out reads its tickets with only the fields it needs, not their whole documents', async () => {
    await handOverWhileSlackFails();
    const client = app.db.conn.getClient();
    const finds: { filter?: { _id?: unknown }; projection?: Record<string, number> }[] = [];
    const started = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'find' && e.command.find === 'tickets')
        finds.push(e.command as (typeof finds)[number]);
    };
    client.on('commandStarted', started);
    try {
      expect(await heldDmAt('2026-11-24T04:10:00Z')).toContain('the customer wrote again');
    } finally {
      client.off('commandStarted', started);
    }
    // The read of the handed tickets (by id): the DM's fields only, never texts (of the events,
    // what says who reopened one: its reply line names them).
    const read = finds.filter((f) => JSON.stringify(f.filter?._id ?? '').includes('$in'));
    expect(read).toHaveLength(1);
    expect(Object.keys(read[0]!.projection ?? {}).sort()).toEqual([
      'assigneeId',
      'card.permalink',
      'number',
      'pauses',
      'replyDueAt',
      'replyFrom',
      'requester.userId',
      'sla',
      'status',
      'timeline.action',
      'timeline.at',
      'timeline.by',
      'timeline.revisit',
      'timeline.source',
      'timeline.writer',
      'timeline.wroteAt',
    ]);
  }, 90_000);

  test('the receiver’s DM is kept in the outbox once (what it is drawn from, not the drawn message besides), and goes out as written when its ticket is gone', async () => {
    await handOverWhileSlackFails();
    const entry = (await app.db.models.outbox.findOne({ key: /^handover:/ }).lean()) as unknown as {
      data: { message?: unknown; handover: { replies?: string[] } };
    };
    expect(entry.data.message).toBeUndefined();
    expect(entry.data.handover.replies).toHaveLength(1);
    expect(entry.data.handover.replies![0]).toContain('the customer wrote again');
    // Its ticket gone (deleted) before it goes out: the DM as written, its reply line with it.
    await app.db.models.tickets.deleteOne({ number });
    expect(await heldDmAt('2026-11-24T04:10:00Z')).toContain('the customer wrote again');
  }, 90_000);

  test('the receiver’s DM, held while Slack failed it, names no reply owed on a ticket they reassigned meanwhile', async () => {
    await handOverWhileSlackFails();
    // 12:10: AGENT2 hands it on to AGENT3; the next day the held DM goes out.
    app.clock.set('2026-11-24T04:10:00Z');
    await act(app, number, { action: 'reassign', to: AGENT3 }, AGENT2);
    expect(await ticketDoc()).toMatchObject({ assigneeId: AGENT3 });
    expect(await heldDmAt('2026-11-25T04:00:00Z')).not.toContain('the customer wrote again');
  }, 90_000);
});

describe('a reply owed while waiting on a customer outside Slack, reassigned', () => {
  const AGENT2 = 'U0AGENT002';
  /** Reassign… on the card by the agent, to `to`; the DM telling `to` it is theirs, as text. */
  async function reassign(to: string): Promise<string> {
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, { assignee: to }, AGENT);
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const dm = app.fake.postsTo(to).at(-1);
    expect(dm, 'the DM to whom it was handed was posted').toBeDefined();
    return `${String(dm!.args.text)}\n${JSON.stringify(dm!.args.blocks)}`;
  }

  beforeEach(async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: false }));
  });

  test('in time: the DM says the clocks paused and the reply owed, with what is left, in English and Chinese', async () => {
    // Tuesday 11:00: 30 minutes of the reply's 8 hours used; waiting on the customer.
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });
    expect((await ticketDoc()).replyDueAt).toBeUndefined();

    // Friday 10:00, still waiting: reassigned to AGENT2.
    app.clock.set('2026-11-27T02:00:00Z');
    const dm = await reassign(AGENT2);
    expect(dm).toContain('is yours now');
    const lines = dm.split('\n');
    expect(lines).toContain('Its SLA clocks are paused while it waits on the customer.');
    expect(lines).toContain(
      'The customer wrote again, reply owed: Paused while waiting on the customer (7 h 30 min of business time left)',
    );
    expect(dm).not.toContain('Reply to the customer due');

    // Back to AGENT in Chinese, by AGENT2 who holds it now: the card's words in Chinese.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT2, channelId: TRIAGE },
    );
    await submitLastModal(app, { assignee: AGENT }, AGENT2);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const zh = JSON.stringify(app.fake.postsTo(AGENT).map((c) => c.args));
    expect(zh).toContain('等待客户期间，SLA 计时已暂停。');
    expect(zh).toContain(
      '客户再次来信，待答复：等待客户中，计时暂停（剩余工作时间 7 小时 30 分钟）',
    );
  }, 90_000);

  test('late: the DM says the reply owed, paused, overdue by how much and since when it was due', async () => {
    // Due Wednesday 09:30; set waiting at 10:00 without an answer to the customer.
    app.clock.set('2026-11-25T02:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });
    const token = slackTime(new Date('2026-11-25T01:30:00Z'), ZONE);

    app.clock.set('2026-11-27T02:00:00Z');
    const dm = await reassign(AGENT2);
    expect(dm).toContain(
      `The customer wrote again, reply owed: Paused while waiting on the customer (overdue by 30 min of business time, was due ${token})`,
    );
    expect(dm).not.toContain('(0 min of business time left)');
  }, 90_000);

  test('held by quiet hours while the customer answered overnight: the morning DM says what it owes then, not the reply paused', async () => {
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
    // Tuesday 11:00: 30 minutes of the reply's 8 hours used; waiting on the customer.
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });

    // Tuesday 22:00, quiet hours: reassigned to AGENT2; the DM waits for the morning.
    app.clock.set('2026-11-24T14:00:00Z');
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, { assignee: AGENT2 }, AGENT);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(AGENT2)).toEqual([]);

    // 23:00: the customer answered; AGENT2's Resume on the card. The reply's clock runs again:
    // 7 h 30 min left from Wednesday 09:00, due 16:30.
    app.clock.set('2026-11-24T15:00:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_resume', value: number, block_id: 'ticket_actions' },
      { userId: AGENT2, channelId: TRIAGE },
    );
    expect(await ticketDoc()).toMatchObject({ status: 'assigned' });
    const due = new Date('2026-11-25T08:30:00Z');
    expect((await ticketDoc()).replyDueAt).toEqual(due);

    // Wednesday 08:00: the DM goes out as the ticket stands then.
    app.clock.set('2026-11-25T00:00:00Z');
    await app.desk.outbox.drain();
    const dms = app.fake
      .postsTo(AGENT2)
      .map((c) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks)}`);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('is yours now');
    expect(dms[0]).not.toContain('paused');
    expect(dms[0]).not.toContain('reply owed');
    expect(dms[0]).toContain(`Reply to the customer due ${slackTime(due, ZONE)}`);
  }, 90_000);

  test('waiting with the reply answered (Log response): the DM says only that its clocks are paused', async () => {
    // The agent logs the call that answered them at 10:50, then waits on them at 11:00.
    app.clock.set('2026-11-24T02:50:00Z');
    await click('ticket_log_response_open');
    await submitLastModal(app, { via: 'phone', said: 'Sending a technician' }, AGENT);
    expect((await ticketDoc()).replyFrom).toBeUndefined();
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect(await ticketDoc()).toMatchObject({ status: 'waiting' });

    app.clock.set('2026-11-27T02:00:00Z');
    const dm = await reassign(AGENT2);
    expect(dm.split('\n')).toContain('Its SLA clocks are paused while it waits on the customer.');
    expect(dm).not.toContain('reply owed');
  }, 90_000);
});
