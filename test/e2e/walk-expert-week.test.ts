// Two L2 experts' week (Zhao Lei on printers, Qian Hui on billing) with an agent, the account
// manager (L3) and the service manager: tickets escalated by hand (with and without a named
// expert), by the SLA sweep (L2, then L3), handed on to the other expert and back to L1, a
// complaint with its contact step and its root cause and corrective action, a ticket waiting on
// the customer while escalated, a reopen by the requester after the expert resolved it, and the
// requester's survey, an escalation in quiet hours handed on overnight, and the desk in Chinese
// for the billing expert's DM, the Escalate modal and her App Home. Each step goes through Slack's signed requests or a scheduled job and
// asserts what the expert, the agent, the account manager, the manager and the requester read,
// the SLA clocks and levels, and that nobody is told twice or told of a ticket no longer theirs.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  AGENT, // Wang Lei, L1
  ALERTS,
  at,
  ESCALATION,
  EXPERT as PRINTERS, // Zhao Lei, L2: printers
  MANAGER, // Liu Yang, service manager
  OWNER, // Wu Min, account manager (L3)
  textsIn,
  postLog,
  useWalkDesk,
} from '../helpers/walk.js';

const BILLING = 'U0EXPERT02'; // Qian Hui, L2: billing
const REQUESTER = 'U0CUSTOM01'; // the customer's colleague in the workspace

// Monday 2026-11-23 09:30 in Shanghai; business hours Mon-Fri 09:00-18:00.
const { app, lastModal, click, ticket, card, home } = useWalkDesk({
  now: '2026-11-23T01:30:00Z',
  channels: { triage: true, alerts: true, escalation: true },
  deliverClicks: true,
});

/** Every message Slack took, across job runs (a job run clears the fake's record). */
const { taken, collect, told, mark, cleared } = postLog(app);

async function run(local: string) {
  collect();
  await runJobAt(app, slaAlertsJob, at(local).toISOString());
  cleared();
  await app.desk.outbox.drain();
  collect();
}
function setTime(local: string) {
  app.clock.set(at(local).toISOString());
}

async function submit(form: Record<string, unknown>, userId: string) {
  const res = await app.slack.submitView(lastModal(), form as any, { userId });
  await app.desk.outbox.drain();
  return res;
}

describe('two L2 experts, an agent, the account manager and the manager, a week', () => {
  test('escalations by hand and by the sweep, hand-offs, a complaint, waiting, a reopen, the survey', async () => {
    await app.setSettings(() => ({
      agents: [AGENT],
      experts: [
        { userId: PRINTERS, skills: ['printer'] },
        { userId: BILLING, skills: ['invoice', 'billing'] },
      ],
      managers: [MANAGER],
      accountManagers: [OWNER],
    }));
    const customer = await makeCustomer(app, { name: 'Huadong Machinery', annualRevenue: 600_000 });
    const code = customer.code;

    // --- Monday 09:30: the agent escalates a printer ticket by hand, leaving the expert to the
    // desk: the printer expert is preselected and takes it.
    const printer = await makeTicket(
      app,
      {
        customerCode: code,
        severity: 'important',
        title: 'Printer offline',
        requester: { userId: REQUESTER },
      },
      AGENT,
    );
    await click('ticket_claim', printer.number, AGENT);
    let from = mark();
    await click('ticket_escalate_open', printer.number, AGENT);
    expect(JSON.stringify(lastModal())).toContain(PRINTERS);
    expect((await submit({ reason: 'Needs firmware work', expert: null }, AGENT)).body).toBe('');
    expect(await ticket(printer.number)).toMatchObject({ level: 2, assigneeId: PRINTERS });
    expect(told(PRINTERS, from)).toHaveLength(1);
    expect(told(PRINTERS, from)[0]).toContain('Needs firmware work');
    expect(told(ESCALATION, from)).toHaveLength(1);
    expect(told(BILLING, from)).toEqual([]);
    expect(card(printer.number)).toContain(`<@${PRINTERS}>`);

    // --- 10:00: an invoice ticket escalated by hand naming the billing expert.
    setTime('2026-11-23 10:00');
    const invoice = await makeTicket(
      app,
      { customerCode: code, severity: 'general', title: 'Invoice totals wrong' },
      AGENT,
    );
    await click('ticket_claim', invoice.number, AGENT);
    from = mark();
    await click('ticket_escalate_open', invoice.number, AGENT);
    expect((await submit({ reason: 'Tax lines', expert: BILLING }, AGENT)).body).toBe('');
    expect(await ticket(invoice.number)).toMatchObject({ level: 2, assigneeId: BILLING });
    expect(told(BILLING, from)).toHaveLength(1);
    expect(told(PRINTERS, from)).toEqual([]);

    // --- 11:00: the printer expert finds it is a billing matter of the printer lease and hands
    // it on to the billing expert: she is told once, he is not told of it again.
    setTime('2026-11-23 11:00');
    from = mark();
    await click('ticket_reassign_open', printer.number, PRINTERS);
    expect((await submit({ assignee: BILLING }, PRINTERS)).body).toBe('');
    expect(await ticket(printer.number)).toMatchObject({ level: 2, assigneeId: BILLING });
    expect(told(BILLING, from)).toHaveLength(1);
    expect(told(PRINTERS, from)).toEqual([]);

    // 13:30 (important: 4 business hours from 09:30): the response breach is the billing
    // expert's, not the printer expert's.
    from = mark();
    await run('2026-11-23 13:31');
    expect(told(PRINTERS, from)).toEqual([]);
    expect(told(BILLING, from).join('\n')).toContain(printer.number);
    expect(await ticket(printer.number)).toMatchObject({ level: 2, assigneeId: BILLING });
    // 14:00: she calls the customer and logs it: the first response is given.
    setTime('2026-11-23 14:00');
    await click('ticket_log_response_open', printer.number, BILLING);
    expect((await submit({ said: 'Lease invoice reissued; printer unlocked' }, BILLING)).body).toBe(
      '',
    );
    expect((await ticket(printer.number)).firstResponseAt).toEqual(at('2026-11-23 14:00'));

    // --- 14:30: the billing expert hands the invoice ticket back to the agent (L1 can finish
    // it: the tax lines are explained). The agent is told once, the expert not at all.
    setTime('2026-11-23 14:30');
    from = mark();
    await click('ticket_reassign_open', invoice.number, BILLING);
    expect((await submit({ assignee: AGENT }, BILLING)).body).toBe('');
    const handedBack = await ticket(invoice.number);
    expect(handedBack.assigneeId).toBe(AGENT);
    expect(told(AGENT, from)).toHaveLength(1);
    expect(told(BILLING, from)).toEqual([]);
    // It stays at L2 with the agent (README: Reassign keeps the level): the card and DM say so.
    expect(handedBack.level).toBe(2);
    expect(told(AGENT, from)[0]).toContain('is yours now (L2), from <@U0EXPERT02>');
    expect(card(invoice.number)).toContain(`<@${AGENT}> · L2`);

    // --- A spindle ticket nobody took, received Monday 10:00 (key customer: 8 business hours):
    // Tuesday 10:00 the sweep escalates it to L2, to the expert with the fewest open tickets.
    setTime('2026-11-23 15:00');
    const spindle = await makeTicket(
      app,
      {
        customerCode: code,
        severity: 'general',
        title: 'Spindle error',
        receivedAt: at('2026-11-23 10:00'),
      },
      AGENT,
    );
    from = mark();
    await run('2026-11-24 10:01');
    expect(await ticket(spindle.number)).toMatchObject({ level: 2, assigneeId: PRINTERS });
    expect(told(PRINTERS, from)).toHaveLength(1);
    expect(told(PRINTERS, from)[0]).toContain('escalated to L2 on breach, and it is yours now');
    expect(told(BILLING, from)).toEqual([]);

    // Tuesday 14:01: four business hours on, no answer: L3, the account manager. The expert is
    // told it moved on, the account manager that it is theirs; each once.
    from = mark();
    await run('2026-11-24 14:02');
    expect(await ticket(spindle.number)).toMatchObject({ level: 3, assigneeId: OWNER });
    expect(told(PRINTERS, from)).toHaveLength(1);
    expect(told(PRINTERS, from)[0]).toContain(
      `Spindle error · Huadong Machinery: escalated to L3 on breach; <@${OWNER}> has it now`,
    );
    // The invoice ticket handed back to the agent at L2 went on to L3 from its first breach too.
    expect(await ticket(invoice.number)).toMatchObject({ level: 3, assigneeId: OWNER });
    expect(told(AGENT, from)).toHaveLength(1);
    expect(told(OWNER, from)).toHaveLength(1);
    expect(told(OWNER, from)[0]).toContain(`taken over from <@${PRINTERS}>`);
    expect(told(OWNER, from)[0]).toContain(`taken over from <@${AGENT}>`);
    for (const nobody of [BILLING, MANAGER, REQUESTER]) expect(told(nobody, from)).toEqual([]);

    // --- Tuesday 15:00: an urgent complaint (contact within 4 h, resolved within 48 h) from the
    // customer's colleague in Slack; the agent escalates it to the billing expert by name.
    setTime('2026-11-24 15:00');
    from = mark();
    const complaint = await makeTicket(
      app,
      {
        customerCode: code,
        type: 'complaint',
        complaintUrgency: 'urgent',
        severity: 'important',
        title: 'Billed twice for the lease',
        requester: { userId: REQUESTER },
      },
      AGENT,
    );
    expect(told(OWNER, from)).toHaveLength(1);
    expect(told(OWNER, from)[0]).toContain('You are assigned to contact the customer by');
    expect(told(MANAGER, from)).toHaveLength(1);
    expect(told(REQUESTER, from)).toHaveLength(1);
    expect(told(ESCALATION, from)).toEqual([]);
    await click('ticket_claim', complaint.number, AGENT);
    await click('ticket_escalate_open', complaint.number, AGENT);
    expect((await submit({ reason: 'Double billing', expert: BILLING }, AGENT)).body).toBe('');
    // 15:30: she asks the customer for the bank statement: waiting on them.
    setTime('2026-11-24 15:30');
    from = mark();
    await click('ticket_wait_open', complaint.number, BILLING);
    expect((await submit({ question: 'Could you send the bank statement?' }, BILLING)).body).toBe(
      '',
    );
    expect(told(REQUESTER, from)).toEqual([
      expect.stringContaining('<@U0EXPERT02> asks: Could you send the bank statement?'),
    ]);
    for (const nobody of [PRINTERS, BILLING, OWNER, AGENT, MANAGER])
      expect(told(nobody, from)).toEqual([]);
    // The sweep while it waits (past the contact target, Wed 10:00): nothing.
    from = mark();
    await run('2026-11-25 10:00');
    expect(told(OWNER, from)).toEqual([]);
    expect(told(MANAGER, from)).toEqual([]);
    expect(told(BILLING, from)).toEqual([]);

    // Wednesday 10:30: she resumes (the statement came by email). The contact target (10:00)
    // was missed: alerted once, to the account manager, the manager and the channel.
    setTime('2026-11-25 10:30');
    await click('ticket_resume', complaint.number, BILLING);
    from = mark();
    await run('2026-11-25 10:31');
    expect(told(OWNER, from)).toEqual([
      expect.stringContaining('you have not contacted the customer by the complaint target'),
    ]);
    expect(told(MANAGER, from)).toHaveLength(1);
    expect(told(ALERTS, from)).toHaveLength(1);
    expect(told(BILLING, from)).toEqual([]);
    from = mark();
    await run('2026-11-25 11:31');
    expect(taken.length).toBe(from);

    // 11:40: the account manager records the call made at 11:15.
    setTime('2026-11-25 11:40');
    const task = (await app.db.models.tasks
      .findOne({ ticketNumber: complaint.number, kind: 'complaint_contact' })
      .lean()) as any;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id) },
      { userId: OWNER },
    );
    expect(
      (
        await submit(
          {
            type: 'call',
            contacted_date: '2026-11-25',
            contacted_time: '11:15',
            summary: 'Apologised; the double charge is refunded',
          },
          OWNER,
        )
      ).body,
    ).toBe('');

    // 14:00: the expert resolves it: refused without root cause and corrective action.
    setTime('2026-11-25 14:00');
    await click('ticket_resolve_open', complaint.number, BILLING);
    const resolveView = lastModal();
    expect(
      (await app.slack.submitView(resolveView, { resolution: 'Refunded' }, { userId: BILLING }))
        .body,
    ).toMatchObject({ response_action: 'errors' });
    from = mark();
    expect(
      (
        await app.slack.submitView(
          resolveView,
          {
            resolution: 'Refunded the second charge',
            root_cause: 'billing',
            root_cause_text: 'Lease renewal posted twice',
            corrective_action: 'Renewals posted by one job only',
          },
          { userId: BILLING },
        )
      ).body,
    ).toBe('');
    await app.desk.outbox.drain();
    expect(told(REQUESTER, from)).toEqual([
      expect.stringContaining('is resolved: Refunded the second charge'),
      expect.stringContaining('How satisfied are you'),
    ]);
    for (const nobody of [PRINTERS, BILLING, OWNER, AGENT, MANAGER])
      expect(told(nobody, from)).toEqual([]);
    const resolvedCard = card(complaint.number);
    expect(resolvedCard).toContain(`by <@${OWNER}> (Call) · late`);
    expect(resolvedCard).toContain('Root cause: Price or billing · Lease renewal posted twice');
    expect(resolvedCard).toContain('Corrective action: Renewals posted by one job only');
    // The requester answers the survey: satisfied.
    await app.slack.blockAction(
      { action_id: 'requester_survey_4', value: `${complaint.id}:4`, block_id: 'survey' },
      { userId: REQUESTER, channelId: `D${REQUESTER.slice(1)}` },
    );
    expect((await ticket(complaint.number)).survey).toMatchObject({
      satisfaction: 4,
      by: REQUESTER,
    });

    // Thursday 10:00: the requester says it is not solved (charged a third time).
    setTime('2026-11-26 10:00');
    from = mark();
    const reopened = await app.slack.blockAction(
      { action_id: 'requester_reopen', value: complaint.number, block_id: 'reopen' },
      { userId: REQUESTER, channelId: `D${REQUESTER.slice(1)}` },
    );
    await app.desk.outbox.drain();
    expect(reopened.status).toBe(200);
    expect(await ticket(complaint.number)).toMatchObject({
      status: 'assigned',
      assigneeId: BILLING,
    });
    // Its resolution due (48 business hours: Tue 1 Dec 18:00) moved by the 4 business hours it
    // waited on the customer and the 5 it sat resolved.
    expect((await ticket(complaint.number)).resolutionDueAt).toEqual(at('2026-12-02 18:00'));
    expect(told(BILLING, from)).toEqual([
      expect.stringContaining(
        `is reopened and back with you: <@${REQUESTER}> says it is not solved`,
      ),
    ]);
    for (const nobody of [PRINTERS, OWNER, AGENT, MANAGER]) expect(told(nobody, from)).toEqual([]);
    setTime('2026-11-26 15:00');
    await click('ticket_resolve_open', complaint.number, BILLING);
    // The root cause and corrective action of the first resolution are filled in: she keeps
    // the cause and adds to the action.
    const reResolve = lastModal();
    const initial = (block: string) => {
      const el = reResolve.blocks.find((b: any) => b.block_id === block).element;
      return el.initial_option?.value ?? el.initial_value;
    };
    expect(initial('root_cause')).toBe('billing');
    expect(initial('root_cause_text')).toBe('Lease renewal posted twice');
    expect(initial('corrective_action')).toBe('Renewals posted by one job only');
    from = mark();
    const again = await app.slack.submitView(
      reResolve,
      {
        resolution: 'Third charge refunded too',
        corrective_action: 'Renewals posted by one job only; a nightly check for doubles',
      },
      { userId: BILLING },
    );
    expect(again.body).toBe('');
    await app.desk.outbox.drain();
    expect(await ticket(complaint.number)).toMatchObject({
      status: 'resolved',
      complaint: {
        rootCause: 'billing',
        rootCauseText: 'Lease renewal posted twice',
        correctiveAction: 'Renewals posted by one job only; a nightly check for doubles',
      },
    });
    // The requester is told it is resolved, and not asked the survey again.
    expect(told(REQUESTER, from)).toEqual([
      expect.stringContaining('is resolved: Third charge refunded too'),
    ]);

    // --- Thursday evening, quiet hours 22:00-08:00 on: the agent on the late shift escalates a
    // general ticket to the printer expert at 22:30. He is not woken: the DM waits for 08:00.
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
    setTime('2026-11-26 22:20');
    const late = await makeTicket(
      app,
      { customerCode: code, severity: 'general', title: 'Printer jams on A3' },
      AGENT,
    );
    await click('ticket_claim', late.number, AGENT);
    setTime('2026-11-26 22:30');
    from = mark();
    await click('ticket_escalate_open', late.number, AGENT);
    expect((await submit({ reason: 'Feeder', expert: null }, AGENT)).body).toBe('');
    expect(await ticket(late.number)).toMatchObject({ level: 2, assigneeId: PRINTERS });
    expect(told(PRINTERS, from)).toEqual([]);
    // 23:00 the manager, still up, hands it to the billing expert (the feeder is leased):
    // neither hears of it before 08:00, and the printer expert not at all then.
    setTime('2026-11-26 23:00');
    await click('ticket_reassign_open', late.number, MANAGER);
    expect((await submit({ assignee: BILLING }, MANAGER)).body).toBe('');
    expect(told(PRINTERS, from)).toEqual([]);
    expect(told(BILLING, from)).toEqual([]);
    setTime('2026-11-27 08:01');
    await app.desk.outbox.drain();
    expect(told(PRINTERS, from)).toEqual([]);
    expect(told(BILLING, from)).toEqual([
      expect.stringContaining(
        `${late.number}> for Huadong Machinery is yours now (L2), from <@${MANAGER}>`,
      ),
    ]);

    // --- Friday: the desk in Chinese for the billing expert's read.
    await app.setSettings(() => ({
      locale: 'zh-CN',
      quietHours: { enabled: false, start: '22:00', end: '08:00' },
    }));
    setTime('2026-11-27 10:00');
    const zh = await makeTicket(
      app,
      { customerCode: code, severity: 'general', title: '发票金额不对' },
      AGENT,
    );
    await click('ticket_claim', zh.number, AGENT);
    from = mark();
    await click('ticket_escalate_open', zh.number, AGENT);
    const modal = textsIn(lastModal()).join('\n');
    expect(modal).toContain('专家（L2）');
    expect(modal).toContain('留空：服务台会选择技能匹配该工单的专家');
    expect((await submit({ reason: '税额计算', expert: BILLING }, AGENT)).body).toBe('');
    expect(told(BILLING, from)).toHaveLength(1);
    const zhDm = told(BILLING, from)[0]!;
    expect(zhDm).toContain(`Huadong Machinery 的一般工单 `);
    expect(zhDm).toContain('已转给你（L2），来自 <@U0AGENT001>：发票金额不对');
    expect(zhDm).toContain('原因：税额计算');
    expect(zhDm).not.toMatch(/\b(ticket|yours|Reason|due)\b/i);
    expect(told(ESCALATION, from)).toEqual([
      expect.stringContaining('已由 <@U0AGENT001> 升级到 L2，现由 <@U0EXPERT02> 处理：税额计算'),
    ]);
    // Her App Home: her open tickets, due first, in Chinese.
    const zhHome = await home(BILLING);
    expect(zhHome).toContain('*我的未结工单*（3），按到期时间排序');
    expect(zhHome).toMatch(/Printer jams on A3[^]*发票金额不对[^]*Printer offline/);
    expect(zhHome).toContain('解决：剩余工作时间 35 小时 30 分钟');
    expect(zhHome).not.toContain('Billed twice');
    expect(zhHome).not.toContain('Spindle error');
  });
});
