// An L1 agent's first week (a new agent, no desk experience), in Europe/Berlin: business hours
// 09:00-17:00, Wednesday a holiday, the desk in English. What they read first (App Home, an
// empty /ticket mine, help); a claim race on the triage card; a ticket from a customer's
// Slack Connect channel, answered in its thread, paused on a question and resumed by the
// customer's answer; a demand answered with a plan within 3 working days across the holiday;
// an escalation to L2 and what the agent still sees; resolving with a note for the customer;
// the 3-7-30 follow-ups, the day-3 revisit done with satisfaction; /task mine; the weekly
// digest's lines about their work. Every step goes through signed requests or a scheduled job
// with an injected clock, and asserts what the agent (and the customer) reads.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { Job } from '../../src/schedule/job.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';
import {
  ADMIN,
  AGENT,
  AGENT2,
  all,
  DIGEST,
  EXPERT,
  MANAGER as LEAD,
  OWNER,
  texts,
  TRIAGE,
  useWalkDesk,
} from '../helpers/walk.js';

const SHARED = 'C0SHARED01';
const CUSTOMER_PERSON = 'U0KLAUS001';

// Monday 2026-11-30 08:50 in Berlin (UTC+1).
const { app, lastModal, lastReply, click, ticket, card, home, say } = useWalkDesk({
  now: '2026-11-30T07:50:00Z',
  admin: ADMIN,
  channels: { triage: true, digest: true },
});
/** A Berlin wall-clock time (`2026-11-30 10:00`) as an instant. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+01:00`);

/** What a reply or a view (not a recorded call) shows. */
const read = (args: Record<string, unknown>) =>
  texts({ args } as unknown as RecordedCall).join('\n');

const posted = (channel: string) => app.fake.tookPostsTo(channel).map((c) => all([c]));
/** What people were told privately (ephemeral answers), in order. */
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

const slackDate = (local: string) =>
  `<!date^${at(local).getTime() / 1000}^{date_short_pretty} {time}|${local} GMT+1>`;
/** A job's due slots as of a Berlin time, Slack's record cleared first, then the worker's pass. */
const runJob = (job: Job, local: string) => runJobAt(app, job, at(local).toISOString());

describe("an L1 agent's first week", () => {
  test('what a new agent reads, claims, answers, pauses, plans, escalates, resolves, revisits and finds in the digest', async () => {
    await app.setSettings((s) => ({
      managers: [LEAD],
      agents: [AGENT, AGENT2],
      experts: [{ userId: EXPERT, skills: ['firmware'] }],
      accountManagers: [OWNER],
      timeZone: 'Europe/Berlin',
      locale: 'en',
      businessHours: {
        ...s.businessHours,
        windows: [{ start: '09:00', end: '17:00' }],
        holidays: ['2026-12-02'],
      },
    }));
    const huadong = await makeCustomer(app, { name: 'Huadong Machinery', annualRevenue: 600_000 });
    const muller = await makeCustomer(app, { name: 'Müller Feinmechanik', annualRevenue: 80_000 });
    await linkSharedChannel(app, SHARED, muller.code, ADMIN);

    // Monday 08:50: App Home as a new agent: nothing of theirs yet, and every command they have.
    app.clock.set(at('2026-11-30 08:50').toISOString());
    const first = await home(AGENT);
    expect(first).toContain('No open tickets are assigned to you.');
    expect(first).toContain('No tasks due.');
    expect(first).toContain('`/ticket mine`  Your open tickets, due first');
    expect(first).toContain(
      `New tickets are posted in <#${TRIAGE}>: claim one there from its card.`,
    );
    expect(first).toContain('Workspace time zone: Europe/Berlin · language: English');
    expect(first).toContain('_(admins only: ask <@U0ADMIN001>)_');
    // /ticket mine, empty, says what to do next; help lists the ticket commands, privately.
    const mine0 = await app.slack.command('/ticket', 'mine', { userId: AGENT });
    expect(read(mine0.body)).toContain(
      'No open tickets are assigned to you. Claim one from `/ticket list unassigned`, or open one with `/ticket new`.',
    );
    const help = await app.slack.command('/ticket', 'help', { userId: AGENT });
    expect(help.body.text).toContain(
      '`/ticket new [title]`  Open a service ticket (the title is optional)',
    );
    expect(read(help.body)).toContain('Replies like this one are only visible to you.');
    const tasks0 = await app.slack.command('/task', 'mine', { userId: AGENT });
    expect(tasks0.body.text).toBe('You have no open tasks. Plan one with `/task new`.');

    // 09:05 a phone ticket lands on the triage card; 09:10 both agents press Claim at once: one
    // wins, the other is told plainly who has it; the card names the winner.
    app.clock.set(at('2026-11-30 09:05').toISOString());
    const t1 = await makeTicket(
      app,
      {
        customerCode: huadong.code,
        title: 'Spindle alarm E42',
        severity: 'important',
        type: 'after_sales',
      },
      OWNER,
    );
    await app.desk.outbox.drain();
    expect(card(t1.number)).toContain(
      `*First response due*\n4 h of business time left, due ${slackDate('2026-11-30 13:05')}`,
    );
    app.clock.set(at('2026-11-30 09:10').toISOString());
    const before = told().length;
    await Promise.all([
      click('ticket_claim', t1.number, AGENT),
      click('ticket_claim', t1.number, AGENT2),
    ]);
    await app.desk.outbox.drain();
    const winner = (await ticket(t1.number)).assigneeId!;
    expect([AGENT, AGENT2]).toContain(winner);
    expect(told().slice(before)).toEqual([`${t1.number} is already claimed (by <@${winner}>).`]);
    expect(card(t1.number)).toContain(`*Assignee*\n<@${winner}> · L1`);
    expect(card(t1.number)).not.toContain('Claim');

    // 10:00 a person of Müller writes in their shared channel: a ticket, and they are told by
    // when they hear from us (8 working hours: Tuesday 10:00).
    app.clock.set(at('2026-11-30 10:00').toISOString());
    const root = await say(
      SHARED,
      CUSTOMER_PERSON,
      'Our label printer prints blank pages since the update',
    );
    const t2 = (await app.db.models.tickets.findOne({ 'conversation.channel': SHARED }).lean())!;
    expect(posted(SHARED)).toEqual([
      expect.stringContaining(
        `We have your request: ticket *${t2.number}*, “Our label printer prints blank pages since the update”. What happens next: someone from our service team takes it and answers you within 8 hours of working time (by ${slackDate('2026-12-01 10:00')}).`,
      ),
    ]);
    // 72 business hours across the holiday: Monday two weeks on.
    expect(card(t2.number)).toContain(
      `*Resolution due*\n72 h of business time left, due ${slackDate('2026-12-14 10:00')}`,
    );
    await click('ticket_claim', t2.number);
    await app.desk.outbox.drain();
    expect(posted(SHARED).at(-1)).toContain(
      `<@${AGENT}> is handling your ticket *${t2.number}* now.`,
    );
    // 10:20 the agent answers in the thread: the first response, on the card.
    app.clock.set(at('2026-11-30 10:20').toISOString());
    await say(
      SHARED,
      AGENT,
      'Hello, I am looking into it. Which firmware does the printer show?',
      root,
      false,
    );
    expect(card(t2.number)).toContain(
      `*First response*\nResponded ${slackDate('2026-11-30 10:20')}`,
    );

    // 10:30 the agent asks for information: the modal says the clock pauses; the customer is
    // asked in their thread; the card says the clock is paused and how much is left.
    app.clock.set(at('2026-11-30 10:30').toISOString());
    await click('ticket_wait_open', t2.number);
    expect(read({ view: lastModal() })).toContain(
      'The requester is told the ticket waits on them, with your question. The SLA clock pauses until work resumes.',
    );
    await app.slack.submitView(
      lastModal(),
      { question: 'Please send a photo of the firmware screen' },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    expect(posted(SHARED).at(-1)).toContain(
      `Ticket *${t2.number}* is waiting on you. <@${AGENT}> asks: Please send a photo of the firmware screen\nReply in this thread and we carry on.`,
    );
    expect(card(t2.number)).toContain('*Status*\nWaiting on customer');
    expect(card(t2.number)).toContain(
      '*Resolution due*\nPaused while waiting on the customer (71 h 30 min of business time left)',
    );

    // Monday 14:00 a demand by email: its plan and dates are due in 3 working days, across
    // Wednesday's holiday: Friday 14:00.
    app.clock.set(at('2026-11-30 14:00').toISOString());
    await app.slack.command('/ticket', 'new Custom fixture for line 4', { userId: AGENT });
    await app.slack.submitView(
      lastModal(),
      {
        customer: huadong.code,
        type: 'demand',
        severity: 'general',
        channel: 'email',
        description: 'A fixture for the new housing',
      },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    const t3 = (await app.db.models.tickets
      .findOne({ title: 'Custom fixture for line 4' })
      .lean())!;
    expect(lastReply()).toContain(`is saved with severity General; its card is in <#${TRIAGE}>.`);
    expect(card(t3.number)).toContain(`*Plan and dates*\ndue ${slackDate('2026-12-04 14:00')}`);
    expect(card(t3.number)).toContain('Plan and dates');
    await click('ticket_claim', t3.number);

    // Tuesday 11:00 the customer answers in the thread: it resumes with the time that was left
    // (71 h 30 min from now: Tuesday two weeks on, 10:30), and the agent is told by DM.
    app.clock.set(at('2026-12-01 11:00').toISOString());
    await say(SHARED, CUSTOMER_PERSON, 'Firmware 3.1.4, photo attached', root);
    expect(card(t2.number)).toContain(
      `*Resolution due*\n71 h 30 min of business time left, due ${slackDate('2026-12-15 10:30')}`,
    );
    expect(posted(AGENT).at(-1)).toContain(
      'is back in progress: <@U0KLAUS001> replied in its conversation. It no longer waits on the customer; the SLA clock runs again.',
    );

    // Tuesday 11:10 a firmware ticket the agent cannot solve: escalated to L2; the modal picks the
    // expert whose skills fit. The expert is told; the agent's /ticket mine no longer lists it,
    // its card still opens for them, and the steps that are the holder's are refused plainly.
    app.clock.set(at('2026-12-01 11:10').toISOString());
    const t5 = await makeTicket(
      app,
      {
        customerCode: huadong.code,
        title: 'Controller firmware update fails',
        severity: 'important',
        type: 'after_sales',
        description: 'The firmware 3.1 upgrade stops at 40 %',
      },
      OWNER,
    );
    await app.desk.outbox.drain();
    await click('ticket_claim', t5.number);
    await click('ticket_escalate_open', t5.number);
    expect(lastModal().blocks.find((b: any) => b.block_id === 'expert').element.initial_user).toBe(
      EXPERT,
    );
    await app.slack.submitView(
      lastModal(),
      { reason: 'Needs the firmware team: the update stops at 40 %' },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    expect(card(t5.number)).toContain(`*Assignee*\n<@${EXPERT}> · L2`);
    expect(posted(EXPERT)).toEqual([
      expect.stringContaining(
        `is yours now (L2), from <@${AGENT}>: Controller firmware update fails`,
      ),
    ]);
    const mine1 = read((await app.slack.command('/ticket', 'mine', { userId: AGENT })).body);
    expect(mine1).not.toContain(t5.number);
    expect(mine1).toContain(t2.number);
    await click('ticket_open', t5.number);
    expect(lastReply()).toBe(
      `${t5.number} · Important · Huadong Machinery: Controller firmware update fails`,
    );
    await click('ticket_resolve_open', t5.number);
    expect(lastReply()).toBe(
      `Only the assignee (<@${EXPERT}>) or a manager can resolve this ticket.`,
    );

    // The race's winner answers the spindle ticket by phone and solves it at first contact.
    app.clock.set(at('2026-12-01 11:30').toISOString());
    await click('ticket_log_response_open', t1.number, winner);
    await app.slack.submitView(
      lastModal(),
      {
        via: 'phone',
        date: '2026-12-01',
        time: '11:30',
        said: 'Reset the alarm with the service code',
      },
      { userId: winner },
    );
    await click('ticket_resolve_open', t1.number, winner);
    await app.slack.submitView(
      lastModal(),
      { resolution: 'Alarm reset on the phone; spindle runs' },
      { userId: winner },
    );

    // Tuesday 15:00 the agent resolves the printer ticket: the field says the customer reads the
    // note; they read it in their thread, with how to reopen, then the survey; the 3-7-30
    // follow-ups are planned: day 3 (Friday) and day 7 the agent's, day 30 the account manager's.
    app.clock.set(at('2026-12-01 15:00').toISOString());
    await click('ticket_resolve_open', t2.number);
    expect(read({ view: lastModal() })).toContain(
      'The requester is sent this summary: write it for them, keep internal remarks to a note.',
    );
    await app.slack.submitView(
      lastModal(),
      { resolution: 'Rolled the printer back to firmware 3.1.2; test prints are fine' },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    expect(posted(SHARED).slice(-2)).toEqual([
      expect.stringContaining(
        `Ticket *${t2.number}* is resolved: Rolled the printer back to firmware 3.1.2; test prints are fine\nIf it is not solved for you, reply in this thread within 7 days and we reopen it.`,
      ),
      expect.stringContaining(
        `Ticket *${t2.number}* is resolved. How satisfied are you with how we handled it?`,
      ),
    ]);
    const followUps = (await app.db.models.tasks.find({ ticketNumber: t2.number }).lean()) as any[];
    expect(followUps.map((t) => [t.kind, t.assigneeId, t.dueDate]).sort()).toEqual([
      ['checkin', OWNER, '2026-12-31'],
      ['guide', AGENT, '2026-12-08'],
      ['revisit', AGENT, '2026-12-04'],
    ]);

    // Thursday 10:00 (the day after the holiday) the agent gives the demand its plan and dates,
    // before Friday's due time: the card shows them and no longer offers the button.
    app.clock.set(at('2026-12-03 10:00').toISOString());
    await click('ticket_plan_open', t3.number);
    await app.slack.submitView(
      lastModal(),
      {
        plan_summary: 'Fixture drawn by our design team; first article for a trial',
        plan_dates: 'Drawing 2026-12-09, first article 2026-12-18',
      },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    expect(card(t3.number)).toContain(
      `*Plan and dates*\n${slackDate('2026-12-03 10:00')}: Drawing 2026-12-09, first article 2026-12-18`,
    );
    expect(card(t3.number)).toContain(
      'Plan: Fixture drawn by our design team; first article for a trial',
    );
    expect(card(t3.number).split('\n')).not.toContain('Plan and dates');

    // The daily task run: Thursday the day-3 revisit is announced for tomorrow, Friday it is due
    // today; each a DM to the agent with Done.
    await runJob(tasksJob, '2026-12-03 09:00');
    const revisitLine = `*Revisit* · Müller Feinmechanik (${muller.code}) · <https://fake.slack.test/archives/${TRIAGE}/`;
    expect(posted(AGENT).join('\n')).toContain(revisitLine);
    expect(posted(AGENT).join('\n')).toContain(
      'Ask whether the issue is really solved and how the service was (satisfaction, NPS) · due 2026-12-04 (in 1 day)',
    );
    await runJob(tasksJob, '2026-12-04 09:00');
    expect(posted(AGENT)).toHaveLength(1);
    expect(posted(AGENT)[0]).toMatch(/^Your follow-up tasks \(\d\)\n/);
    expect(posted(AGENT)[0]).toContain('(satisfaction, NPS) · due *today*');

    // Friday 11:00 the agent calls Müller and marks the day-3 revisit done with satisfaction.
    app.clock.set(at('2026-12-04 11:00').toISOString());
    const revisit = followUps.find((t) => t.kind === 'revisit');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(revisit._id), block_id: 'task_row_0' },
      { userId: AGENT },
    );
    const doneRes = await app.slack.submitView(
      lastModal(),
      {
        type: 'call',
        solved: 'yes',
        satisfaction: '5',
        nps: '9',
        summary: 'Printing fine since the rollback',
      },
      { userId: AGENT },
    );
    expect(doneRes.body).toBe('');
    await app.desk.outbox.drain();
    expect((await app.db.models.tasks.findOne({ _id: revisit._id }).lean())!.status).toBe('done');

    // /task mine: the day-7 guide (Tuesday, after the weekend) still open; the revisit is gone.
    const tasksNow = read((await app.slack.command('/task', 'mine', { userId: AGENT })).body);
    expect(tasksNow).toContain(`*Guide and Q&A* · Müller Feinmechanik (${muller.code})`);
    expect(tasksNow).toContain(
      'Send the usage guide and offer an online Q&A · due 2026-12-08 (in 4 days)',
    );
    expect(tasksNow).not.toContain(`*Revisit* · Müller Feinmechanik`);

    // Monday 09:00 the weekly digest: the team's first response on time and first-contact
    // resolution, and the agent's own line (resolved, within SLA, their own first responses on
    // time, first-contact resolution and handling time, the revisit's satisfaction).
    await runJob(digestJob, '2026-12-07 09:00');
    const digest = posted(DIGEST);
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain('*First response on time*');
    expect(digest[0]).toContain('*First-contact resolution*');
    const resolvedByAgent = winner === AGENT ? 2 : 1;
    expect(digest[0]).toContain(
      `<@${AGENT}>: ${resolvedByAgent} resolved · 100.0% within SLA · first responses on time `,
    );
    expect(digest[0]).toMatch(
      new RegExp(`<@${AGENT}>: [^\\n]* · first-contact resolution [^\\n]* · satisfaction 100`),
    );

    // Nothing went to the customer twice.
    const theirs = posted(SHARED);
    expect(theirs.filter((m, i) => theirs.indexOf(m) !== i)).toEqual([]);
  }, 120_000);
});
