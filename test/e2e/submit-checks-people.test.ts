// The other submissions that ask Slack's users.info who was picked (Log interaction's next-step
// approver, `/desk handover`'s receiver, Edit customer's owner, `/desk roles`), acked as
// production acks (processBeforeResponse: false, the default budget of 0 ms): a bot picked for
// the first time (its users.info a wait of the check) is refused on its field in the ack, not on
// a "Not saved ... Press Back" view pushed at the first wait, and nothing is saved; New customer
// refuses a bot owner in the ack too, asked of Slack or remembered (src/slack/boundary.ts
// `checked`; submit-checks-first.test.ts has New task's and ticket create's).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const LEAVER = 'U0LEAVER01';

const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  ackAtOnce: true,
  submitAckBudgetMs: 0,
});

type View = Record<string, any>;

/** A bot Slack has not been asked about yet (nothing remembered of it). */
function newBot(id: string, name = 'Robo Helper'): string {
  app.fake.users.set(id, { id, real_name: name, is_bot: true });
  return id;
}

/**
 * The modal `open` draws (acked at once: its views.open, or the views.update that fills a modal
 * opened loading, comes after the answer).
 */
async function modalOf(open: () => Promise<unknown>, filled: boolean): Promise<View> {
  const method = filled ? 'views.update' : 'views.open';
  const before = app.fake.callsTo(method).length;
  await open();
  await app.fake.callArrives(
    (c) => c.method === method && app.fake.callsTo(method).length > before,
  );
  return app.fake.callsTo(method).at(-1)!.args.view as View;
}

/** Log interaction opened by OWNER on customer `code`'s card: its modal, filled. */
const logInteractionModal = (code: string) =>
  modalOf(
    () =>
      app.slack.blockAction(
        { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
        { userId: OWNER },
      ),
    true,
  );

/**
 * What {@link submit} gives when the submission is refused on `field` with `error` in the ack,
 * after one users.info (a bot picked for the first time), nothing drawn over it.
 */
const refusedAfterOneAsk = (field: string, error: string) => ({
  body: { response_action: 'errors', errors: { [field]: error } },
  asked: 1,
  updates: 0,
});

/** Submits `view` as modal `id`; what Slack was answered, and whether anything drew over it. */
async function submit(view: View, id: string, form: Record<string, string>, userId: string) {
  const asked = app.fake.callsTo('users.info').length;
  const updates = app.fake.callsTo('views.update').length;
  const res = await app.slack.submitView({ ...view, id }, form, { userId });
  return {
    body: res.body,
    asked: app.fake.callsTo('users.info').length - asked,
    updates: app.fake.callsTo('views.update').length - updates,
  };
}

test('Log interaction: a bot picked as the next step’s approver, and an approver without a date, refused on their fields in the ack', async () => {
  const { code } = await makeCustomer(app);
  const modal = await logInteractionModal(code);
  const form = { type: 'call', summary: 'Discussed the renewal', next_step: 'Send the quote' };

  const bot = await submit(
    modal,
    'V0PEOPLE01',
    { ...form, next_step_date: '2026-11-27', next_step_approver: newBot('U0NEWBOT11') },
    OWNER,
  );
  expect(bot).toEqual(
    refusedAfterOneAsk(
      'next_step_approver',
      'Robo Helper is a bot: pick a person of the workspace.',
    ),
  );

  // The approver's own checks come first, without asking Slack about them.
  const undated = await submit(
    modal,
    'V0PEOPLE02',
    { ...form, next_step_approver: 'U0NEWPERS1' },
    OWNER,
  );
  expect(undated).toEqual({
    body: {
      response_action: 'errors',
      errors: {
        next_step_date:
          'Pick a date: only a next step with a date becomes a task someone signs off.',
      },
    },
    asked: 0,
    updates: 0,
  });
  expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
});

test('Log interaction: someone who may not log one refused before the approver they picked is looked up; nothing logged', async () => {
  const OUTSIDER = 'U0OUTSIDE1';
  await app.setSettings(() => ({ accountManagers: [OWNER], openDesk: false }));
  const { code } = await makeCustomer(app);
  const modal = await logInteractionModal(code);
  const approver = newBot('U0NEWBOT15');
  const askedOf = (user: string) =>
    app.fake.callsTo('users.info').filter((c) => c.args.user === user).length;

  const res = await submit(
    modal,
    'V0PEOPLE03',
    {
      type: 'call',
      summary: 'Discussed the renewal',
      next_step: 'Send the quote',
      next_step_date: '2026-11-27',
      next_step_approver: approver,
    },
    OUTSIDER,
  );
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: { type: expect.stringContaining('can log interactions with this customer.') },
  });
  expect(res.updates).toBe(0);
  expect(askedOf(approver)).toBe(0);
  expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
});

test('/desk handover: a bot picked as the receiver, and nothing to move, refused on their fields in the ack', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const theirs = await makeCustomer(app, { name: 'Leaver Works', ownerId: LEAVER });
  const modal = await modalOf(
    () => app.slack.command('/desk', 'handover', { userId: MANAGER }),
    false,
  );

  const bot = await submit(
    modal,
    'V0PEOPLE11',
    { from: LEAVER, to: newBot('U0NEWBOT12'), what: 'tickets,tasks,customers' },
    MANAGER,
  );
  expect(bot).toEqual(
    refusedAfterOneAsk('to', 'Robo Helper is a bot: pick a person of the workspace.'),
  );

  // A receiver asked of Slack for the first time, then the database read of what is held.
  const nothing = await submit(
    modal,
    'V0PEOPLE12',
    { from: LEAVER, to: 'U0NEWRECV1', what: 'tickets' },
    MANAGER,
  );
  expect(nothing.body).toMatchObject({
    response_action: 'errors',
    errors: { what: expect.any(String) },
  });
  expect(nothing).toMatchObject({ asked: 1, updates: 0 });
  const kept = await app.db.models.customers
    .findOne({ teamId: FAKE_TEAM_ID, code: theirs.code })
    .lean();
  expect(kept!.ownerId).toBe(LEAVER);
});

test('Edit customer: a bot picked as the owner refused on the owner field in the ack', async () => {
  const { code } = await makeCustomer(app);
  const modal = await modalOf(
    () =>
      app.slack.blockAction(
        { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
        { userId: OWNER },
      ),
    true,
  );

  const res = await submit(
    modal,
    'V0PEOPLE21',
    { owner: newBot('U0NEWBOT13'), industry: 'Heavy machinery' },
    OWNER,
  );
  expect(res).toEqual(
    refusedAfterOneAsk('owner', 'Robo Helper is a bot: pick a person to own this customer.'),
  );
  const kept = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(kept).toMatchObject({ ownerId: OWNER, industry: 'Manufacturing' });
});

test('/desk roles: a bot given a role refused on its list in the ack', async () => {
  const modal = await modalOf(() => app.slack.command('/desk', 'roles', { userId: ADMIN }), false);

  const res = await submit(modal, 'V0PEOPLE31', { agents: newBot('U0NEWBOT14') }, ADMIN);
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: { agents: 'Bots cannot hold a desk role: Robo Helper. Remove them from this list.' },
  });
  expect(res).toMatchObject({ updates: 0 });
  expect(res.asked).toBeGreaterThanOrEqual(1);
  const settings = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
  expect(settings.agents).toEqual([]);
});

test('New customer: a bot owner refused on the owner field in the ack, asked of Slack or remembered', async () => {
  const valid = {
    name: 'Shanghai Huadong Machinery',
    industry: 'Manufacturing',
    source: 'referral',
    first_contact: '2026-11-20',
    contact_name: 'Zhang Wei',
    contact_title: 'Buyer',
  };
  const refused = {
    response_action: 'errors',
    errors: { owner: 'Robo Helper is a bot: pick a person to own this customer.' },
  };
  const BOT = newBot('U0NEWBOT15');
  const open = () => modalOf(() => app.slack.command('/customer', 'new', { userId: OWNER }), false);

  const first = await submit(await open(), 'V0PEOPLE41', { ...valid, owner: BOT }, OWNER);
  expect(first).toEqual({ body: refused, asked: 1, updates: 0 });
  // Remembered: no wait at all before the save, and still refused in the ack.
  const again = await submit(await open(), 'V0PEOPLE42', { ...valid, owner: BOT }, OWNER);
  expect(again).toEqual({ body: refused, asked: 0, updates: 0 });
  expect(await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
});
