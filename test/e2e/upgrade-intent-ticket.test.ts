// Upgrade intent heard on a ticket: its Resolve modal has Log interaction's optional "Upgrade
// intent" tick and "What they want"; resolving with them hands the intent to the customer's
// owner as Log interaction does (the file, one open task at a time, the managers for an owner
// without a desk role), and a hand-off a crash left undone is made by the outbox job.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { act, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { refusedHalfIntent } from '../helpers/setups-9-upgrades.js';
import { AGENT, FORMER, MANAGER, SALES, upgradeSteps } from '../helpers/upgrades.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

type View = {
  blocks: { block_id?: string; optional?: boolean; element?: Record<string, any> }[];
} & Record<string, unknown>;
const lastModal = () => steps.lastModal() as View;
const steps = upgradeSteps(app);
const { deliverAll, upgradeTasks, card, roles } = steps;
const status = async (number: string) =>
  (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!.status;
const taskDms = (to: string) =>
  app.fake.postsTo(to).filter((p) => String(p.args.text).includes('*Upgrade intent: contact*'));
/** The resolver's confirmations of an intent's hand-off. */
const confirmations = (to: string) =>
  app.fake
    .postsTo(to)
    .map((p) => String(p.args.text))
    .filter((text) => text.startsWith('You resolved'));

/** A ticket of the customer, claimed by AGENT, whose Resolve modal AGENT opens. */
async function resolveModalOf(code: string): Promise<{ number: string; modal: View }> {
  const { number } = await makeTicket(app, { customerCode: code }, AGENT);
  await act(app, number, { action: 'claim' }, AGENT);
  await app.slack.blockAction(
    { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT },
  );
  return { number, modal: lastModal() };
}

describe('upgrade intent heard on a ticket', () => {
  test("resolved with the tick and what they want: the file, one task and one DM for the owner; refused inline without either; a second ticket's intent while the task is open plans none", async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
    const { number, modal } = await resolveModalOf(code);
    expect(modal.blocks.find((b) => b.block_id === 'upgrade_intent')).toMatchObject({
      optional: true,
      element: { type: 'checkboxes' },
    });
    expect(modal.blocks.find((b) => b.block_id === 'upgrade_what')).toMatchObject({
      optional: true,
    });
    // What without the tick, the tick without what: said on the field, the ticket still open.
    await refusedHalfIntent(app, modal, { resolution: 'Firmware updated.' });
    expect(await status(number)).toBe('assigned');
    expect(await upgradeTasks()).toEqual([]);

    const res = await app.slack.submitView(
      modal,
      {
        resolution: 'Firmware updated.',
        upgrade_intent: 'yes',
        upgrade_what: '20 more seats <!channel>',
      },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    expect(await status(number)).toBe('resolved');
    const tasks = await upgradeTasks();
    expect(tasks).toHaveLength(1);
    // Due 2 working days on (the default): Thursday.
    expect(tasks[0]).toMatchObject({
      assigneeId: SALES,
      dueDate: '2026-11-26',
      status: 'open',
      content: '20 more seats <!channel>',
    });
    await deliverAll();
    expect(taskDms(SALES)).toHaveLength(1);
    // The resolver is told whom it went to, once, as Log interaction's confirmation says.
    const told = confirmations(AGENT);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(number);
    expect(told[0]).toContain(
      `for Huadong Machinery: its upgrade intent is handed to <@${SALES}>, a task due 2026-11-26.`,
    );
    for (const dm of app.fake.postsTo(SALES))
      expect(JSON.stringify(dm.args)).not.toContain('<!channel>');
    expect(await card(code)).toContain(
      `Upgrade intent: “20 more seats &lt;!channel&gt;”, heard by <@${AGENT}>`,
    );

    // Another ticket of the customer resolved with an intent while the task is open: the file
    // says the new one, no second task nor DM.
    app.fake.reset();
    const second = await resolveModalOf(code);
    expect(
      (
        await app.slack.submitView(
          second.modal,
          { resolution: 'Reset.', upgrade_intent: 'yes', upgrade_what: 'Also the HR module' },
          { userId: AGENT },
        )
      ).body,
    ).toBe('');
    expect(await upgradeTasks()).toHaveLength(1);
    await deliverAll();
    expect(taskDms(SALES)).toEqual([]);
    expect(confirmations(AGENT)).toEqual([
      expect.stringContaining(
        `its upgrade intent is updated on the file; <@${SALES}> already has its task, due 2026-11-26.`,
      ),
    ]);
    expect(await card(code)).toContain('“Also the HR module”');

    // Resolved without the tick: nothing of an intent.
    const plain = await resolveModalOf(code);
    await app.slack.submitView(plain.modal, { resolution: 'Reset.' }, { userId: AGENT });
    expect(await status(plain.number)).toBe('resolved');
    expect(await upgradeTasks()).toHaveLength(1);
    await deliverAll();
    expect(confirmations(AGENT)).toHaveLength(1);
  });

  test("an owner holding no desk role: the task is a manager's and the managers are told", async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Donghai Textiles', ownerId: FORMER });
    const { modal } = await resolveModalOf(code);
    await app.slack.submitView(
      modal,
      { resolution: 'Reset.', upgrade_intent: 'yes', upgrade_what: 'Bigger plan' },
      { userId: AGENT },
    );
    expect(await upgradeTasks()).toMatchObject([{ assigneeId: MANAGER }]);
    await deliverAll();
    // Not the former owner's (their ticket notices aside).
    expect(taskDms(FORMER)).toEqual([]);
    const told = app.fake.postsTo(MANAGER).map((p) => JSON.stringify(p.args));
    expect(told.some((t) => t.includes(`Its owner <@${FORMER}> holds no desk role`))).toBe(true);
    expect(taskDms(MANAGER)).toHaveLength(1);
  });

  test('a resolver who may not log an interaction with the customer: refused on the intent, inline, nothing recorded', async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
    const { number, modal } = await resolveModalOf(code);
    // No longer service staff, still the ticket's assignee: may resolve it, not log for the customer.
    await app.setSettings(() => ({ agents: [], openDesk: false }));
    const res = await app.slack.submitView(
      modal,
      { resolution: 'Firmware updated.', upgrade_intent: 'yes', upgrade_what: '20 more seats' },
      { userId: AGENT },
    );
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: { upgrade_intent: expect.stringContaining('log interactions with this customer') },
    });
    expect(Object.keys((res.body as { errors: object }).errors)).toEqual(['upgrade_intent']);
    expect(await status(number)).toBe('assigned');
    const ticket = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean();
    expect(ticket).not.toHaveProperty('upgradeWhat');
    expect(await upgradeTasks()).toEqual([]);
    expect(await card(code)).not.toContain('Upgrade intent:');
  });

  test('a hand-off that dies after the resolution is saved is not lost: the outbox job makes it, once however often it runs', async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
    const { number, modal } = await resolveModalOf(code);
    const restore = failCalls(app.desk.services.customers, 'recordUpgradeIntent');
    try {
      await app.slack.submitView(
        modal,
        { resolution: 'Firmware updated.', upgrade_intent: 'yes', upgrade_what: '20 more seats' },
        { userId: AGENT },
      );
    } finally {
      restore();
    }
    expect(await status(number)).toBe('resolved');
    expect(await upgradeTasks()).toEqual([]);

    const base = app.clock.now().getTime();
    let dms = 0;
    for (const minutes of [3, 10]) {
      await runJobAt(app, outboxJob, new Date(base + minutes * 60_000).toISOString());
      dms += taskDms(SALES).length;
    }
    expect(await upgradeTasks()).toMatchObject([
      { assigneeId: SALES, content: '20 more seats', status: 'open' },
    ]);
    expect(dms).toBe(1);
    // Heard by who resolved it.
    expect(await card(code)).toContain(`Upgrade intent: “20 more seats”, heard by <@${AGENT}>`);
  });
});
