// New task's acks as production sends them (processBeforeResponse: false, the default budget of
// 0 ms): once what was typed passed its checks the modal is acked with its "Saving…" view, and its
// save waits for the acks of the requests still unanswered (beforeSave, src/slack/ack-first.ts),
// as every other submission's does. It used to start saving at once, ahead of their acks.
import { describe, expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

describe('New task, acked at once', () => {
  const app = useTestApp({ ackAtOnce: true, submitAckBudgetMs: 0 });
  /** On the open desk a person the roles name nowhere, not yet asked about (nothing remembered). */
  const NEWCOMER = 'U0NEWCOME1';

  /** `/task new` by OWNER, submitted for `code`: Slack's answer (the ack). */
  async function newTask(code: string, viewId: string) {
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command('/task', 'new', { userId: OWNER });
    await app.fake.callArrives(() => app.fake.callsTo('views.open').length > opened);
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    return app.slack.submitView(
      { ...view, id: viewId },
      { customer: code, kind: 'call', due: '2026-11-25', content: 'Call them' },
      { userId: OWNER },
    );
  }

  test('is acked with its saving view, and saves only once a request still unanswered was answered', async () => {
    const { code } = await makeCustomer(app);
    // A first one: Slack's answers about the people picked are remembered (no wait next time).
    await newTask(code, 'V0ACKNEW01');
    await vi.waitFor(
      async () =>
        expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1),
      { timeout: 15_000 },
    );

    // A newcomer's command waits for Slack's answer about them: unanswered until it comes.
    const held = app.fake.holdNext('users.info');
    const waiting = app.slack.command('/task', 'mine', { userId: NEWCOMER });
    await held.arrived;
    let answered = false;
    const saves: boolean[] = [];
    const flows = app.desk.flows.tasks;
    const createManual = flows.createManual.bind(flows);
    const spy = vi.spyOn(flows, 'createManual').mockImplementation((...args) => {
      saves.push(answered);
      return createManual(...args);
    });
    try {
      const res = await newTask(code, 'V0ACKNEW02');
      expect((res.body as { response_action?: string }).response_action).toBe('push');
      answered = true;
      held.release();
      await waiting;
      await vi.waitFor(
        async () =>
          expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(2),
        { timeout: 15_000 },
      );
      // The save began after the newcomer's request was answered, not ahead of it.
      expect(saves).toEqual([true]);
    } finally {
      spy.mockRestore();
    }
  });

  test('a listener still working after its ack is in flight until it ends: what each test waits for before the next begins', async () => {
    const held = app.fake.holdNext('users.info');
    const waiting = app.slack.command('/task', 'mine', { userId: NEWCOMER });
    await held.arrived;
    expect(await app.desk.settled(0)).toBe(false);
    held.release();
    await waiting;
    expect(await app.desk.settled(2_000)).toBe(true);
  });
});
