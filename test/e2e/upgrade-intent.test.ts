// Upgrade intent (domain 3, normal tier: "upgrade intent goes to sales"): service staff tick it
// on Log interaction with what the customer wants; the file shows it, and the customer's owner
// (the account manager) gets one task and one DM; done, the intent is handled and cleared.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import type { NewOutboxEntry } from '../../src/outbox/types.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { refusedHalfIntent } from '../helpers/setups-9-upgrades.js';
import { AGENT, FORMER, MANAGER, SALES, upgradeSteps } from '../helpers/upgrades.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

type View = { blocks: { block_id?: string; element?: Record<string, any> }[] } & Record<
  string,
  unknown
>;
const lastModal = () => steps.lastModal() as View;
const lastTold = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);
const steps = upgradeSteps(app);
const { deliverAll, upgradeTasks, card, roles } = steps;

/** AGENT logs a call on the customer, with the form's fields. */
async function logCall(code: string, form: Record<string, string>) {
  await app.slack.blockAction(
    { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
    { userId: AGENT },
  );
  return app.slack.submitView(
    lastModal(),
    { type: 'call', summary: 'Asked about the invoice', ...form },
    { userId: AGENT },
  );
}

describe('upgrade intent handed to sales', () => {
  test("an agent's intent on a normal customer: one task and one DM for the owner, the card's signal line, History; a second record plans no second task; done clears it and a new intent plans a new one", async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
    await app.slack.blockAction(
      { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
      { userId: AGENT },
    );
    const modal = lastModal();
    expect(modal.blocks.find((b) => b.block_id === 'upgrade_intent')).toMatchObject({
      optional: true,
      element: { type: 'checkboxes' },
    });
    // What they want without the tick, or the tick without what: said on the field, nothing saved.
    await refusedHalfIntent(app, modal, { type: 'call', summary: 'x' });
    expect(await upgradeTasks()).toEqual([]);

    const res = await app.slack.submitView(
      modal,
      {
        type: 'call',
        summary: 'Asked about the invoice',
        upgrade_intent: 'yes',
        upgrade_what: '20 more seats <!channel>',
      },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    // Due 2 working days on (the default): Thursday.
    expect(lastTold()).toBe(
      `Logged a call with *Huadong Machinery* (${code}).\nUpgrade intent handed to <@${SALES}>: a task due 2026-11-26.`,
    );
    const tasks = await upgradeTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: SALES, dueDate: '2026-11-26', status: 'open' });
    await deliverAll();
    const dms = app.fake.postsTo(SALES);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toContain('Your follow-up tasks (1)');
    expect(dms[0]!.args.text).toContain(
      `*Upgrade intent: contact* · Huadong Machinery (${code}) · due 2026-11-26`,
    );
    const dmBlocks = JSON.stringify(dms[0]!.args.blocks);
    // The typed ping is shown, never sent.
    expect(dmBlocks).toContain('20 more seats &lt;!channel&gt;');
    expect(dmBlocks).not.toContain('<!channel>');
    expect(app.fake.postsTo(MANAGER)).toEqual([]);

    // The card's signal line: what, who heard it, when.
    const shown = await card(code);
    expect(shown).toContain(
      'Upgrade intent: “20 more seats &lt;!channel&gt;”, heard by <@U0SERVICE1>',
    );
    expect(shown).not.toContain('<!channel>');
    // History: the change, by whom.
    await app.slack.blockAction(
      { action_id: 'customer_history', value: code, block_id: 'customer_actions' },
      { userId: SALES },
    );
    const history = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(history).toContain('Upgrade intent');
    expect(history).toContain(`<@${AGENT}>`);

    // A second record while the task is open: the file is updated, no second task nor DM.
    app.fake.reset();
    expect(
      (await logCall(code, { upgrade_intent: 'yes', upgrade_what: 'Also the HR module' })).body,
    ).toBe('');
    expect(lastTold()).toContain(`<@${SALES}> already has its task, due 2026-11-26`);
    expect(await upgradeTasks()).toHaveLength(1);
    await deliverAll();
    expect(app.fake.postsTo(SALES)).toEqual([]);
    expect(await card(code)).toContain('“Also the HR module”');

    // Done: the intent is handled, cleared from the file (the outcome is the logged interaction).
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(tasks[0]!._id) },
      { userId: SALES },
    );
    const done = await app.slack.submitView(
      lastModal(),
      { type: 'call', summary: 'Quoted 20 seats and the HR module' },
      { userId: SALES },
    );
    expect(done.body).toBe('');
    expect((await upgradeTasks())[0]).toMatchObject({ status: 'done' });
    const after = await card(code);
    expect(after).not.toContain('Upgrade intent:');
    const stored = await app.db.models.customers.findOne({ code }).lean();
    expect(stored).not.toHaveProperty('upgradeIntent');

    // A new intent once it is done: a new task and DM.
    app.fake.reset();
    await logCall(code, { upgrade_intent: 'yes', upgrade_what: 'A second plant' });
    expect(await upgradeTasks()).toHaveLength(2);
    await deliverAll();
    expect(app.fake.postsTo(SALES)).toHaveLength(1);
  });

  test('an owner holding no desk role: the managers are told and the task is a manager’s; the ping typed pings nobody', async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Donghai Textiles', ownerId: FORMER });
    expect(
      (
        await logCall(code, {
          upgrade_intent: 'yes',
          upgrade_what: 'Bigger plan <!channel> <!here>',
        })
      ).body,
    ).toBe('');
    const tasks = await upgradeTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: MANAGER });
    await deliverAll();
    expect(app.fake.postsTo(FORMER)).toEqual([]);
    const told = app.fake.postsTo(MANAGER).map((p) => JSON.stringify(p.args));
    // The managers' line, and the task planned for them.
    expect(told.some((t) => t.includes(`Its owner <@${FORMER}> holds no desk role`))).toBe(true);
    expect(told.some((t) => t.includes('*Upgrade intent: contact* · Donghai Textiles'))).toBe(true);
    for (const text of told) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<!here>');
    }
  });

  test("the managers' DM of an owner without a desk role survives the app dying before it is in the outbox: the outbox job writes it, once per manager however often it runs", async () => {
    const MANAGER2 = 'U0MANAGER2';
    await app.setSettings(() => ({
      managers: [MANAGER, MANAGER2],
      agents: [AGENT],
      accountManagers: [SALES],
    }));
    const { code } = await makeCustomer(app, { name: 'Donghai Textiles', ownerId: FORMER });
    // The task is saved, then the outbox write of the managers' DM fails (the app gone then).
    const restore = failCalls(app.desk.services.outbox, 'enqueue', {
      when: (_ctx: unknown, entries: NewOutboxEntry[]) =>
        entries.some((e) => e.key.startsWith('signal:upgrade:')),
    });
    try {
      expect(
        (await logCall(code, { upgrade_intent: 'yes', upgrade_what: 'Bigger plan' })).body,
      ).toBe('');
    } finally {
      restore();
    }
    expect(await upgradeTasks()).toHaveLength(1);
    await deliverAll();
    const signalLine = `Its owner <@${FORMER}> holds no desk role`;
    const toldSignal = (to: string) =>
      app.fake.postsTo(to).filter((p) => JSON.stringify(p.args).includes(signalLine));
    expect(toldSignal(MANAGER)).toEqual([]);
    expect(toldSignal(MANAGER2)).toEqual([]);

    // The outbox job two minutes on, and again later: each manager told once.
    const base = app.clock.now().getTime();
    const told: Record<string, number> = { [MANAGER]: 0, [MANAGER2]: 0 };
    let taskDms = 0;
    for (const minutes of [3, 10]) {
      await runJobAt(app, outboxJob, new Date(base + minutes * 60_000).toISOString());
      for (const m of [MANAGER, MANAGER2]) told[m]! += toldSignal(m).length;
      taskDms += app.fake
        .postsTo(MANAGER)
        .filter((p) => String(p.args.text).includes('*Upgrade intent: contact*')).length;
    }
    expect(told).toEqual({ [MANAGER]: 1, [MANAGER2]: 1 });
    // The first manager's task, planned for them, once too.
    expect(taskDms).toBe(1);
  });
  test("an intent whose hand-off dies after the interaction is saved is not lost: the outbox job puts it on the file and plans the owner's task, once however often it runs", async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
    // The interaction is saved, then the write of the intent on the file fails (the app gone).
    const restore = failCalls(app.desk.services.customers, 'recordUpgradeIntent');
    try {
      await logCall(code, { upgrade_intent: 'yes', upgrade_what: '20 more seats' });
    } finally {
      restore();
    }
    expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
    expect(await upgradeTasks()).toEqual([]);

    // The outbox job two minutes on, and again later: the owner's task and DM, once.
    const base = app.clock.now().getTime();
    let dms = 0;
    for (const minutes of [3, 10]) {
      await runJobAt(app, outboxJob, new Date(base + minutes * 60_000).toISOString());
      dms += app.fake
        .postsTo(SALES)
        .filter((p) => String(p.args.text).includes('*Upgrade intent: contact*')).length;
    }
    const tasks = await upgradeTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: SALES, content: '20 more seats', status: 'open' });
    expect(dms).toBe(1);
    expect(await card(code)).toContain(`Upgrade intent: “20 more seats”, heard by <@${AGENT}>`);
  });

  test('a hand-off that died after planning the task: the repair plans none again, nor puts back on the file an intent whose task was done', async () => {
    await roles();
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
    // Everything made but the interaction's mark that nothing is owed any more.
    const restore = failCalls(app.desk.services.customers, 'upgradeHanded');
    try {
      await logCall(code, { upgrade_intent: 'yes', upgrade_what: '20 more seats' });
    } finally {
      restore();
    }
    const [task] = await upgradeTasks();
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task!._id) },
      { userId: SALES },
    );
    await app.slack.submitView(
      lastModal(),
      { type: 'call', summary: 'Quoted 20 seats' },
      { userId: SALES },
    );
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 3 * 60_000).toISOString());
    expect((await upgradeTasks()).map((t) => t.status)).toEqual(['done']);
    expect(await card(code)).not.toContain('Upgrade intent:');
    // Owed no more (the call's interaction, and the Done's): later runs leave them alone.
    const interactions = await app.db.models.interactions.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(interactions.map((i) => i.upgradeOwed)).toEqual([undefined, undefined]);
  });
});
