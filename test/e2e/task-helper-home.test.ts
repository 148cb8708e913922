// A task's helper (manual C's 协助人, domain §3) finds the tasks they help with on their App Home,
// not only in the first DM: who does each and when it is due, with Open customer.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { taskSteps } from '../helpers/tasks.js';

const HELPER = 'U0HELPER01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const { deliverAll, newTask } = taskSteps(app);

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
});
