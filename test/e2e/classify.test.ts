import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, OWNER, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { createLogger } from '../../src/logger.js';
import { NOTICES_REPAIR_MS } from '../../src/flows/tickets.js';

// Classify… (the card's "…" menu): a ticket the desk opened from a customer channel's message is
// a consultation, general, whatever it says. Whoever works it (the assignee, whoever may take it,
// a manager) sets its type, severity and complaint urgency; its targets are counted again from
// when it was received, the clock stored, the thread told and the card redrawn.
const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const ESCALATION = 'C0ESCAL001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';
const ROOT = '1795485600.000100'; // 2026-11-24T02:00:00Z, Tuesday 10:00 in Shanghai

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

type Doc = {
  number: string;
  type: string;
  severity: string;
  sla: { responseMinutes: number; resolutionMinutes: number; aroundTheClock: boolean };
  responseDueAt?: Date;
  complaint?: { urgency: string; contactDueAt: Date };
  demand?: { planDueAt: Date; plannedAt?: Date };
  timeline: Record<string, unknown>[];
  version: number;
};
const ticketDoc = async () =>
  (await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${ROOT}` })
    .lean()) as unknown as Doc;
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
const blockIds = (view: Record<string, any>) => view.blocks.map((b: any) => b.block_id);
const thread = () =>
  JSON.stringify(
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
      .map((c) => c.args.text),
  );

/** "URGENT: production line down" in the linked channel of a strategic customer. */
async function channelTicket(): Promise<Doc> {
  const code = (await makeCustomer(app, { annualRevenue: 2_000_000 })).code;
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
  await app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: CUST,
      user: CUSTOMER_USER,
      text: 'URGENT: production line down, system does not start',
      ts: ROOT,
    },
    { eventId: 'Ev0CLASSIFY1' },
  );
  return ticketDoc();
}

/** Classify… chosen in the card's menu, by `userId`. */
const openClassify = (number: string, userId = AGENT) =>
  app.slack.blockAction(
    {
      action_id: 'ticket_card_menu',
      block_id: 'ticket_actions',
      type: 'overflow',
      selected_option: {
        text: { type: 'plain_text', text: 'Classify…' },
        value: `classify:${number}`,
      },
    },
    { userId, channelId: TRIAGE },
  );

/** The type picked in an open Classify… modal (dispatched): the modal as redrawn. */
async function chooseType(view: Record<string, any>, type: string): Promise<Record<string, any>> {
  await app.slack.blockAction(
    {
      action_id: 'ticket_type_changed',
      block_id: 'type',
      type: 'static_select',
      selected_option: { value: type },
    },
    {
      userId: AGENT,
      view: {
        ...view,
        id: 'V0CLASSIFY1',
        hash: 'h1',
        state: {
          values: {
            type: {
              ticket_type_changed: { type: 'static_select', selected_option: { value: type } },
            },
          },
        },
      },
    },
  );
  return app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
}

describe('Classify… a ticket from a customer channel', () => {
  test('"line down" made after-sales, urgent: 2 h from its receipt, stored, said in the thread, the card redrawn; the same again is refused inline', async () => {
    const t = await channelTicket();
    expect([t.type, t.severity, t.sla.responseMinutes]).toEqual(['consultation', 'general', 240]);
    // The card the agent reads offers it.
    const card = JSON.stringify(
      (await app.slack.command('/ticket', t.number, { userId: AGENT })).body,
    );
    expect(card).toContain(`classify:${t.number}`);

    app.clock.set('2026-11-24T02:30:00Z');
    await openClassify(t.number);
    const modal = lastOpened();
    expect(modal.callback_id).toBe('ticket_classify');
    expect(blockIds(modal)).not.toContain('complaint_urgency');
    expect(modal.blocks.find((b: any) => b.block_id === 'type')).toMatchObject({
      dispatch_action: true,
      element: { action_id: 'ticket_type_changed', initial_option: { value: 'consultation' } },
    });
    const updates = app.fake.callsTo('chat.update').length;
    const res = await app.slack.submitView(
      modal,
      { type: 'after_sales', severity: 'urgent' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    const after = await ticketDoc();
    expect([after.type, after.severity, after.sla.responseMinutes]).toEqual([
      'after_sales',
      'urgent',
      120,
    ]);
    // Counted from the receipt (10:00), not from the click: due 12:00 Shanghai.
    expect(after.responseDueAt).toEqual(new Date('2026-11-24T04:00:00Z'));
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'classify',
      by: AGENT,
      classified: { type: 'after_sales', severity: 'urgent', responseMinutes: 120 },
    });
    await app.desk.outbox.drain();
    expect(thread()).toContain(
      `<@${AGENT}> classified it: After-sales, Urgent. First response within 2 h.`,
    );
    const redrawn = app.fake.callsTo('chat.update').slice(updates);
    expect(JSON.stringify(redrawn.map((c) => c.args.blocks))).toContain('Urgent');

    // Nothing changed: said on the type, nothing written.
    await openClassify(t.number);
    const again = await app.slack.submitView(
      lastOpened(),
      { type: 'after_sales', severity: 'urgent' },
      { userId: AGENT },
    );
    expect(JSON.stringify(again.body)).toContain('already of this type and severity');
    expect((await ticketDoc()).version).toBe(after.version);
  });

  test('made a complaint: the urgency input shows, the stricter severity wins, its contact task is planned for the account manager; a complaint cannot be made another type', async () => {
    const t = await channelTicket();
    await openClassify(t.number);
    const withUrgency = await chooseType(lastOpened(), 'complaint');
    expect(blockIds(withUrgency)).toContain('complaint_urgency');
    expect(withUrgency.callback_id).toBe('ticket_classify');
    const res = await app.slack.submitView(
      withUrgency,
      { type: 'complaint', severity: 'general', complaint_urgency: 'critical' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    const after = await ticketDoc();
    expect([after.type, after.severity, after.complaint?.urgency]).toEqual([
      'complaint',
      'urgent',
      'critical',
    ]);
    const task = await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: t.number })
      .lean();
    expect(task?.assigneeId).toBe(OWNER);
    expect(task?.dueAt).toEqual(after.complaint?.contactDueAt);

    await openClassify(t.number);
    const reopened = lastOpened();
    expect(blockIds(reopened)).toContain('complaint_urgency');
    const refused = await app.slack.submitView(
      reopened,
      { type: 'consultation', severity: 'general' },
      { userId: AGENT },
    );
    expect(JSON.stringify(refused.body)).toContain('A complaint stays a complaint');
    expect((await ticketDoc()).type).toBe('complaint');
  });

  test('made a complaint, then raised to critical: the account manager, their managers and (critical) the escalation channel are told as at intake, once per urgency', async () => {
    const t = await channelTicket();
    await app.setSettings((s) => ({ ...s, managers: [MANAGER] }));
    await app.desk.outbox.drain();
    const said = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));
    const classify = async (values: Record<string, string>) => {
      await openClassify(t.number);
      const view = await chooseType(lastOpened(), 'complaint');
      expect((await app.slack.submitView(view, values, { userId: AGENT })).body).toBe('');
      await app.desk.outbox.drain();
    };
    const owner = said(OWNER).length;
    const manager = said(MANAGER).length;

    // Made a general complaint: the contact task handed to the account manager, the managers
    // told; no page.
    await classify({ type: 'complaint', severity: 'general', complaint_urgency: 'general' });
    const toOwner = said(OWNER).slice(owner);
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]).toContain('General (一般) complaint');
    expect(toOwner[0]).toContain('You are assigned to contact the customer by');
    expect(toOwner[0]).toContain(`Set by <@${AGENT}> with *Classify…* on the ticket.`);
    const toManager = said(MANAGER).slice(manager);
    expect(toManager).toHaveLength(1);
    expect(toManager[0]).toContain('New General (一般) complaint');
    expect(toManager[0]).toContain(`<@${OWNER}> contacts the customer by`);
    expect(app.fake.postsTo(ESCALATION)).toEqual([]);

    // Its severity changed, the urgency not: nobody is told again.
    await classify({ type: 'complaint', severity: 'important', complaint_urgency: 'general' });
    expect(said(OWNER).slice(owner)).toHaveLength(1);
    expect(said(MANAGER).slice(manager)).toHaveLength(1);

    // Raised to critical: paged at once, the account manager and the managers told of it.
    await classify({ type: 'complaint', severity: 'important', complaint_urgency: 'critical' });
    const page = said(ESCALATION);
    expect(page).toHaveLength(1);
    expect(page[0]).toContain('Critical complaint');
    expect(page[0]).toContain(t.number);
    expect(said(OWNER).slice(owner)).toHaveLength(2);
    expect(said(OWNER).at(-1)).toContain('Critical (特急) complaint');
    expect(said(MANAGER).slice(manager)).toHaveLength(2);
    expect(said(MANAGER).at(-1)).toContain('New Critical (特急) complaint');

    // Lowered, then raised again: the critical notices are not sent twice (no page); each
    // change of urgency is told (revcomplaint F5).
    await classify({ type: 'complaint', severity: 'important', complaint_urgency: 'general' });
    await classify({ type: 'complaint', severity: 'important', complaint_urgency: 'critical' });
    expect(said(ESCALATION)).toHaveLength(1);
    expect(said(OWNER).slice(owner)).toHaveLength(4);
    expect(said(MANAGER).slice(manager).slice(2)).toEqual([
      expect.stringContaining('is now General (一般), was Critical (特急)'),
      expect.stringContaining('is now Critical (特急), was General (一般)'),
    ]);
  });

  test('a critical complaint lowered and raised back to critical pages once (each change told): its keys forgotten (the outbox keeps them a week), or paged at intake', async () => {
    const t = await channelTicket();
    await app.setSettings((s) => ({ ...s, managers: [MANAGER] }));
    await app.desk.outbox.drain();
    const said = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));
    const classify = async (number: string, values: Record<string, string>) => {
      await openClassify(number);
      const view = await chooseType(lastOpened(), 'complaint');
      expect((await app.slack.submitView(view, values, { userId: AGENT })).body).toBe('');
      await app.desk.outbox.drain();
    };
    const owner = said(OWNER).length;
    await classify(t.number, {
      type: 'complaint',
      severity: 'important',
      complaint_urgency: 'critical',
    });
    expect(said(ESCALATION)).toHaveLength(1);
    expect(said(MANAGER)).toHaveLength(1);
    expect(said(OWNER).slice(owner)).toHaveLength(1);
    // Eight days on, the outbox has forgotten the page's key; lowered, then raised back.
    app.clock.advance(8 * 86_400_000);
    await app.desk.services.outbox.purge(app.clock.now());
    await classify(t.number, {
      type: 'complaint',
      severity: 'important',
      complaint_urgency: 'general',
    });
    await classify(t.number, {
      type: 'complaint',
      severity: 'important',
      complaint_urgency: 'critical',
    });
    expect(said(ESCALATION)).toHaveLength(1);
    // Told of each change of urgency (revcomplaint F5), not paged, nor told "new complaint".
    expect(said(MANAGER)).toHaveLength(3);
    expect(said(MANAGER).slice(1)).toEqual([
      expect.stringContaining('is now General (一般), was Critical (特急)'),
      expect.stringContaining('is now Critical (特急), was General (一般)'),
    ]);
    expect(said(OWNER).slice(owner)).toHaveLength(3);

    // A complaint critical at intake (paged then, under intake's keys), lowered and raised back.
    const intake = await makeTicket(app, {
      customerCode: (t as unknown as { customerCode: string }).customerCode,
      type: 'complaint',
      severity: 'important',
      complaintUrgency: 'critical',
    });
    await app.desk.outbox.drain();
    const pages = said(ESCALATION).length;
    const managers = said(MANAGER).length;
    expect(pages).toBe(2);
    await classify(intake.number, {
      type: 'complaint',
      severity: 'important',
      complaint_urgency: 'urgent',
    });
    await classify(intake.number, {
      type: 'complaint',
      severity: 'important',
      complaint_urgency: 'critical',
    });
    expect(said(ESCALATION)).toHaveLength(pages);
    expect(said(MANAGER).slice(managers)).toEqual([
      expect.stringContaining('is now Urgent (紧急), was Critical (特急)'),
      expect.stringContaining('is now Critical (特急), was Urgent (紧急)'),
    ]);
  });

  test('made a critical complaint, its notices cut short (the process died after the save): the notices repair pages and tells them, once', async () => {
    const t = await channelTicket();
    await app.setSettings((s) => ({ ...s, managers: [MANAGER] }));
    await app.desk.outbox.drain();
    const owner = app.fake.postsTo(OWNER).length;
    await openClassify(t.number);
    const view = await chooseType(lastOpened(), 'complaint');
    const restore = failCalls(app.desk.services.outbox, 'batch');
    try {
      await app.slack.submitView(
        view,
        { type: 'complaint', severity: 'general', complaint_urgency: 'critical' },
        { userId: AGENT },
      );
    } finally {
      restore();
    }
    expect((await ticketDoc()).complaint?.urgency).toBe('critical');
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(ESCALATION)).toEqual([]);
    // The repair's turn: the notices owed for over NOTICES_REPAIR_MS.
    app.clock.advance(NOTICES_REPAIR_MS + 1_000);
    for (let i = 0; i < 2; i++) {
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      await app.desk.outbox.drain();
    }
    expect(app.fake.postsTo(ESCALATION)).toHaveLength(1);
    expect(app.fake.postsTo(MANAGER)).toHaveLength(1);
    expect(app.fake.postsTo(OWNER).slice(owner)).toEqual([
      expect.objectContaining({
        args: expect.objectContaining({
          text: expect.stringContaining('Critical (特急) complaint'),
        }),
      }),
    ]);
  });

  test('made a demand: its plan-and-dates due time counted from the receipt', async () => {
    const t = await channelTicket();
    await openClassify(t.number);
    expect(
      (
        await app.slack.submitView(
          lastOpened(),
          { type: 'demand', severity: 'important' },
          { userId: AGENT },
        )
      ).body,
    ).toBe('');
    const after = await ticketDoc();
    expect(after.type).toBe('demand');
    // Three working days after Tuesday 10:00: Friday 10:00.
    expect(after.demand?.planDueAt).toEqual(new Date('2026-11-27T02:00:00Z'));
  });

  test('a demand made another type: an owed plan is no longer owed (its thread says so); a plan given stays with its dates; made a demand again, its plan is due from the receipt', async () => {
    const t = await channelTicket();
    const classify = async (type: string) => {
      await openClassify(t.number);
      const res = await app.slack.submitView(
        lastOpened(),
        { type, severity: 'important' },
        { userId: AGENT },
      );
      expect(res.body).toBe('');
      await app.desk.outbox.drain();
      return ticketDoc();
    };
    const dueFromReceipt = new Date('2026-11-27T02:00:00Z');
    expect((await classify('demand')).demand?.planDueAt).toEqual(dueFromReceipt);
    // Not a demand after all: no plan owed, said in the thread.
    app.fake.reset();
    const afterSales = await classify('after_sales');
    expect(afterSales.demand).toBeUndefined();
    expect(thread()).toContain(
      'First response within 4 h. No plan and dates are owed any more: it is no longer a demand.',
    );
    // A demand again: due from the receipt, as if filed so; then the plan is given.
    expect((await classify('demand')).demand?.planDueAt).toEqual(dueFromReceipt);
    app.clock.set('2026-11-25T02:00:00Z');
    await act(app, t.number, {
      action: 'plan',
      summary: 'Custom fixture for line 4',
      dates: '10-20 Dec',
    });
    const given = {
      planDueAt: dueFromReceipt,
      plannedAt: new Date('2026-11-25T02:00:00Z'),
      plannedBy: AGENT,
      planSummary: 'Custom fixture for line 4',
      planDates: '10-20 Dec',
    };
    // Made a consultation: the plan given stays (the customer has its dates), nothing said of it.
    app.fake.reset();
    const consultation = await classify('consultation');
    expect(consultation.type).toBe('consultation');
    expect(consultation.demand).toMatchObject(given);
    expect(thread()).not.toContain('No plan and dates');
    const card = JSON.stringify(app.fake.callsTo('chat.update').at(-1)!.args.blocks);
    expect(card).toContain('10-20 Dec');
    // And a demand again: the same plan, given, not owed anew.
    expect((await classify('demand')).demand).toMatchObject(given);
  });

  test('with urgent tickets around the clock: a first response given already is timed again on the new calendar, both ways', async () => {
    await app.setSettings((s) => ({
      agents: [AGENT],
      sla: { ...s.sla, urgentAroundTheClock: true },
    }));
    const { code } = await makeCustomer(app, { annualRevenue: 2_000_000 });
    const metricsOf = async (number: string) =>
      ((await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean()) as any)
        .metrics;
    const classify = async (number: string, severity: string) => {
      await openClassify(number);
      const res = await app.slack.submitView(
        lastOpened(),
        { type: 'after_sales', severity },
        { userId: AGENT },
      );
      expect(res.body).toBe('');
      return metricsOf(number);
    };
    // Both received Friday 27 November 17:30 Shanghai, half an hour before closing time.
    app.clock.set('2026-11-27T09:30:00Z');
    const general = await makeTicket(app, { customerCode: code, severity: 'general' });
    const urgent = await makeTicket(app, { customerCode: code, severity: 'urgent' });
    // The urgent one answered at 21:30 the same evening: 4 h around the clock, late for its 2 h.
    app.clock.set('2026-11-27T13:30:00Z');
    await respond(app, urgent.number, AGENT);
    expect(await metricsOf(urgent.number)).toMatchObject({
      firstResponseMinutes: 240,
      responseBreached: true,
    });
    // The general one answered Monday 09:30: one business hour.
    app.clock.set('2026-11-30T01:30:00Z');
    await respond(app, general.number, AGENT);
    expect(await metricsOf(general.number)).toMatchObject({
      firstResponseMinutes: 60,
      responseBreached: false,
    });
    // Made urgent: 2 h around the clock; answered 64 h after the receipt, late.
    expect(await classify(general.number, 'urgent')).toMatchObject({
      firstResponseMinutes: 64 * 60,
      responseBreached: true,
    });
    // Made important: 4 h of business hours; answered within the half hour left on Friday.
    expect(await classify(urgent.number, 'important')).toMatchObject({
      firstResponseMinutes: 30,
      responseBreached: false,
    });
  });

  test('who may: not the account manager who does not work tickets (refused at once, no modal)', async () => {
    const t = await channelTicket();
    const opened = app.fake.callsTo('views.open').length;
    await openClassify(t.number, OWNER);
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)?.args)).toContain(
      'classify this ticket',
    );
  });
});
