// A task's helper (manual C's 协助人, domain §3) finds the tasks they help with on their App Home,
// not only in the first DM: who does each and when it is due, with Open customer.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { keyCustomerLastContacted, taskSteps } from '../helpers/tasks.js';

const HELPER = 'U0HELPER01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const { deliverAll, newTask, firstTaskId, moveDue } = taskSteps(app);

async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

describe("a task's helper", () => {
  test('finds the open tasks they help with on their App Home, the rest counted', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    for (let i = 0; i < 4; i++)
      await newTask(OWNER, {
        customer: code,
        kind: 'call',
        executor: AGENT,
        helper: HELPER,
        due: `2026-11-2${5 + i}`,
        content: `Call ${i} <!here>`,
      });
    await deliverAll();
    const home = await homeOf(HELPER);
    expect(home).toContain('*Tasks you help with* (4)');
    expect(home).toContain(`done by <@${AGENT}>`);
    expect(home).toContain('Call 0 &lt;!here&gt;');
    expect(home).not.toContain('Call 3');
    expect(home).toContain('…and 1 more.');
    // The executor's own Home has no such section.
    expect(await homeOf(AGENT)).not.toContain('Tasks you help with');
  });
  describe('sees their Home redrawn when the task changes', () => {
    /** The helper's Homes published since `from`, the last one's view as JSON. */
    const helperHomes = (from: number) => {
      const homes = app.fake.homesPublishedTo(HELPER).slice(from);
      return { count: homes.length, last: JSON.stringify(homes.at(-1)?.args.view ?? null) };
    };

    async function planHelped() {
      const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
      await newTask(OWNER, {
        customer: code,
        kind: 'call',
        executor: AGENT,
        helper: HELPER,
        due: '2026-11-25',
        content: 'Call about the spring order',
      });
      await deliverAll();
      expect(await homeOf(HELPER)).toContain('*Tasks you help with* (1)');
      return { id: await firstTaskId(), before: app.fake.homesPublishedTo(HELPER).length };
    }

    test('moved by its executor: the new due date', async () => {
      const { id, before } = await planHelped();
      await moveDue(id, AGENT, '2026-12-02');
      await deliverAll();
      const { count, last } = helperHomes(before);
      expect(count).toBe(1);
      expect(last).toContain('2026-12-02');
      expect(last).not.toContain('2026-11-25');
    });

    test('done by its executor: no longer listed', async () => {
      const { id, before } = await planHelped();
      await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
      await submitLastModal(app, { type: 'call', summary: 'Called; all fine' }, AGENT);
      await deliverAll();
      const { count, last } = helperHomes(before);
      expect(count).toBe(1);
      expect(last).not.toContain('Tasks you help with');
    });

    test('a care contact it helps with, cancelled by the daily run (the customer was contacted another way): no longer listed', async () => {
      const c = await keyCustomerLastContacted(app, '2026-10-20T02:00:00Z', {
        name: 'Monthly Co',
      });
      await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
      const care = (await app.db.models.tasks.findOne({ customerId: c.id, kind: 'care' }).lean())!;
      // Its executor (the owner) asks for help: Edit task names the helper.
      await app.slack.blockAction(
        { action_id: 'task_edit_open', value: String(care._id) },
        { userId: OWNER },
      );
      await submitLastModal(app, { executor: OWNER, helper: HELPER }, OWNER);
      await deliverAll();
      expect(await homeOf(HELPER)).toContain('*Tasks you help with* (1)');
      // Contacted another way the day after: the next run cancels the care contact (the run
      // starts the fake Slack's record afresh).
      await app.db.models.customers.updateOne(
        { _id: c.id },
        { $set: { lastInteractionAt: new Date('2026-11-24T08:00:00Z') } },
      );
      await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
      expect((await app.db.models.tasks.findById(care._id).lean())!.cancelReason).toBe('contacted');
      await deliverAll();
      const { count, last } = helperHomes(0);
      expect(count).toBe(1);
      expect(last).not.toContain('Tasks you help with');
    });
  });
});
