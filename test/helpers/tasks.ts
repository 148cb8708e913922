// The steps the task tests share, through the real Bolt stack (signed requests, the fake Slack):
// a task planned with `/task new`, its due date moved with Change due date, the outbox delivered.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { addDaysToDate } from '../../src/time.js';
import type { TicketInput } from '../../src/ticket/types.js';
import { submitLastModal } from './clicks.js';
import { AGENT, ctxOf, makeCustomer, makeTicket } from './factories.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

/** How `openTasksOf` makes its tasks; each left out, as said. */
export interface OpenTasksOptions {
  /** Their kind: care calls when left out. */
  kind?: 'call' | 'visit';
  /** Who signs them off (none when left out); the tasks are made by them then. */
  approverId?: string;
  /** Their customer's name: 'Pages Co' when left out. */
  customer?: string;
  /** The first task's number: 1 when left out. */
  from?: number;
  /** The tasks' numbers in the order they are made: from the first on when left out. */
  order?: number[];
  /** Task N's submission id (its id is `<team>:manual:<that>`): `row-N` when left out. */
  submissionId?: (n: number) => string;
}

/**
 * `count` open care-call tasks of `assignee`'s, of a customer 'Pages Co' made for them, made by
 * them: task N (`Task 01`, `Task 02`…) due N days after 2026-11-24 (`options` says otherwise).
 * Says the customer's code and the context the tasks were made in.
 */
export async function openTasksOf(
  app: TestApp,
  assignee: string,
  count: number,
  options: OpenTasksOptions = {},
) {
  const code = (await makeCustomer(app, { name: options.customer ?? 'Pages Co' })).code;
  const ctx = await ctxOf(app, options.approverId ?? assignee);
  const from = options.from ?? 1;
  const order = options.order ?? Array.from({ length: count }, (_, i) => from + i);
  for (const n of order)
    await app.desk.services.tasks.createManual(ctx, {
      customerCode: code,
      kind: options.kind ?? 'call',
      assigneeId: assignee,
      ...(options.approverId ? { approverId: options.approverId } : {}),
      dueDate: addDaysToDate('2026-11-24', n),
      content: `Task ${String(n).padStart(2, '0')}`,
      submissionId: options.submissionId?.(n) ?? `row-${n}`,
    });
  return { code, ctx };
}

/**
 * An active key customer (monthly care contacts) made with `fields`, its last contact `at` (an
 * ISO instant): the daily run plans its care contact one cadence after that.
 */
export async function keyCustomerLastContacted(
  app: TestApp,
  at: string,
  fields: Parameters<typeof makeCustomer>[1] = {},
) {
  const customer = await makeCustomer(app, {
    annualRevenue: 600_000,
    lifecycle: 'active',
    ...fields,
  });
  await app.db.models.customers.updateOne(
    { _id: customer.id },
    { $set: { lastInteractionAt: new Date(at) } },
  );
  return customer;
}

/**
 * An after-sales ticket of customer `code` (of `severity`: general when left out), claimed and
 * resolved by AGENT on its card in `channelId`: its 3-7-30 follow-ups planned. Says its number.
 */
export async function resolvedTicketOf(
  app: TestApp,
  code: string,
  channelId: string,
  severity?: TicketInput['severity'],
): Promise<string> {
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'after_sales',
    ...(severity ? { severity } : {}),
  });
  for (const actionId of ['ticket_claim', 'ticket_resolve_open'])
    await app.slack.blockAction(
      { action_id: actionId, value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId },
    );
  await submitLastModal(app, { resolution: 'Replaced encoder' }, AGENT);
  return number;
}

/** The task steps on `app`. */
export function taskSteps(app: TestApp) {
  /** The view the app last opened. */
  const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;

  /** What the desk wrote to the outbox, delivered: the clock 10 s on, the outbox drained. */
  async function deliverAll(): Promise<void> {
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
  }

  /**
   * `/task new` by `userId`, its modal submitted with `form`, as the view `viewId` when named
   * (Slack sends a retried submission with the same id): the modal and Slack's answer.
   */
  async function newTask(userId: string, form: Record<string, string | null>, viewId?: string) {
    await app.slack.command('/task', 'new', { userId });
    const modal = lastOpened();
    const res = await app.slack.submitView(viewId ? { ...modal, id: viewId } : modal, form, {
      userId,
    });
    return { modal, res };
  }

  /** The id of the workspace's first task (a test's only one). */
  async function firstTaskId(): Promise<string> {
    return String((await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!._id);
  }

  /** Change due date on task `id` by `userId`, saved with `due` (nothing refused); delivered. */
  async function moveDue(id: string, userId: string, due: string): Promise<void> {
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId });
    const res = await app.slack.submitView(lastOpened(), { due }, { userId });
    expect(res.body).toBe('');
    await deliverAll();
  }

  return { deliverAll, newTask, firstTaskId, moveDue };
}

/**
 * Three tickets of one customer resolved the same day (filed in `channel`): T1's guide and
 * check-in name T2, T3 (one open per customer). Its code, the numbers, its open guides/check-ins
 * read back, and the two tasks' due days.
 */
export async function threeResolved(app: TestApp, channel: string) {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000, lifecycle: 'active' });
  const numbers: string[] = [];
  for (let i = 0; i < 3; i++) numbers.push(await resolvedTicketOf(app, code, channel, 'important'));
  const open = async (kind: 'guide' | 'checkin') =>
    (await app.db.models.tasks.find({ customerCode: code, kind, status: 'open' }).lean()).map(
      (t) => ({ ticket: t.ticketNumber, also: t.alsoTickets ?? [], due: t.dueDate }),
    );
  const guide = await open('guide');
  const checkin = await open('checkin');
  expect(guide.map((t) => [t.ticket, t.also])).toEqual([[numbers[0], numbers.slice(1)]]);
  expect(checkin.map((t) => [t.ticket, t.also])).toEqual([[numbers[0], numbers.slice(1)]]);
  return { code, numbers, open, due: { guide: guide[0]!.due, checkin: checkin[0]!.due } };
}
