// A submission whose checks of what was typed wait (Slack's users.info about a person picked for
// the first time, a database read), acked as production acks (processBeforeResponse: false, the
// default budget of 0 ms): it is acked when its checks passed (`beforeSave`), not at its first
// wait, so that a refusal comes back on its field in the ack; a check that outlasts the checks'
// deadline still gets the "Saving…" view within Slack's 3 s, and the save then waits for the
// acks of the other requests all the same (src/slack/boundary.ts `checked`).
import { describe, expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

type View = Record<string, unknown> & { blocks: { text?: { text: string } }[] };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a check that waits, within the deadline', () => {
  const app = useTestApp({ ackAtOnce: true, submitAckBudgetMs: 0 });

  test('a bot picked for the first time on New task is refused on its field in the ack', async () => {
    const { code } = await makeCustomer(app);
    // Never asked of Slack before: its users.info is a wait of the check.
    const BOT = 'U0NEWBOT01';
    const GONE = 'U0NEWGONE1';
    app.fake.users.set(BOT, { id: BOT, real_name: 'Robo Helper', is_bot: true });
    app.fake.users.set(GONE, { id: GONE, real_name: 'Wang Fang', deleted: true });
    await app.slack.command('/task', 'new', { userId: OWNER });
    await app.fake.callArrives((c) => c.method === 'views.open');
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as View;
    const form = { customer: code, kind: 'call', due: '2026-11-25', content: 'Call them' };
    const asked = app.fake.callsTo('users.info').length;

    const res = await app.slack.submitView(
      { ...modal, id: 'V0CHECKS01' },
      { ...form, executor: BOT, helper: GONE },
      { userId: OWNER },
    );

    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        executor: 'Robo Helper is a bot: pick a person of the workspace.',
        helper: 'The account of Wang Fang is deactivated: pick someone else.',
      },
    });
    // Both asked of Slack before the ack; no saving view pushed, nothing to finish, nothing saved.
    expect(app.fake.callsTo('users.info').length).toBe(asked + 2);
    expect(app.fake.callsTo('views.update')).toHaveLength(0);
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  });
});

describe('a check that outlasts the deadline', () => {
  const DEADLINE_MS = 50;
  const app = useTestApp({
    ackAtOnce: true,
    submitAckBudgetMs: 0,
    submitChecksDeadlineMs: DEADLINE_MS,
  });
  /** On the open desk a person the roles name nowhere, not yet asked about (nothing remembered). */
  const NEWCOMER = 'U0NEWCOME1';

  test('is acked with its saving view at the deadline, and its save still waits for the other acks', async () => {
    const customer = (await makeCustomer(app)).code;
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    await app.fake.callArrives((c) => c.method === 'views.open');
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as View;

    // A check of the ticket's (a database read) held until the test lets it go.
    const flows = app.desk.flows.tickets;
    const check = flows.assertRequesterNotErased.bind(flows);
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let checked!: () => void;
    const checkDone = new Promise<void>((resolve) => (checked = resolve));
    const checkSpy = vi
      .spyOn(flows, 'assertRequesterNotErased')
      .mockImplementation(async (...args) => {
        await gate;
        try {
          return await check(...args);
        } finally {
          checked();
        }
      });
    let answered = false;
    const saves: boolean[] = [];
    const create = flows.create.bind(flows);
    const createSpy = vi.spyOn(flows, 'create').mockImplementation((...args) => {
      saves.push(answered);
      return create(...args);
    });
    try {
      const res = await app.slack.submitView(
        { ...view, id: 'V0CHECKS02' },
        { customer, severity: 'urgent', type: 'after_sales', description: 'E42' },
        { userId: AGENT },
      );
      // Answered while its check is still held: the deadline acked it, with its saving view.
      const body = res.body as { response_action: string; view: View & { external_id: string } };
      expect(body.response_action).toBe('push');
      expect(JSON.stringify(body.view)).toContain('Saving… this takes a moment');
      expect(saves).toEqual([]);

      // A newcomer's command waits for Slack's answer about them: unanswered until it comes.
      const held = app.fake.holdNext('users.info');
      const waiting = app.slack.command('/task', 'mine', { userId: NEWCOMER });
      await held.arrived;
      letGo();
      await checkDone;
      await turn();
      answered = true;
      held.release();
      await waiting;
      await vi.waitFor(
        async () =>
          expect(await app.db.models.tickets.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1),
        { timeout: 15_000 },
      );
      // The save began after the newcomer's request was answered, not at once after the check.
      expect(saves).toEqual([true]);
      const updated = () =>
        app.fake
          .callsTo('views.update')
          .filter((c) => c.args.external_id === body.view.external_id);
      await app.fake.callArrives(() => updated().length > 0);
      expect(updated()).toHaveLength(1);
      const saved = app.fake
        .callsTo('views.update')
        .find((c) => c.args.external_id === body.view.external_id)!.args.view as View;
      expect(saved.blocks[0]!.text!.text).toBe(
        'Saved as ticket T20260001. You can close this window.',
      );
    } finally {
      checkSpy.mockRestore();
      createSpy.mockRestore();
    }
  });
});
