import { beforeEach, describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import type { ComplaintUrgency, TicketType } from '../../src/ticket/types.js';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { latestCard } from '../helpers/clicks.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { resolvedUncontacted } from '../helpers/complaints.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const ALERTS = 'C0ALERTS01';
const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ESCALATION_CHANNEL_ID: ESCALATION,
    ALERTS_CHANNEL_ID: ALERTS,
    DIGEST_CHANNEL_ID: DIGEST,
  },
  now: '2026-11-24T02:00:00Z',
});

const local = (isoLocal: string) =>
  new Date(`${isoLocal}${isoLocal.length > 16 ? '' : ':00'}+08:00`);
const shown = (isoLocal: string) => slackTime(local(isoLocal), 'Asia/Shanghai');

beforeEach(async () => {
  // The desk serves the workspace from September: the tests of October's weeks get their digests.
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER] }));
  app.clock.set('2026-11-24T02:00:00Z');
});

const sweepAt = (isoLocal: string) => runJobAt(app, slaAlertsJob, local(isoLocal).toISOString());

/** Everything Slack was sent for a person or channel (DM text and blocks), as one string. */
const said = (to: string) => JSON.stringify(app.fake.postsTo(to).map((c) => c.args));

const ticketDoc = (number: string) => app.db.models.tickets.findOne({ number }).lean();

/** The latest version of the card: the last chat.update, else the posted card. */
const currentCard = () => latestCard(app, TRIAGE);

function cardField(card: { blocks: any[] }, label: string): string {
  const fields = card.blocks.find((b) => b.fields)!.fields as { text: string }[];
  const found = fields.find((f) => f.text.startsWith(`*${label}*`));
  return found ? found.text.split('\n').slice(1).join('\n') : '';
}

/** The card's buttons' labels, then its "…" menu's choices'. */
function buttons(card: { blocks: any[] }): string[] {
  return (card.blocks.find((b) => b.type === 'actions')?.elements ?? []).flatMap((e: any) =>
    e.type === 'overflow' ? e.options.map((o: any) => o.text.text) : [e.text.text],
  );
}

/** A digest post's fields, label to text (`Complaint targets missed` -> `1 (+1 vs last week)`). */
function digestFields(post: { args: Record<string, any> }): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const block of post.args.blocks as any[])
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      fields[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  return fields;
}

const lastView = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;

/** A ticket taken in for the customer at `at` (local time), through the intake flow. */
async function intake(
  customerCode: string,
  type: TicketType,
  at: string,
  complaintUrgency?: ComplaintUrgency,
  title = 'Wrong parts delivered',
): Promise<string> {
  app.clock.set(local(at));
  return (
    await makeTicket(app, {
      customerCode,
      type,
      title,
      ...(complaintUrgency ? { complaintUrgency } : {}),
    })
  ).number;
}

describe('a complaint through its steps and timers', () => {
  test('intake with urgency -> contact task to the account manager, managers told -> contact done -> resolve refused without root cause and corrective action -> resolved; contact and resolution breaches alerted once each', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    // /ticket new: no urgency input until the type is complaint; choosing it updates the modal.
    await app.slack.command('/ticket', 'new Wrong parts delivered', { userId: AGENT });
    const opened = lastView();
    const ids = (v: Record<string, any>) => v.blocks.map((b: any) => b.block_id);
    expect(ids(opened)).not.toContain('complaint_urgency');
    const typeBlock = opened.blocks.find((b: any) => b.block_id === 'type');
    expect(typeBlock).toMatchObject({
      dispatch_action: true,
      element: { action_id: 'ticket_type_changed' },
    });
    const choose = (type: string, view: Record<string, any>) =>
      app.slack.blockAction(
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
            id: 'V0NEWTICKET',
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
    await choose('complaint', opened);
    const update = app.fake.callsTo('views.update').at(-1)!.args;
    expect(update).toMatchObject({ view_id: 'V0NEWTICKET', hash: 'h1' });
    const withUrgency = update.view as Record<string, any>;
    expect(ids(withUrgency)).toEqual([
      'customer',
      'type',
      'severity',
      'complaint_urgency',
      'channel',
      'requester',
      'contact_name',
      'title',
      'description',
      'received_date',
      'received_time',
    ]);
    expect(withUrgency.callback_id).toBe('ticket_create');
    expect(withUrgency.private_metadata).toBe(opened.private_metadata);
    // Back to another type: the input goes; the same type again changes nothing.
    await choose('consultation', withUrgency);
    expect(
      ids(app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>),
    ).not.toContain('complaint_urgency');
    const updates = app.fake.callsTo('views.update').length;
    await choose('complaint', withUrgency);
    expect(app.fake.callsTo('views.update')).toHaveLength(updates);
    // The modal filled in as a complaint of urgency 紧急 (urgent).
    const res = await app.slack.submitView(
      withUrgency,
      {
        customer: code,
        type: 'complaint',
        complaint_urgency: 'urgent',
        severity: 'general',
        description: 'Second time this month',
      },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    const created = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    const number = created.number;
    // Urgent complaint: contact within 4 business hours (14:00), resolution within 48 (Tue 1 Dec
    // 13:00); its severity follows the urgency (important).
    expect(created).toMatchObject({
      type: 'complaint',
      severity: 'important',
      sla: { resolutionMinutes: 48 * 60 },
      complaint: {
        urgency: 'urgent',
        contactDueAt: local('2026-11-24T14:00'),
        resolutionDueAt: local('2026-12-01T13:00'),
      },
    });
    // The account manager is assigned the contact step: a task due at the contact target.
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    expect(task).toMatchObject({
      assigneeId: OWNER,
      ticketNumber: number,
      status: 'open',
      dueDate: '2026-11-24',
      dueAt: local('2026-11-24T14:00'),
    });
    const dm = app.fake.postsTo(OWNER).at(-1)!.args;
    expect(dm.text).toContain(`Urgent (紧急) complaint`);
    expect(dm.text).toContain(
      `You are assigned to contact the customer by ${shown('2026-11-24T14:00')}`,
    );
    const done = (dm.blocks as any[]).find((b) => b.type === 'actions').elements[0];
    expect(done).toMatchObject({ action_id: 'task_done_open', value: task._id });
    // The managers are told, with the targets.
    expect(said(MANAGER)).toContain(`New Urgent (紧急) complaint`);
    expect(said(MANAGER)).toContain(`<@${OWNER}> contacts the customer by`);
    // The card shows the urgency and the contact step.
    expect(cardField(currentCard(), 'Complaint urgency')).toBe('Urgent (紧急)');
    expect(cardField(currentCard(), 'Customer contacted')).toBe(
      `<@${OWNER}> · due ${shown('2026-11-24T14:00')}`,
    );

    // An agent claims it and answers at once (no response breach in the way).
    app.clock.set(local('2026-11-24T10:05'));
    await act(app, number, { action: 'claim' });
    await respond(app, number);

    // 14:00:30: the contact target is missed: one alert, to the account manager and the managers.
    await sweepAt('2026-11-24T14:00:30');
    const contactLine =
      'the account manager has not contacted the customer by the complaint target';
    expect(said(OWNER)).toContain('you have not contacted the customer by the complaint target');
    expect(said(MANAGER)).toContain(contactLine);
    expect(said(ALERTS)).toContain(contactLine);
    await sweepAt('2026-11-24T14:30:00');
    expect(said(OWNER)).not.toContain('contacted the customer by the complaint target');
    expect(said(MANAGER)).not.toContain(contactLine);

    // 15:00: the account manager records the contact from the DM's button (called at 14:20).
    app.clock.set(local('2026-11-24T15:00'));
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: task._id as string },
      { userId: OWNER },
    );
    const doneView = lastView();
    expect(doneView.blocks.map((b: any) => b.block_id).filter(Boolean)).toEqual(
      expect.arrayContaining(['type', 'contacted_date', 'contacted_time', 'summary']),
    );
    const saved = await app.slack.submitView(
      doneView,
      {
        type: 'call',
        contacted_date: '2026-11-24',
        contacted_time: '14:20',
        summary: 'Apologised; replacement parts ship today',
      },
      { userId: OWNER },
    );
    expect(saved.body).toBe('');
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('done');
    expect((await ticketDoc(number))!.complaint).toMatchObject({
      contactedAt: local('2026-11-24T14:20'),
      contactedBy: OWNER,
      contactVia: 'call',
    });
    expect(cardField(currentCard(), 'Customer contacted')).toBe(
      `${shown('2026-11-24T14:20')} by <@${OWNER}> (Call) · late`,
    );

    // Resolve without root cause and corrective action: refused inline.
    await app.slack.blockAction(
      { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    const resolve = lastView();
    expect(resolve.blocks.map((b: any) => b.block_id)).toEqual(
      expect.arrayContaining(['resolution', 'root_cause', 'root_cause_text', 'corrective_action']),
    );
    expect(
      (await app.slack.submitView(resolve, { resolution: 'Parts replaced' }, { userId: AGENT }))
        .body,
    ).toEqual({
      response_action: 'errors',
      errors: { root_cause: 'Required.', corrective_action: 'Required.' },
    });
    expect((await ticketDoc(number))!.status).toBe('assigned');

    // Tue 1 Dec 13:00:30: the resolution target (48 business hours) is missed: one alert.
    await sweepAt('2026-12-01T13:00:30');
    const resolutionLine = `*${number}* Wrong parts delivered · Huadong · Important: resolution overdue`;
    const resolutionAlerts = () =>
      [OWNER, AGENT, MANAGER, ALERTS].flatMap((to) =>
        app.fake.postsTo(to).filter((c) => JSON.stringify(c.args).includes('resolution overdue')),
      );
    expect(resolutionAlerts().length).toBeGreaterThan(0);
    expect(said(ALERTS).replace(/<https:[^|]+\|(T\d+)>/g, '$1')).toContain(resolutionLine);
    await sweepAt('2026-12-01T15:00:00');
    expect(resolutionAlerts()).toEqual([]);
    expect(said(OWNER) + said(MANAGER)).not.toContain(contactLine);

    // Resolved with both, by the manager (the breach escalated it to L2: with no experts, to
    // the managers).
    expect((await ticketDoc(number))!.assigneeId).toBe(MANAGER);
    app.clock.set(local('2026-12-01T16:00'));
    const ok = await app.slack.submitView(
      resolve,
      {
        resolution: 'Parts replaced',
        root_cause: 'delivery',
        root_cause_text: 'Picking list mixed two orders',
        corrective_action: 'Second check at packing',
      },
      { userId: MANAGER },
    );
    expect(ok.body).toBe('');
    expect(await ticketDoc(number)).toMatchObject({
      status: 'resolved',
      metrics: { resolutionBreached: true },
      complaint: {
        rootCause: 'delivery',
        rootCauseText: 'Picking list mixed two orders',
        correctiveAction: 'Second check at packing',
      },
    });
    const context = JSON.stringify(currentCard().blocks);
    expect(context).toContain('Root cause: Delivery or logistics · Picking list mixed two orders');
    expect(context).toContain('Corrective action: Second check at packing');
  });
});

describe("a complaint's missed contact while an agent works it", () => {
  test('the alert names the agent who handles the ticket, not the account manager it is told to; in Chinese too', async () => {
    for (const [locale, day] of [
      ['en', '2026-11-24'],
      ['zh-CN', '2026-11-25'],
    ] as const) {
      await app.setSettings(() => ({ locale }));
      const { code } = await makeCustomer(app, { name: `Huadong ${locale}` });
      const number = await intake(code, 'complaint', `${day}T10:00`, 'urgent');
      app.clock.set(local(`${day}T10:05`));
      // The agent claims it from the card and answers the requester.
      await app.slack.blockAction(
        { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
      await respond(app, number);
      expect((await ticketDoc(number))!.assigneeId).toBe(AGENT);
      // 14:00:30: the account manager has not called by the contact target (14:00).
      await sweepAt(`${day}T14:00:30`);
      const line = (to: string) =>
        app.fake
          .postsTo(to)
          .map((c) => String(c.args.text))
          .find((text) => text.includes(number))!;
      const [handled, you] =
        locale === 'en' ? ['handled by', 'handled by you'] : ['处理人', '由你处理'];
      expect(line(ALERTS)).toContain(`${handled} <@${AGENT}>`);
      expect(line(MANAGER)).toContain(`${handled} <@${AGENT}>`);
      // The account manager is told, and reads who has the ticket: not "handled by you".
      expect(line(OWNER)).toContain(`${handled} <@${AGENT}>`);
      expect(line(OWNER)).not.toContain(you);
      expect(line(OWNER)).not.toContain(`<@${OWNER}>`);
    }
  });
});

describe("a complaint's contact time", () => {
  /** At 11:00, the account manager opens Done on the complaint's contact task: its submit. */
  async function contactForm() {
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    app.clock.set(local('2026-11-24T11:00'));
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: task._id as string },
      { userId: OWNER },
    );
    const view = lastView();
    const submit = (contacted_date: string, contacted_time: string) =>
      app.slack.submitView(
        view,
        { type: 'call', contacted_date, contacted_time, summary: 'Apologised' },
        { userId: OWNER },
      );
    return { task, submit };
  }

  test('a contact before the complaint was received is refused on the field that is wrong, with the received time; nothing is recorded; the received minute itself is accepted', async () => {
    const { code } = await makeCustomer(app, { name: 'Early Call Co' });
    const number = await intake(code, 'complaint', '2026-11-24T10:30:40', 'general');
    const { task, submit } = await contactForm();
    // Earlier the same day: said on the time.
    expect((await submit('2026-11-24', '09:45')).body).toEqual({
      response_action: 'errors',
      errors: {
        contacted_time:
          'This is before the complaint was received (2026-11-24 10:30 GMT+8): when was the customer contacted, or tried, after it?',
      },
    });
    // The day before: said on the date.
    expect((await submit('2026-11-23', '16:00')).body).toEqual({
      response_action: 'errors',
      errors: {
        contacted_date:
          'This is before the complaint was received (2026-11-24 10:30 GMT+8): when was the customer contacted, or tried, after it?',
      },
    });
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('open');
    expect((await ticketDoc(number))!.complaint!.contactedAt).toBeUndefined();
    expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);

    // The minute it was received (picked to the minute): accepted, the target met.
    expect((await submit('2026-11-24', '10:30')).body).toBe('');
    expect((await ticketDoc(number))!.complaint).toMatchObject({
      contactedAt: local('2026-11-24T10:30'),
      contactedBy: OWNER,
    });
  });
  test('the account manager’s recorded contact is the first response when none was logged: the response clock stops at the contact, met', async () => {
    const { code } = await makeCustomer(app, { name: 'Phoned Back Co' });
    const number = await intake(code, 'complaint', '2026-11-24T10:30:40', 'general');
    expect((await ticketDoc(number))!.firstResponseAt).toBeUndefined();
    const { submit } = await contactForm();
    expect((await submit('2026-11-24', '10:50')).body).toBe('');
    const after = (await ticketDoc(number))!;
    expect(after.firstResponseAt).toEqual(local('2026-11-24T10:50'));
    expect(after.metrics).toMatchObject({ responseBreached: false });
  });

  test('a contact time later than now is refused on the time when the date is today, saying the time now; a later day on the date; in Chinese too', async () => {
    const { code } = await makeCustomer(app, { name: 'Soon Call Co' });
    await intake(code, 'complaint', '2026-11-24T10:30:00', 'general');
    const { task, submit } = await contactForm();
    // Today, half an hour from now: the date is right, the time is not.
    expect((await submit('2026-11-24', '11:30')).body).toEqual({
      response_action: 'errors',
      errors: {
        contacted_time:
          'This time is later than now (2026-11-24 11:00 GMT+8): when was the customer contacted, or tried?',
      },
    });
    // Tomorrow: said on the date.
    expect((await submit('2026-11-25', '09:00')).body).toEqual({
      response_action: 'errors',
      errors: { contacted_date: 'This date is in the future.' },
    });
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('open');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await submit('2026-11-24', '11:30')).body).toEqual({
      response_action: 'errors',
      errors: {
        contacted_time:
          '该时间晚于现在（2026-11-24 11:00 GMT+8）：请填写实际联系或尝试联系客户的时间。',
      },
    });
  });
});

describe("a complaint's contact after the customer changed owner", () => {
  /** Customer contacted, recorded from the task's Done by `userId`; the confirmation's text. */
  async function contacted(taskId: string, userId: string, at: string): Promise<string> {
    await app.slack.blockAction({ action_id: 'task_done_open', value: taskId }, { userId });
    const saved = await app.slack.submitView(
      lastView(),
      {
        type: 'call',
        contacted_date: '2026-11-24',
        contacted_time: at,
        summary: 'Apologised; replacement parts ship today',
      },
      { userId },
    );
    expect(saved.body).toBe('');
    return String(app.fake.callsTo('response_url').at(-1)!.args.text);
  }

  test('the new owner, handed the contact task by the daily run, records it on the complaint; a contact that cannot be recorded is said so', async () => {
    const NEW_OWNER = 'U0NEWOWN01';
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const number = await intake(code, 'complaint', '2026-11-24T10:00', 'urgent');
    await app.db.models.customers.updateOne({ code }, { $set: { ownerId: NEW_OWNER } });
    const [run] = await runJobAt(app, tasksJob, local('2026-11-24T10:30').toISOString());
    expect(run!.counts).toMatchObject({ tasksReassigned: 1 });
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    expect(task.assigneeId).toBe(NEW_OWNER);

    app.clock.set(local('2026-11-24T11:30'));
    const confirmation = await contacted(task._id as string, NEW_OWNER, '11:00');
    expect(confirmation).not.toContain('not recorded');
    expect((await ticketDoc(number))!.complaint).toMatchObject({
      contactedAt: local('2026-11-24T11:00'),
      contactedBy: NEW_OWNER,
      contactVia: 'call',
    });

    // A second complaint closed before its contact was recorded (resolved before Resolve asked
    // for the contact): the task is done, the complaint cannot take the contact, and the
    // confirmation says so.
    const closed = await intake(code, 'complaint', '2026-11-24T12:00', 'general', 'Late again');
    await act(app, closed, { action: 'claim' });
    await resolvedUncontacted(app, closed, () =>
      act(app, closed, {
        action: 'resolve',
        summary: 'Parts replaced',
        rootCause: 'delivery',
        correctiveAction: 'Second check at packing',
      }),
    );
    await act(app, closed, { action: 'close' });
    const second = (await app.db.models.tasks
      .findOne({ ticketNumber: closed, kind: 'complaint_contact' })
      .lean())!;
    expect(second.assigneeId).toBe(NEW_OWNER);
    app.clock.set(local('2026-11-24T12:30'));
    const refused = await contacted(second._id as string, NEW_OWNER, '12:20');
    expect(refused).toContain(
      `The contact was not recorded on complaint *${closed}*: it still shows the customer as not contacted.`,
    );
    expect((await ticketDoc(closed))!.complaint!.contactedAt).toBeUndefined();
  });
});

describe("a complaint's contact by someone who may complete its task but not record it", () => {
  test("its approver is refused before anything is saved, told who may record it (the task's executor, the customer's account manager, a manager); in Chinese too", async () => {
    const APPROVER = 'U0APPROVE1';
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const number = await intake(code, 'complaint', '2026-11-24T10:00', 'urgent');
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    // Signed off by someone (stored so by an older version: Edit task offers no approver on a
    // task the desk planned).
    await app.db.models.tasks.updateOne({ _id: task._id }, { $set: { approverId: APPROVER } });
    app.clock.set(local('2026-11-24T10:30'));
    const submit = async () => {
      await app.slack.blockAction(
        { action_id: 'task_done_open', value: task._id as string },
        { userId: APPROVER },
      );
      const res = await app.slack.submitView(
        lastView(),
        {
          type: 'call',
          contacted_date: '2026-11-24',
          contacted_time: '10:20',
          summary: 'Apologised',
        },
        { userId: APPROVER },
      );
      return Object.values((res.body as { errors: Record<string, string> }).errors);
    };
    expect(await submit()).toEqual([
      `Done records the contact on complaint ${number}: only this task's executor, the customer's account manager or a manager may record it. Ask one of them to record it. Nothing was saved.`,
    ]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await submit()).toEqual([
      `完成此任务会在投诉 ${number} 上记录联系：只有该任务的执行人、客户的客户经理或主管可以记录。请他们来记录。未保存任何内容。`,
    ]);
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('open');
    expect((await ticketDoc(number))!.complaint!.contactedAt).toBeUndefined();
  });
});

describe('critical complaints and quiet hours', () => {
  test('a complaint for a named contact: its card (11 details) goes out in two sections, as Slack allows ten', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const { number } = await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'urgent',
      title: 'Wrong parts delivered',
      requester: { contactName: 'Wang Fang', via: 'phone' },
    });
    await app.desk.outbox.drain();
    const card = app.fake
      .postsTo(TRIAGE)
      .find((c) => !c.args.thread_ts && JSON.stringify(c.args.blocks).includes(number));
    expect(card, 'the card was posted').toBeDefined();
    const sections = (card!.args.blocks as { fields?: unknown[] }[]).filter((b) => b.fields);
    expect(sections.map((b) => b.fields!.length)).toEqual([10, 1]);
    expect(JSON.stringify(card!.args.blocks)).toContain('Wang Fang');
  });

  test('a critical complaint pages the escalation channel during quiet hours; a general one waits', async () => {
    await app.setSettings(() => ({
      managers: [MANAGER],
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
    }));
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    // Tuesday 23:00: quiet hours.
    const general = await intake(code, 'complaint', '2026-11-24T23:00', 'general', 'Late reply');
    expect(app.fake.postsTo(ESCALATION)).toEqual([]);
    expect(said(MANAGER)).not.toContain(general);
    const critical = await intake(code, 'complaint', '2026-11-24T23:05', 'critical', 'Fire risk');
    const page = said(ESCALATION);
    expect(page).toContain('Critical complaint');
    expect(page).toContain(critical);
    expect(page).toContain('Fire risk');
    // The managers and the account manager are told now, not in the morning.
    expect(said(MANAGER)).toContain(`New Critical (特急) complaint`);
    expect(said(OWNER)).toContain(`Critical (特急) complaint`);
    // The general one's notices wait for 08:00.
    const held = await app.db.models.outbox
      .find({ key: /complaint:manager/, state: 'pending' })
      .lean();
    expect(held).toHaveLength(1);
    expect(held[0]!.nextAt).toEqual(local('2026-11-25T08:00'));
  });
});

describe('repeat complaints', () => {
  test('a second complaint from one customer within 90 days is flagged on the card and to the managers; after 90 days it is not', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const first = await intake(code, 'complaint', '2026-09-01T10:00', 'general', 'Rude driver');
    await intake(code, 'consultation', '2026-10-01T10:00', undefined, 'Price list');
    const second = await intake(code, 'complaint', '2026-11-24T10:00', 'urgent', 'Wrong parts');
    expect((await ticketDoc(first))!.complaint!.repeatOf).toBeUndefined();
    expect((await ticketDoc(second))!.complaint!.repeatOf).toEqual([first]);
    const flag = `Repeat complaint: 1 other complaint from this customer in 90 days (${first}).`;
    expect(JSON.stringify(currentCard().blocks)).toContain(flag);
    expect(said(MANAGER)).toContain(flag);
    // 2027-03-01 is more than 90 days after both.
    const later = await intake(code, 'complaint', '2027-03-01T10:00', 'general', 'Invoice');
    expect((await ticketDoc(later))!.complaint!.repeatOf).toBeUndefined();
  });
  test('in Chinese, the earlier complaints are listed with 、', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const first = await intake(code, 'complaint', '2026-10-01T10:00', 'general', 'Rude driver');
    const second = await intake(code, 'complaint', '2026-11-02T10:00', 'general', 'Late');
    const third = await intake(code, 'complaint', '2026-11-24T10:00', 'urgent', 'Wrong parts');
    expect((await ticketDoc(third))!.complaint!.repeatOf).toEqual([first, second]);
    const flag = `重复投诉：该客户 90 天内另有 2 次投诉（${first}、${second}）。`;
    expect(JSON.stringify(currentCard().blocks)).toContain(flag);
    expect(said(MANAGER)).toContain(flag);
  });
});

describe('digest complaint figures', () => {
  test('complaint rate per customer served and per 100 tickets, open complaints, missed targets and repeats of a seeded week', async () => {
    // Week 48: Mon 23 - Sun 29 November 2026.
    const a = (await makeCustomer(app, { name: 'Alpha' })).code;
    const b = (await makeCustomer(app, { name: 'Beta' })).code;
    // Alpha: a general complaint Mon 10:00, never contacted (contact due Wed 16:00: missed in
    // the week), and a consultation.
    await intake(a, 'complaint', '2026-11-23T10:00', 'general');
    await intake(a, 'consultation', '2026-11-23T11:00');
    // Beta: a critical complaint Tue 10:00, contacted 10:30 and resolved Wed 10:00 with its root
    // cause (on time); a repeat complaint Thu 10:00 (contact due next Monday: not missed yet),
    // and an after-sales ticket.
    const b1 = await intake(b, 'complaint', '2026-11-24T10:00', 'critical');
    app.clock.set(local('2026-11-24T10:30'));
    await act(app, b1, { action: 'claim' });
    await act(
      app,
      b1,
      { action: 'contact', at: local('2026-11-24T10:30'), via: 'call', summary: 'ok' },
      OWNER,
    );
    app.clock.set(local('2026-11-25T10:00'));
    await act(app, b1, {
      action: 'resolve',
      summary: 'Refund',
      rootCause: 'billing',
      correctiveAction: 'Price check',
    });
    await intake(b, 'complaint', '2026-11-26T10:00', 'general');
    await intake(b, 'after_sales', '2026-11-26T11:00');

    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    const fields: Record<string, string> = {};
    for (const block of post.args.blocks as any[])
      for (const f of block.fields ?? []) {
        const [label, ...rest] = (f.text as string).split('\n');
        fields[label!.replace(/\*/g, '')] = rest.join(' | ');
      }
    expect(fields).toMatchObject({
      Opened: '5 (+5 vs last week)',
      'Complaints opened': '3 (+3 vs last week)',
      // 3 complaints over 2 customers served; 3 of 5 tickets
      'Complaints per customer served': '150.0%',
      'Complaints per 100 tickets': '60',
      // Alpha's and Beta's second are open at the week's end
      'Open complaints': '2 (+2 vs last week)',
      // Alpha's contact target (Wed 16:00) was missed
      'Complaint targets missed': '1 (+1 vs last week)',
      'Repeat complaints (90 days)': '1 (+1 vs last week)',
    });
    const stored = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(stored!.figures).toMatchObject({
      complaints: 3,
      complaintRate: 1.5,
      complaintsPer100: 60,
      openComplaints: 2,
      complaintBreaches: 1,
      repeatComplaints: 1,
    });
  });
});

describe('a missed contact of a complaint resolved before it fell due', () => {
  test("counts in the week it fell due, in the digest's post, and the weeks' missed targets add up to the month's report", async () => {
    app.clock.set(local('2026-10-01T10:00'));
    const a = (await makeCustomer(app, { name: 'Alpha' })).code;
    // A general complaint Thu 22 Oct 17:00 (contact due Tue 27 Oct 14:00, in week 44), resolved
    // on time on Fri 23 Oct (before Resolve asked for the contact); the account manager never
    // calls.
    const n = await intake(a, 'complaint', '2026-10-22T17:00', 'general');
    app.clock.set(local('2026-10-23T10:00'));
    await act(app, n, { action: 'claim' });
    await resolvedUncontacted(app, n, () =>
      act(app, n, {
        action: 'resolve',
        summary: 'Refund',
        rootCause: 'billing',
        correctiveAction: 'Price check',
      }),
    );

    // The digest of week 44 (26 Oct - 1 Nov), posted Monday 2 Nov.
    await runJobAt(app, digestJob, '2026-11-02T01:00:00Z');
    expect(digestFields(app.fake.postsTo(DIGEST).at(-1)!)).toMatchObject({
      'Complaint targets missed': '1 (+1 vs last week)',
    });

    // The weeks of October (week 40 begins Mon 28 Sep, week 44 ends Sun 1 Nov) and its report.
    app.clock.set(local('2026-11-02T10:00'));
    const ctx = await ctxOf(app, SYSTEM_ACTOR);
    const tz = ctx.settings.timeZone;
    const weeks = ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44'];
    const digests = await app.desk.services.digests.figures(
      ctx,
      weeks.map((week) => ({ week, ...periodWindow(week, tz)! })),
    );
    expect(weeks.map((w) => digests.get(w)!.complaintBreaches)).toEqual([0, 0, 0, 0, 1]);
    const october = await app.desk.services.reports.build(ctx, periodWindow('2026-10', tz)!);
    expect(october.overall.complaintBreaches).toBe(1);
  });
});

describe('demand follow-up (manual B)', () => {
  test('a demand gets a 3-working-day plan target, alerted once to the assignee and the managers; Plan and dates records it on the card', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const number = await intake(code, 'demand', '2026-11-24T10:00', undefined, 'Custom export');
    expect((await ticketDoc(number))!.demand).toEqual({
      planDueAt: local('2026-11-27T10:00'),
      planDays: 3,
    });
    expect(cardField(currentCard(), 'Plan and dates')).toBe(`due ${shown('2026-11-27T10:00')}`);
    expect(buttons(currentCard())).toContain('Plan and dates');
    app.clock.set(local('2026-11-24T10:10'));
    await act(app, number, { action: 'claim' });
    // Answered in time (a claim alone no longer stops the response clock), so the ticket stays
    // with its agent rather than escalating before the plan target.
    await respond(app, number);

    await sweepAt('2026-11-27T09:59:00');
    const planLine = 'no plan and dates given by the demand target';
    expect(said(AGENT) + said(MANAGER)).not.toContain(planLine);
    await sweepAt('2026-11-27T10:00:30');
    expect(said(AGENT)).toContain(planLine);
    expect(said(MANAGER)).toContain(planLine);
    await sweepAt('2026-11-27T11:00:00');
    expect(said(AGENT) + said(MANAGER)).not.toContain(planLine);

    // Plan and dates from the card.
    app.clock.set(local('2026-11-27T14:00'));
    await app.slack.blockAction(
      { action_id: 'ticket_plan_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    const view = lastView();
    expect(
      (await app.slack.submitView(view, { plan_summary: 'CSV export module' }, { userId: AGENT }))
        .body,
    ).toEqual({ response_action: 'errors', errors: { plan_dates: 'Required.' } });
    await app.slack.submitView(
      view,
      { plan_summary: 'CSV export module', plan_dates: 'Proposal 12-02, delivery 12-18' },
      { userId: AGENT },
    );
    expect((await ticketDoc(number))!.demand).toMatchObject({
      plannedAt: local('2026-11-27T14:00'),
      plannedBy: AGENT,
      planSummary: 'CSV export module',
      planDates: 'Proposal 12-02, delivery 12-18',
    });
    const card = currentCard();
    expect(cardField(card, 'Plan and dates')).toBe(
      `${shown('2026-11-27T14:00')}: Proposal 12-02, delivery 12-18 · late`,
    );
    expect(buttons(card)).not.toContain('Plan and dates');
    expect(JSON.stringify(card.blocks)).toContain('Plan: CSV export module');
    const replies = app.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts);
    expect(replies.at(-1)!.args.text).toBe(
      `<@${AGENT}> gave the plan and dates: CSV export module · Proposal 12-02, delivery 12-18`,
    );
  });

  test('a plan given in time: no alert', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const number = await intake(code, 'demand', '2026-11-24T10:00');
    app.clock.set(local('2026-11-25T10:00'));
    await act(app, number, { action: 'plan', summary: 'Module', dates: '12-10' });
    await sweepAt('2026-11-27T10:00:30');
    expect(said(AGENT) + said(OWNER) + said(MANAGER)).not.toContain('no plan and dates');
  });
});

describe('complaint targets in /desk settings', () => {
  test('an admin edits the targets per urgency and the demand plan days; the next complaint uses them; a bad value is refused inline', async () => {
    const ADMIN = 'U0ADMIN001';
    await app.setSettings(() => ({ managers: [MANAGER], admins: [ADMIN] }));
    await app.slack.command('/desk', 'settings complaints', { userId: ADMIN });
    const view = lastView();
    expect(view.title.text).toBe('Complaints and demands');
    const initial = (id: string) =>
      view.blocks.find((b: any) => b.block_id === id).element.initial_value;
    expect(
      [
        'complaint_contact_general',
        'complaint_contact_urgent',
        'complaint_contact_critical',
        'complaint_resolution_general',
        'complaint_resolution_urgent',
        'complaint_resolution_critical',
        'demand_plan_days',
      ].map(initial),
    ).toEqual(['24', '4', '1', '72', '48', '24', '3']);
    expect(
      (await app.slack.submitView(view, { complaint_contact_critical: 'soon' }, { userId: ADMIN }))
        .body,
    ).toMatchObject({
      response_action: 'errors',
      errors: { complaint_contact_critical: expect.any(String) },
    });
    const saved = await app.slack.submitView(
      view,
      {
        complaint_contact_critical: '30 min',
        complaint_resolution_critical: '8',
        demand_plan_days: '2',
      },
      { userId: ADMIN },
    );
    expect(saved.body).toBe('');
    const s = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    expect(s.complaints.contactMinutes.critical).toBe(30);
    expect(s.complaints.resolutionMinutes.critical).toBe(8 * 60);
    expect(s.demandPlanDays).toBe(2);
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const number = await intake(code, 'complaint', '2026-11-24T10:00', 'critical');
    expect((await ticketDoc(number))!.complaint).toMatchObject({
      contactDueAt: local('2026-11-24T10:30'),
      resolutionDueAt: local('2026-11-24T18:00'),
    });
    const demand = await intake(code, 'demand', '2026-11-24T10:00');
    expect((await ticketDoc(demand))!.demand!.planDueAt).toEqual(local('2026-11-26T10:00'));
  });

  test.each([
    [
      'en',
      'Longer than the resolution target of an urgent complaint (48 h)',
      'Shorter than the contact target of an urgent complaint (4 h)',
    ],
    ['zh-CN', '比紧急投诉的解决时限（48 小时）还长', '比紧急投诉的联系时限（4 小时）还短'],
  ])(
    'a more urgent complaint given a longer target than a less urgent one is refused on the field changed, nothing saved (%s)',
    async (locale, longer, shorter) => {
      const ADMIN = 'U0ADMIN001';
      await app.setSettings(() => ({ admins: [ADMIN], locale: locale as 'en' | 'zh-CN' }));
      await app.slack.command('/desk', 'settings complaints', { userId: ADMIN });
      const view = lastView();
      // Critical resolved in 60 h, while urgent has 48 h: refused on the critical field.
      const critical = await app.slack.submitView(
        view,
        { complaint_resolution_critical: '60' },
        { userId: ADMIN },
      );
      expect(critical.body).toMatchObject({ response_action: 'errors' });
      expect(Object.keys(critical.body.errors)).toEqual(['complaint_resolution_critical']);
      expect(critical.body.errors.complaint_resolution_critical).toContain(longer);
      // Only general's contact changed, to 2 h under urgent's 4 h: refused there.
      const general = await app.slack.submitView(
        view,
        { complaint_contact_general: '2' },
        { userId: ADMIN },
      );
      expect(Object.keys(general.body.errors)).toEqual(['complaint_contact_general']);
      expect(general.body.errors.complaint_contact_general).toContain(shorter);
      const s = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
      expect(s.complaints.resolutionMinutes.critical).toBe(24 * 60);
      expect(s.complaints.contactMinutes.general).toBe(24 * 60);
    },
  );
});
