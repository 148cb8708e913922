// An L2 expert's week, the steps where what they (or who else) read was wrong: each test drives
// the app through Slack's signed requests and the scheduled jobs, and asserts what people see.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { contactRecorded } from '../helpers/complaints.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ESCALATION = 'C0ESCAL001';
const EXPERT = 'U0EXPERT01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ESCALATION_CHANNEL_ID: ESCALATION,
  },
  now: '2026-11-24T02:00:00Z',
});

function click(actionId: string, number: string, userId: string) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

const lastView = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const said = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));

describe('an expert who answered a ticket escalated to them on breach', () => {
  /** The agent's ticket, unanswered past 14:00, escalated by the 14:30 sweep to the expert. */
  async function escalatedToExpert(): Promise<string> {
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    // A key customer's (its tickets go up to L3).
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    const { number } = await makeTicket(app, {
      severity: 'important',
      title: 'Printer offline',
      customerCode: code,
    });
    await click('ticket_claim', number, AGENT);
    await runJobAt(app, slaAlertsJob, '2026-11-24T06:30:00Z');
    expect(await stored(number)).toMatchObject({ level: 2, assigneeId: EXPERT });
    // 15:00: the expert calls the customer back and logs it: the overdue first response is given.
    app.clock.set('2026-11-24T07:00:00Z');
    await click('ticket_log_response_open', number, EXPERT);
    const logged = await app.slack.submitView(
      lastView(),
      { said: 'Rolled the firmware back; testing it with them' },
      { userId: EXPERT },
    );
    expect(logged.body).toBe('');
    return number;
  }

  test('keeps it: no escalation to L3 four business hours later while no breach stands', async () => {
    const number = await escalatedToExpert();
    // Wed 10:00, more than 240 business minutes after L2: the first response is given, the
    // resolution (72 business hours) is days away. Nothing stands that L3 would answer.
    await runJobAt(app, slaAlertsJob, '2026-11-25T02:00:00Z');
    expect(await stored(number)).toMatchObject({ level: 2, assigneeId: EXPERT });
    expect(said(EXPERT).join('\n')).not.toContain('escalated to L3');
    expect(said(OWNER)).toEqual([]);
    expect(said(ESCALATION)).toEqual([]);
    // The expert can still resolve it.
    await click('ticket_resolve_open', number, EXPERT);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
  });

  test('L3 still comes four business hours after the resolution breach, if it is not resolved', async () => {
    const number = await escalatedToExpert();
    const due = (await stored(number)).resolutionDueAt!;
    // Just past the resolution due time: the breach is alerted, the expert keeps it.
    await runJobAt(app, slaAlertsJob, new Date(due.getTime() + 60_000).toISOString());
    expect(said(EXPERT).join('\n')).toContain('resolution overdue since');
    expect(await stored(number)).toMatchObject({ level: 2, assigneeId: EXPERT });
    // 240 business minutes on (the due time is at 10:00 in the morning): L3, the account manager.
    await runJobAt(
      app,
      slaAlertsJob,
      new Date(due.getTime() + 4 * 3_600_000 + 60_000).toISOString(),
    );
    expect(await stored(number)).toMatchObject({ level: 3, assigneeId: OWNER });
    expect(said(EXPERT).join('\n')).toContain(`escalated to L3 on breach; <@${OWNER}> has it now`);
  });
});

describe('the follow-ups of a ticket the expert resolved before a holiday and a weekend', () => {
  test('the day-3 revisit is due the first working day after, not on a Sunday nobody works: no "late" on the first reminder, nor in the manager\'s overdue list', async () => {
    // Thursday 31 Dec 10:00; Friday 1 Jan is a holiday.
    app.clock.set('2026-12-31T02:00:00Z');
    await app.setSettings(({ businessHours }) => ({
      experts: [{ userId: EXPERT, skills: [] }],
      managers: [MANAGER],
      businessHours: { ...businessHours, holidays: ['2027-01-01'] },
    }));
    const { number } = await makeTicket(app, { title: 'Belt drift' });
    await click('ticket_claim', number, EXPERT);
    await click('ticket_resolve_open', number, EXPERT);
    const resolved = await app.slack.submitView(
      lastView(),
      { resolution: 'Recalibrated the encoder' },
      { userId: EXPERT },
    );
    expect(resolved.body).toBe('');

    // Day 3 is Sunday 3 Jan, day 30 Saturday 30 Jan: each is due the working day after it.
    const listed = await app.slack.command('/task', 'mine', { userId: EXPERT });
    const mine = JSON.stringify(listed.body);
    expect(mine).toContain('due 2027-01-04 (in 4 days)');
    expect(mine).not.toContain('2027-01-03');
    const dues = (await app.db.models.tasks.find({ ticketNumber: number }).lean())
      .map((t) => `${t.kind} ${t.dueDate}`)
      .sort();
    expect(dues).toEqual(['checkin 2027-02-01', 'guide 2027-01-07', 'revisit 2027-01-04']);

    // Monday 4 Jan, the first working day after: the expert is told it is due today, the
    // manager is not told it is late.
    await runJobAt(app, tasksJob, '2027-01-04T01:00:30Z');
    const reminder = said(EXPERT).join('\n');
    expect(reminder).toMatch(/\*Revisit\* · .* · due \*today\*/);
    expect(reminder).not.toContain('late');
    expect(said(MANAGER).join('\n')).not.toContain('Revisit');
  });
});

describe('an expert handed a ticket in quiet hours', () => {
  test('the DM waits for the morning, and is not sent then if the ticket went on to someone else overnight; an urgent one goes at once', async () => {
    const OTHER = 'U0EXPERT02';
    // Tuesday 22:30 in Shanghai, quiet hours 22:00-08:00.
    app.clock.set('2026-11-24T14:30:00Z');
    await app.setSettings(() => ({
      experts: [
        { userId: EXPERT, skills: [] },
        { userId: OTHER, skills: [] },
      ],
      managers: [MANAGER],
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
    }));
    const escalate = async (number: string, expert: string) => {
      await click('ticket_claim', number, AGENT);
      await click('ticket_escalate_open', number, AGENT);
      const res = await app.slack.submitView(
        lastView(),
        { reason: 'Beyond L1', expert },
        {
          userId: AGENT,
        },
      );
      expect(res.body).toBe('');
      await app.desk.outbox.drain();
    };
    const general = await makeTicket(app, { title: 'Feeder jams' });
    await escalate(general.number, EXPERT);
    const urgent = await makeTicket(app, {
      title: 'Line down',
      severity: 'urgent',
      customerCode: general.customerCode,
    });
    await escalate(urgent.number, EXPERT);
    // The urgent one at once; the general one held.
    expect(said(EXPERT)).toHaveLength(1);
    expect(said(EXPERT)[0]).toContain(`${urgent.number}> for`);

    // 23:00: a manager hands the general one to the other expert.
    app.clock.set('2026-11-24T15:00:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: general.number, block_id: 'ticket_actions' },
      { userId: MANAGER, channelId: TRIAGE },
    );
    const view = app.fake.calls
      .filter((c) => ['views.open', 'views.push', 'views.update'].includes(c.method))
      .at(-1)!.args.view as Record<string, unknown>;
    expect((await app.slack.submitView(view, { assignee: OTHER }, { userId: MANAGER })).body).toBe(
      '',
    );
    await app.desk.outbox.drain();
    expect(said(OTHER)).toEqual([]);

    // 08:01: the other expert is told; the first is not told of a ticket no longer his (nor
    // that it is no longer his: he never knew it was).
    app.clock.set('2026-11-25T00:01:00Z');
    await app.desk.outbox.drain();
    expect(said(EXPERT)).toHaveLength(1);
    expect(said(OTHER)).toHaveLength(1);
    expect(said(OTHER)[0]).toContain(`${general.number}> for`);
    expect(said(OTHER)[0]).toContain(`is yours now (L2), from <@${MANAGER}>`);
  });
});

describe('an expert resolving a complaint the customer reopened', () => {
  test('Resolve opens with the root cause and corrective action of the last resolution, to confirm or change', async () => {
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const { number } = await makeTicket(app, {
      type: 'complaint',
      complaintUrgency: 'general',
      title: 'Billed twice',
    });
    await click('ticket_claim', number, EXPERT);
    await contactRecorded(app, number);
    await click('ticket_resolve_open', number, EXPERT);
    const first = await app.slack.submitView(
      lastView(),
      {
        resolution: 'Refunded',
        root_cause: 'billing',
        root_cause_text: 'Renewal posted twice',
        corrective_action: 'One posting job',
      },
      { userId: EXPERT },
    );
    expect(first.body).toBe('');
    await click('ticket_reopen', number, EXPERT);
    expect((await stored(number)).status).toBe('assigned');

    await click('ticket_resolve_open', number, EXPERT);
    const view = lastView() as { blocks: { block_id?: string; element?: any }[] };
    const initial = (block: string) => {
      const el = view.blocks.find((b) => b.block_id === block)!.element;
      return el.initial_option?.value ?? el.initial_value;
    };
    expect(initial('resolution')).toBeUndefined();
    expect(initial('root_cause')).toBe('billing');
    expect(initial('root_cause_text')).toBe('Renewal posted twice');
    expect(initial('corrective_action')).toBe('One posting job');
    const again = await app.slack.submitView(
      view,
      { resolution: 'Refunded the third charge too' },
      { userId: EXPERT },
    );
    expect(again.body).toBe('');
    expect(await stored(number)).toMatchObject({
      status: 'resolved',
      complaint: { rootCause: 'billing', correctiveAction: 'One posting job' },
    });
  });
});

describe('the holder a ticket is taken from by someone else', () => {
  test('is told who has it now and why (Reassign, Escalate), not when they handed it on themselves; in quiet hours when they end, but for an urgent ticket; in Chinese', async () => {
    await app.setSettings(() => ({
      experts: [{ userId: EXPERT, skills: [] }],
      managers: [MANAGER],
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
    }));
    const reassign = async (number: string, to: string) => {
      await click('ticket_reassign_open', number, MANAGER);
      expect(
        (await app.slack.submitView(lastView(), { assignee: to }, { userId: MANAGER })).body,
      ).toBe('');
      await app.desk.outbox.drain();
    };
    const escalate = async (number: string, by: string, form: Record<string, string>) => {
      await click('ticket_escalate_open', number, by);
      expect((await app.slack.submitView(lastView(), form, { userId: by })).body).toBe('');
      await app.desk.outbox.drain();
    };
    // What they read, the ticket's number as its text (it links to the card).
    const plain = (to: string) => said(to).map((s) => s.replace(/<https?:[^|>]+\|([^>]+)>/g, '$1'));
    const handedAway = (to: string) => plain(to).filter((s) => s.includes('no longer yours'));

    // Tuesday 10:00: the agent's ticket handed by a manager to the expert.
    // A key customer's (its tickets go up to L3).
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    const first = await makeTicket(app, { title: 'Feeder jams', customerCode: code });
    await click('ticket_claim', first.number, AGENT);
    await reassign(first.number, EXPERT);
    expect(handedAway(AGENT)).toEqual([
      `:arrow_right: <@${MANAGER}> handed your ticket ${first.number} for ${first.customerName} (“Feeder jams”) over to <@${EXPERT}>: it is no longer yours. Hand over what you know in its thread.`,
    ]);
    // The agent escalating their own ticket is not told it is no longer theirs.
    const own = await makeTicket(app, { title: 'Belt drift', customerCode: first.customerCode });
    await click('ticket_claim', own.number, AGENT);
    await escalate(own.number, AGENT, { reason: 'Beyond L1', expert: EXPERT });
    expect(handedAway(AGENT)).toHaveLength(1);

    // The manager escalates it on to L3, with a reason: the expert reads who has it and why.
    await escalate(own.number, MANAGER, { reason: 'Needs a commercial answer' });
    expect(handedAway(EXPERT)).toHaveLength(1);
    expect(handedAway(EXPERT)[0]).toContain(
      `<@${MANAGER}> escalated your ticket ${own.number} for ${own.customerName} (“Belt drift”) to L3: <@${OWNER}> has it now, and it is no longer yours.`,
    );
    expect(handedAway(EXPERT)[0]).toContain('Reason: Needs a commercial answer');

    // 22:30: a general ticket taken from the agent waits for 08:00; an urgent one is told at once.
    app.clock.set('2026-11-24T14:30:00Z');
    const general = await makeTicket(app, {
      title: 'Label skew',
      customerCode: first.customerCode,
    });
    const urgent = await makeTicket(app, {
      title: 'Line down',
      severity: 'urgent',
      customerCode: first.customerCode,
    });
    for (const t of [general, urgent]) {
      await click('ticket_claim', t.number, AGENT);
      await reassign(t.number, EXPERT);
    }
    expect(handedAway(AGENT)).toHaveLength(2);
    expect(handedAway(AGENT)[1]).toContain(`${urgent.number} for`);
    app.clock.set('2026-11-25T00:01:00Z');
    await app.desk.outbox.drain();
    expect(handedAway(AGENT)).toHaveLength(3);
    expect(handedAway(AGENT)[2]).toContain(`${general.number} for`);

    // In Chinese.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await makeTicket(app, { title: '贴标偏移', customerCode: first.customerCode });
    await click('ticket_claim', zh.number, AGENT);
    await reassign(zh.number, EXPERT);
    expect(plain(AGENT).at(-1)).toBe(
      `:arrow_right: <@${MANAGER}> 已把你负责的 ${zh.customerName} 的工单 ${zh.number}（“贴标偏移”）转交给 <@${EXPERT}>，它不再由你负责。请在工单话题中交接你已了解的情况。`,
    );
  });
});
