// A task completed by someone other than its executor (its approver, a manager): the executor is
// told by DM, once, what was recorded (masked as the approver's DM is), so that they do not contact
// the customer again for it (domain 7: over-contacting). Not when they completed it themselves.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { taskSteps } from '../helpers/tasks.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const APPROVER = 'U0APPROVE1';
const MANAGER = 'U0MANAGER1';
const { deliverAll, newTask, firstTaskId } = taskSteps(app);

const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));
const typed = {
  type: 'call',
  summary: 'Called Li Wei on 13812345678, quote to li.wei@huadong.cn',
  feedback: 'Call back on 13987654321',
};

/** OWNER plans a call for `executor` at Huadong Machinery (`fields`: the form changed). */
async function plan(executor: string, fields: Record<string, string | null> = {}) {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const { res } = await newTask(OWNER, {
    customer: code,
    kind: 'call',
    executor,
    due: '2026-11-27',
    content: 'Call about the spring order',
    ...fields,
  });
  expect(res.body).toBe('');
  await deliverAll();
  app.fake.reset();
  return { code, id: await firstTaskId() };
}

/** Done on task `id` by `userId`, saved with what `typed` says; the DMs delivered, twice. */
async function doneBy(id: string, userId: string) {
  await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId });
  await submitLastModal(app, typed, userId);
  await deliverAll();
  await deliverAll();
}

describe('a task done by someone other than its executor', () => {
  test('by its approver: the executor is told once who completed it and what was recorded, masked as the card shows it to them', async () => {
    const { code, id } = await plan(AGENT, { approver: APPROVER });
    await doneBy(id, APPROVER);

    expect(dms(AGENT)).toEqual([
      `:white_check_mark: <@${APPROVER}> completed your task *Care call* · Huadong Machinery (${code}): it is done, do not contact the customer again for it.`,
    ]);
    const told = JSON.stringify(app.fake.postsTo(AGENT)[0]!.args.blocks);
    // AGENT may not see the customer's personal data (OWNER's customer): masked, as on the card.
    expect(told).toContain(
      'Outcome (Call): Called Li Wei on 138****5678, quote to l***@huadong.cn',
    );
    expect(told).toContain('Feedback: Call back on 139****4321');
    expect(told).not.toContain('13812345678');
    expect(told).toContain('customer_card_open');
    // The approver recorded it: not told.
    expect(dms(APPROVER)).toEqual([]);
  });

  test('by a manager, in Chinese: the executor (the owner, who sees the contacts) is told in clear', async () => {
    await app.setSettings(() => ({ managers: [MANAGER], locale: 'zh-CN' }));
    const { code, id } = await plan(OWNER);
    await doneBy(id, MANAGER);

    expect(dms(OWNER)).toEqual([
      `:white_check_mark: <@${MANAGER}> 已完成你的任务：*关怀电话* · Huadong Machinery（${code}）。无需再为此联系客户。`,
    ]);
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain('13812345678');
  });

  test('by the executor themselves: nobody is told', async () => {
    const { id } = await plan(AGENT);
    await doneBy(id, AGENT);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});
