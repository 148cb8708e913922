import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  ADMIN,
  ALERTS,
  CUST,
  CUSTOMER_USER,
  DIGEST,
  TRIAGE,
  useNextReplyApp,
} from '../helpers/next-reply.js';
import { act, AGENT } from '../helpers/factories.js';
import { liveDigest } from '../helpers/digest.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { slackTime } from '../../src/ui/text.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runJobAt } from '../helpers/jobs.js';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { submitLastModal } from '../helpers/clicks.js';

// The next-reply clock (Unthread's and Pylon's "next response time") through the real Bolt path:
// the customer writes again in the ticket's conversation after the first response, the desk owes
// them a reply within the first-response target, on the same business calendar.
const ROOT = '1795485600.000100'; // 2026-11-24T02:00:00Z, Tuesday 10:00 in Shanghai

const { app, say } = useNextReplyApp();
/** One resolution target for every severity. */
const every = (minutes: number) => ({ urgent: minutes, important: minutes, general: minutes });

const ticketDoc = async () =>
  (await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${ROOT}` })
    .lean())!;

/** The card `/ticket <number>` shows the agent, as text. */
async function card(number: string): Promise<string> {
  return JSON.stringify((await app.slack.command('/ticket', number, { userId: AGENT })).body);
}

/**
 * The customer's message opens a ticket at 10:00, the agent claims it and answers in the thread
 * at 10:20 (the first response), the customer writes again at 10:30.
 */
async function customerWroteAgain() {
  await say('Our scanner does not start', CUSTOMER_USER, '2026-11-24T02:00:00Z');
  const { number } = await ticketDoc();
  await act(app, number, { action: 'claim' });
  await say('Please restart it', AGENT, '2026-11-24T02:20:00Z', ROOT);
  await say('Restarted, still dark', CUSTOMER_USER, '2026-11-24T02:30:00Z', ROOT);
  return ticketDoc();
}

describe('the next reply', () => {
  test("the customer's reply after the first response is owed a reply by the response target, on business hours", async () => {
    const ticket = await customerWroteAgain();
    expect(ticket.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    // General severity: 8 business hours from 10:30 Tuesday is 09:30 Wednesday (09:00-18:00).
    expect(ticket.sla.responseMinutes).toBe(480);
    const due = new Date('2026-11-25T01:30:00Z');
    expect(ticket.replyDueAt).toEqual(due);
    // The lists sort and the sweep looks by it.
    expect(ticket.dueAt).toEqual(due);
    expect(await card(ticket.number)).toContain(
      `*Reply due*\\n8 h of business time left, due ${slackTime(due, 'Asia/Shanghai')}`,
    );
    // A second message before the answer does not restart the clock.
    await say('Any news?', CUSTOMER_USER, '2026-11-24T03:30:00Z', ROOT);
    expect((await ticketDoc()).replyDueAt).toEqual(due);
  });
});

describe('the next reply overdue', () => {
  const sweepAt = (iso: string, instances?: string[]) =>
    runJobAt(app, slaAlertsJob, iso, instances);
  const texts = (to: string) => app.fake.postsTo(to).map((p) => String(p.args.text));

  test('the sweep tells the assignee and the alerts channel once; the answer clears it and counts it late', async () => {
    const { number } = await customerWroteAgain();
    // Wednesday 09:29: a minute before the reply is due, nothing.
    await sweepAt('2026-11-25T01:29:00Z');
    expect(texts(AGENT)).toEqual([]);
    // 09:30:30, two instances: one DM to the assignee, one line in the alerts channel.
    await sweepAt('2026-11-25T01:30:30Z', ['a', 'b']);
    const line = 'the customer wrote again and has had no reply';
    expect(texts(AGENT)).toHaveLength(1);
    expect(texts(AGENT)[0]).toContain(number);
    expect(texts(AGENT)[0]).toContain(line);
    expect(texts(ALERTS).filter((t) => t.includes(line))).toHaveLength(1);
    // The next sweep: nothing more.
    await sweepAt('2026-11-25T01:31:30Z');
    expect(texts(AGENT)).toEqual([]);
    expect(texts(ALERTS)).toEqual([]);

    // The agent answers in the thread: nothing owed, one next reply, late.
    await say('A technician comes today', AGENT, '2026-11-25T01:40:00Z', ROOT);
    const answered = await ticketDoc();
    expect(answered.replyFrom).toBeUndefined();
    expect(answered.replyDueAt).toBeUndefined();
    expect(answered.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 1 });
    expect(await card(number)).not.toContain('Reply due');

    // The customer writes again: a new stretch, told again once it is overdue (17:40 Wednesday).
    await say('He has not come', CUSTOMER_USER, '2026-11-25T01:45:00Z', ROOT);
    await sweepAt('2026-11-25T09:44:00Z');
    expect(texts(AGENT)).toEqual([]);
    await sweepAt('2026-11-25T09:45:30Z');
    expect(texts(AGENT).filter((t) => t.includes(line))).toHaveLength(1);
  });
});

describe('next replies in the digest and the report', () => {
  test('one reply in time, one late: the week and the month read "Next replies on time 50.0% (1 of 2)"', async () => {
    const { number } = await customerWroteAgain();
    // Answered in the thread at 11:00 Tuesday, in time.
    await say('Try the other cable', AGENT, '2026-11-24T03:00:00Z', ROOT);
    // They write again at 11:10; the answer is the resolution on Thursday, late (due Wednesday).
    await say('No change', CUSTOMER_USER, '2026-11-24T03:10:00Z', ROOT);
    app.clock.set('2026-11-26T02:00:00Z');
    await act(app, number, { action: 'resolve', summary: 'Board replaced' });
    expect((await ticketDoc()).metrics).toMatchObject({ nextReplies: 2, nextReplyBreaches: 1 });

    // Monday 30 November 09:30: the digest of week 48.
    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    const digest = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(digest).toMatch(/\*Next replies on time\*\\n50\.0%\\n\(1 of 2\)/);

    // Tuesday 1 December: November's report.
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    const report = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
    expect(report).toMatch(/\*Next replies on time\*\\n50\.0%\\n\(1 of 2\)/);
  });
});

describe('the next reply where people look', () => {
  const listed = async (kind: string) =>
    JSON.stringify((await app.slack.command('/ticket', `list ${kind}`, { userId: AGENT })).body);
  async function homeOf(user: string): Promise<string> {
    await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
    return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
  }

  test('/ticket list and the Home rows say the reply due, then the overdue reply, in the reader’s zone', async () => {
    const { number } = await customerWroteAgain();
    const due = new Date('2026-11-25T01:30:00Z');
    const dueToken = slackTime(due, 'Asia/Shanghai');
    // Tuesday 10:40: due first (before the resolution), with the time left.
    app.clock.set('2026-11-24T02:40:00Z');
    const left = `Reply: 7 h 50 min of business time left, due ${dueToken}`;
    const mine = await listed('mine');
    expect(mine).toContain(number);
    expect(mine).toContain(left);
    expect(await homeOf(AGENT)).toContain(left);

    // Wednesday 10:00: half an hour overdue; the overdue list has it, saying so.
    app.clock.set('2026-11-25T02:00:00Z');
    const over = `Reply: Overdue by 30 min of business time, was due ${dueToken}`;
    const overdue = await listed('overdue');
    expect(overdue).toContain(number);
    expect(overdue).toContain(over);
    expect(await homeOf(AGENT)).toContain(over);

    // Answered: the rows no longer speak of a reply.
    await say('A technician comes today', AGENT, '2026-11-25T02:05:00Z', ROOT);
    expect(await listed('mine')).not.toContain('Reply:');
  });
});

describe('the next reply in the DMs of a ticket handed over', () => {
  const AGENT2 = 'U0AGENT002';
  const dmsTo = (user: string) => app.fake.postsTo(user).map((p) => String(p.args.text));
  const due = slackTime(new Date('2026-11-25T01:30:00Z'), 'Asia/Shanghai');

  test('/desk handover: the receiver’s one DM says the reply the customer is owed, then overdue', async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: false }));
    const { number } = await customerWroteAgain();
    const handOver = async () => {
      await app.slack.command('/desk', 'handover', { userId: ADMIN });
      await submitLastModal(app, { from: AGENT, to: AGENT2, what: 'tickets' }, ADMIN);
    };
    // Tuesday 11:00: due Wednesday 09:30.
    app.clock.set('2026-11-24T03:00:00Z');
    await handOver();
    const dm = dmsTo(AGENT2).find((t) => t.includes('handed you the work'))!;
    expect(dm).toContain(`the customer wrote again, reply due ${due}`);
    expect(dm).toContain(number);

    // Back to AGENT on Wednesday 10:00: overdue since then.
    app.clock.set('2026-11-25T02:00:00Z');
    app.fake.reset();
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    await submitLastModal(app, { from: AGENT2, to: AGENT, what: 'tickets' }, ADMIN);
    const back = dmsTo(AGENT).find((t) => t.includes('handed you the work'))!;
    expect(back).toContain(`the customer wrote again, reply overdue since ${due}`);
  });

  test('Reassign: the DM to whom it was handed says the reply owed beside the other due times', async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: false }));
    const { number } = await customerWroteAgain();
    app.clock.set('2026-11-24T03:00:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, { assignee: AGENT2 }, AGENT);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const dm = dmsTo(AGENT2).find((t) => t.includes('is yours now'))!;
    expect(dm).toContain(`Reply to the customer due ${due}`);
  });
});

describe('an answer dated before the customer’s message', () => {
  test('a response logged as of before their message (Log response, time set earlier) leaves the reply owed', async () => {
    const { number, replyDueAt } = await customerWroteAgain();
    // 10:40: the agent logs the call they made at 10:25, before the customer wrote at 10:30.
    app.clock.set('2026-11-24T02:40:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_log_response_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(
      app,
      { via: 'phone', time: '10:25', said: 'Asked them to restart it' },
      AGENT,
    );
    const after = await ticketDoc();
    // Their message at 10:30 is still owed its reply, due as before; nothing counted yet.
    expect(after.replyFrom).toEqual(new Date('2026-11-24T02:30:00Z'));
    expect(after.replyDueAt).toEqual(replyDueAt);
    expect(after.metrics.nextReplies ?? 0).toBe(0);
    expect(await card(number)).toContain('*Reply due*');

    // A reply given after it answers it, in time.
    await say('A technician comes today', AGENT, '2026-11-24T03:00:00Z', ROOT);
    expect((await ticketDoc()).metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 0 });
  });
});

describe('a next reply overdue at the period’s end', () => {
  const posted = () => JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
  const overdueShown = (label: string) => {
    const m = posted().match(new RegExp(`\\*${label}\\*\\\\n(\\d+)`));
    expect(m, label).not.toBeNull();
    return Number(m![1]);
  };
  const line = "open at the week's end, the customer wrote again and had no reply by its target";

  /** A week's digest read live, as before the stored days (DigestService without them). */
  const readLive = (week: string) => liveDigest(app, week);

  beforeEach(async () => {
    // 30 business days to resolve: at the weeks' ends only the reply the customer waits for is
    // late (the first response was in time).
    await app.setSettings((s) => ({
      sla: { ...s.sla, resolutionMinutesBySeverity: every(30 * 9 * 60) },
    }));
  });

  test('the week read live: Overdue at week end counts it, the list says why; the month’s report too', async () => {
    const { number } = await customerWroteAgain();
    // Never answered: the reply was due Wednesday 25 09:30. Monday 30 09:30: week 48's digest.
    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    expect(overdueShown('Overdue at week end')).toBe(1);
    expect(posted()).toContain(number);
    expect(posted()).toContain(line);

    // Tuesday 1 December: November's report, its backlog counted by the database.
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    expect(overdueShown('Overdue at period end')).toBe(1);

    // Week 49, untouched since week 48: counted by the database by its stored due times.
    await runJobAt(app, digestJob, '2026-12-07T01:30:00Z');
    expect(overdueShown('Overdue at week end')).toBe(1);
    expect(posted()).toContain(line);
  });

  /** The nightly job (stored days and snapshots) at `iso`. */
  const nightly = (iso: string) =>
    app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, 'Asia/Shanghai', new Date(iso), {
      marginMs: 0,
    });
  /** The digest job at `iso`, its week taken from the stored days. */
  async function fromStoredDays(iso: string) {
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    await runJobAt(app, digestJob, iso);
    expect(await forDigest.mock.results[0]!.value).not.toBeNull();
    forDigest.mockRestore();
  }
  const figuresOf = async (week: string) =>
    (await app.db.models.digests.findOne({ week }).lean())!.figures;

  test('from the stored days and the snapshots the same as read live, in Chinese; the week after, counted by its stored due time', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { number } = await customerWroteAgain();
    // The nightly job on Monday 30 00:30, then week 48's digest from what it stored.
    await nightly('2026-11-29T16:30:00Z');
    await fromStoredDays('2026-11-30T01:30:00Z');
    expect(overdueShown('本周结束时超时')).toBe(1);
    expect(posted()).toContain(number);
    expect(posted()).toContain('本周结束时仍未解决，客户再次来信，未在时限内答复');
    expect(await figuresOf('2026-W48')).toEqual(await readLive('2026-W48'));

    // November's report, its backlog from the open snapshot the job stored on 1 December.
    await nightly('2026-11-30T16:30:00Z');
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    expect(overdueShown('周期结束时超时')).toBe(1);

    // Week 49, untouched since week 48: counted by its stored due times, the reply still owed.
    await nightly('2026-12-06T16:30:00Z');
    await fromStoredDays('2026-12-07T01:30:00Z');
    expect(overdueShown('本周结束时超时')).toBe(1);
    expect(await figuresOf('2026-W49')).toEqual(await readLive('2026-W49'));
  });

  test('a ticket whose reply and resolution are both late counts once, listed by the one due first', async () => {
    // Two business days to resolve: due Thursday 26 10:00, after the reply (Wednesday 09:30).
    await app.setSettings((s) => ({
      sla: { ...s.sla, resolutionMinutesBySeverity: every(2 * 9 * 60) },
    }));
    const { number } = await customerWroteAgain();
    await nightly('2026-11-29T16:30:00Z');
    await fromStoredDays('2026-11-30T01:30:00Z');
    expect(overdueShown('Overdue at week end')).toBe(1);
    expect(posted()).toContain(number);
    expect(posted()).toContain(line);
    expect(await figuresOf('2026-W48')).toEqual(await readLive('2026-W48'));
    expect((await readLive('2026-W48')).overdue).toBe(1);
  });
});
