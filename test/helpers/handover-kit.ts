// The `/desk handover` tests' people and steps (test/e2e/handover.test.ts and, for the hand-overs
// over hundreds of records, test/fault/handover-volume.test.ts): a leaver's work made through the
// desk (or copied in one write), the hand-over submitted through its modal or cut short, what the
// manager and the receiver were sent.
import { expect, vi } from 'vitest';
import { HANDOVER_MAX } from '../../src/workspace/types.js';
import { useTestApp, type TestApp } from './app.js';
import { submitLastModal } from './clicks.js';
import { act, makeCustomer, makeTicket } from './factories.js';

export const TRIAGE = 'C0TRIAGE01';
export const ADMIN = 'U0ADMIN001';
export const MANAGER = 'U0MANAGER1';
export const AGENT = 'U0AGENT001';
export const LEAVER = 'U0LEAVER01';
export const RECEIVER = 'U0RECEIVE1';
export const OWNER = 'U0OWNER001';
export const OWNER2 = 'U0OWNER002';

export type View = Record<string, any>;

/** The file's test app, on Tuesday 2026-11-24 10:00 in Shanghai. */
export function useHandoverApp(): TestApp {
  return useTestApp({
    env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
    now: '2026-11-24T02:00:00Z',
  });
}

/** The steps on `app`: the modals drawn, the outbox delivered, the leaver's work, the hand-over. */
export function handoverKit(app: TestApp) {
  const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
  /** The modal as last drawn (opened, then filled by views.update). */
  const lastModal = () =>
    app.fake.calls.filter((c) => ['views.open', 'views.update'].includes(c.method)).at(-1)!.args
      .view as View;
  const deliverAll = async () => {
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
  };

  /** A task planned with `/task new` by OWNER. */
  async function planTask(code: string, executor: string, approver?: string, content = 'Visit') {
    await app.slack.command('/task', 'new', { userId: OWNER });
    await submitLastModal(
      app,
      {
        customer: code,
        kind: 'visit',
        executor,
        ...(approver ? { approver } : {}),
        due: '2026-11-27',
        content,
      },
      OWNER,
    );
  }

  /** The leaver's work: 3 open tickets (one at L2, one waiting), 1 resolved, 2 tasks, 1 customer of theirs. */
  async function leaversWork() {
    await app.setSettings(() => ({
      managers: [MANAGER],
      agents: [AGENT, RECEIVER],
      experts: [{ userId: LEAVER, skills: [] }],
      accountManagers: [OWNER],
    }));
    const theirs = await makeCustomer(app, { name: 'Leaver Works', ownerId: LEAVER });
    const other = await makeCustomer(app, { name: 'Huadong Machinery' });
    const l1 = await makeTicket(app, { customerCode: other.code, title: 'Spindle error' });
    await act(app, l1.number, { action: 'reassign', to: LEAVER }, MANAGER);
    const l2 = await makeTicket(app, { customerCode: other.code, title: 'Billing export' });
    await act(app, l2.number, { action: 'claim' }, AGENT);
    await act(
      app,
      l2.number,
      { action: 'escalate', reason: 'Needs the expert', expertId: LEAVER },
      AGENT,
    );
    // One waiting on its customer: handed over, it stays waiting.
    const waiting = await makeTicket(app, { customerCode: other.code, title: 'Label printer' });
    await act(app, waiting.number, { action: 'reassign', to: LEAVER }, MANAGER);
    await act(app, waiting.number, { action: 'wait', question: 'Which model?' }, LEAVER);
    const done = await makeTicket(app, { customerCode: other.code, title: 'Old question' });
    await act(app, done.number, { action: 'reassign', to: LEAVER }, MANAGER);
    await act(app, done.number, { action: 'resolve', summary: 'Answered' }, LEAVER);
    await planTask(other.code, LEAVER, undefined, 'Visit the plant');
    await planTask(other.code, AGENT, LEAVER, 'Call about the price list');
    await deliverAll();
    app.fake.reset();
    return { theirs, l1, l2, waiting, done };
  }

  async function handOver(userId: string, form: Record<string, string>, view?: View) {
    if (!view) {
      await app.slack.command('/desk', 'handover', { userId });
      view = lastOpened();
    }
    return app.slack.submitView(view, form, { userId });
  }

  const everything = { from: LEAVER, to: RECEIVER, what: 'tickets,tasks,customers' };

  /** The manager's DMs (the summary, through the outbox; a cut-short line). */
  const managerDms = () =>
    app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === MANAGER);

  /** The leaver, an account manager: their customer with an upgrade intent (a task for its
   * owner, the leaver), and a visit OWNER planned by hand for the leaver at another customer. */
  async function accountManagersWork() {
    await app.setSettings(() => ({
      managers: [MANAGER],
      agents: [AGENT, RECEIVER],
      accountManagers: [OWNER, OWNER2, LEAVER],
    }));
    const theirs = await makeCustomer(app, { name: 'Leaver Works', ownerId: LEAVER });
    const other = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.slack.blockAction(
      { action_id: 'customer_interaction_open', value: theirs.code, block_id: 'customer_actions' },
      { userId: AGENT },
    );
    const logged = await app.slack.submitView(
      lastModal(),
      {
        type: 'call',
        summary: 'Asked about scanners',
        upgrade_intent: 'yes',
        upgrade_what: '20 more scanners',
      },
      { userId: AGENT },
    );
    expect(logged.body).toBe('');
    await planTask(other.code, LEAVER, undefined, 'Visit the plant');
    await deliverAll();
    app.fake.reset();
    const upgrade = await app.db.models.tasks.findOne({ kind: 'upgrade' }).lean();
    expect(upgrade!.assigneeId).toBe(LEAVER);
    return { theirs };
  }

  const summaryOf = () =>
    managerDms()
      .map((c) => String(c.args.text))
      .filter((t) => t.startsWith('Hand-over'))
      .at(-1)!;
  /** The manager's last summary as posted: its fallback text and its blocks. */
  const lastSummaryPosted = <Block = unknown>() =>
    managerDms()
      .filter((c) => String(c.args.text).startsWith('Hand-over'))
      .at(-1)!.args as { text: string; blocks: Block[] };
  /**
   * The manager's last summary as posted, expected to open "Hand-over from LEAVER to RECEIVER:"
   * and then `counts` (as a regular expression's text).
   */
  function lastSummaryOpening<Block = unknown>(counts: string) {
    const posted = lastSummaryPosted<Block>();
    expect(posted.text).toMatch(
      new RegExp(`^Hand-over from <@${LEAVER}> to <@${RECEIVER}>: ${counts}`),
    );
    return posted;
  }
  /** The manager's cut-short lines (a held summary gone out). */
  const cutShortLines = () =>
    managerDms()
      .map((c) => String(c.args.text))
      .filter((t) => t.startsWith(':warning:'));
  const assigneeOf = async (query: Record<string, unknown>) =>
    (await app.db.models.tasks.findOne(query).lean())!.assigneeId;

  /**
   * The hand-over flow's runs cut short (the instance stops after the moves, before it tells
   * anyone): each throws once done. The spy, to restore.
   */
  function stopAfterRun() {
    const flows = app.desk.flows.handover;
    const run = flows.run.bind(flows);
    return vi.spyOn(flows, 'run').mockImplementation(async (...args) => {
      await run(...args);
      throw new Error('instance stopped');
    });
  }

  /** Reassign failing (Slack) on the tickets `fails` picks by number. The spy, to restore. */
  function failReassign(fails: (number: string) => boolean) {
    const ticketFlows = app.desk.flows.tickets;
    const reassign = ticketFlows.act.bind(ticketFlows);
    return vi.spyOn(ticketFlows, 'act').mockImplementation(async (ctx, number, ...rest) => {
      if (fails(number)) throw new Error('Slack failed');
      return reassign(ctx, number, ...rest);
    });
  }

  /**
   * `form` handed over by MANAGER, the run cut short (`stopAfterRun`), Reassign failing on the
   * tickets `fails` picks (none without it): the submission still answers at once.
   */
  async function handOverCutShort(
    form: Record<string, string>,
    fails?: (number: string) => boolean,
  ) {
    const failing = fails && failReassign(fails);
    const stopped = stopAfterRun();
    try {
      expect((await handOver(MANAGER, form)).body).toBe('');
    } finally {
      stopped.mockRestore();
      failing?.mockRestore();
    }
  }

  const dmsTo = (user: string) =>
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === user)
      .map((c) => String(c.args.text));

  /** `count` more customers of `ownerId`, copies of `like` whose codes sort before it (one write). */
  async function moreCustomersOf(like: string, count: number) {
    const doc = (await app.db.models.customers.findOne({ code: like }).lean())! as Record<
      string,
      any
    >;
    const n = (i: number) => String(i).padStart(4, '0');
    await app.db.models.customers.collection.insertMany(
      Array.from({ length: count }, (_, i) => {
        const { _id, namesOwed, ...rest } = doc;
        void _id;
        void namesOwed;
        return {
          ...rest,
          code: `C1000${n(i)}`,
          name: `Leaver Works ${n(i)}`,
          nameKey: `leaver works ${n(i)}`,
        };
      }),
    );
  }

  /**
   * The leaver's work as accountManagersWork leaves it, with 501 more owner's tasks of their
   * customer due before the visit: the tasks part never moves them (they go with the customer), and
   * a read by due date finds them first (one write).
   */
  async function visitBehindOwnersTasks(copies = HANDOVER_MAX + 1) {
    const { theirs } = await accountManagersWork();
    const doc = (await app.db.models.tasks.findOne({ kind: 'upgrade' }).lean())! as Record<
      string,
      any
    >;
    await app.db.models.tasks.collection.insertMany(
      Array.from({ length: copies }, (_, i) => ({
        ...doc,
        _id: `${doc._id}:copy${i}`,
        dueDate: '2026-11-25',
      })) as any[],
    );
    app.fake.reset();
    return { theirs };
  }

  return {
    lastOpened,
    lastModal,
    deliverAll,
    planTask,
    leaversWork,
    handOver,
    everything,
    managerDms,
    accountManagersWork,
    summaryOf,
    lastSummaryPosted,
    lastSummaryOpening,
    cutShortLines,
    assigneeOf,
    stopAfterRun,
    failReassign,
    handOverCutShort,
    dmsTo,
    moreCustomersOf,
    visitBehindOwnersTasks,
  };
}
