// The `/desk handover` tests' people and steps (test/e2e/handover.test.ts and, for the hand-over
// naming 30 records it did not move, test/fault/handover-volume.test.ts): a leaver's work made
// through the desk, the hand-over submitted through its modal, what the manager was sent.
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

  return {
    lastOpened,
    lastModal,
    deliverAll,
    planTask,
    leaversWork,
    handOver,
    everything,
    managerDms,
  };
}
