// App Home within Slack's 100 blocks (a Home past them is refused whole): an admin who is also an
// account manager, with every list the desk reads for them full at once, gets their Home.
import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { taskSteps } from '../helpers/tasks.js';

const ADMIN = 'U0ADMIN001';
// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const { deliverAll, newTask } = taskSteps(app);

describe('App Home with every list full', () => {
  test('an admin who is an account manager: published (Slack takes it), each list counting the rest', async () => {
    await app.setSettings(() => ({ admins: [ADMIN], accountManagers: [ADMIN], agents: [AGENT] }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: ADMIN });
    for (let i = 0; i < 12; i++)
      await act(
        app,
        (await makeTicket(app, { customerCode: code }, ADMIN)).number,
        {
          action: 'claim',
        },
        ADMIN,
      );
    // Unassigned and overdue (received last week), and breaching within the hour (urgent, 17:50
    // on Monday: due 10:50 today).
    for (let i = 0; i < 6; i++) {
      await makeTicket(app, { customerCode: code, receivedAt: new Date('2026-11-17T02:00:00Z') });
      await makeTicket(app, {
        customerCode: code,
        severity: 'urgent',
        receivedAt: new Date('2026-11-23T09:50:00Z'),
      });
    }
    for (let i = 0; i < 6; i++) {
      // Filed by them and put in wait on them by the agent who holds it.
      const waiting = (await makeTicket(app, { customerCode: code }, ADMIN)).number;
      await act(app, waiting, { action: 'claim' });
      await act(app, waiting, { action: 'wait' });
      // Escalated by the desk while it had no experts: nobody could take it.
      const escalated = (await makeTicket(app, { customerCode: code })).number;
      await act(app, escalated, { action: 'escalate', reason: 'breach' }, SYSTEM_ACTOR);
      await makeCustomer(app, {
        name: `Churning ${i}`,
        ownerId: ADMIN,
        lifecycle: 'churn_warning',
        contractEndDate: '2026-12-10',
      });
    }
    const task = (n: number, form: Record<string, string>) =>
      newTask(ADMIN, {
        customer: code,
        kind: 'call',
        due: '2026-11-24',
        content: `Call ${n}`,
        ...form,
      });
    for (let i = 0; i < 6; i++) await task(i, { executor: ADMIN });
    for (let i = 0; i < 4; i++) await task(10 + i, { executor: AGENT, approver: ADMIN });
    for (let i = 0; i < 4; i++) await task(20 + i, { executor: AGENT, helper: ADMIN });
    await deliverAll();

    await app.slack.event({
      type: 'app_home_opened',
      user: ADMIN,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    const publish = app.fake.callsTo('views.publish').at(-1)!;
    expect(publish.args.user_id).toBe(ADMIN);
    expect(publish.outcome).toBe('ok');
    expect(app.fake.violations).toEqual([]);
    const view = publish.args.view as { blocks: unknown[] };
    // 93 of the 100: the margin any new section spends (src/ui/home.ts trims past them).
    expect(view.blocks.length).toBeGreaterThan(90);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const home = JSON.stringify(view);
    expect(home).toContain('*Your open tickets* (12), due first');
    expect(home).toContain('*Unassigned* (18)');
    expect(home).toContain('*Overdue* (');
    expect(home).toContain('*Breaching within the hour* (6)');
    expect(home).toContain('*Your tasks due today and overdue* (6)');
    expect(home).toContain('*Tasks you sign off* (4)');
    expect(home).toContain('*Tasks you help with* (4)');
    expect(home).toContain('*Waiting on you* (6)');
    expect(home).toContain('*Escalated and unassigned* (');
    expect(home).toContain('*Your customers with signals* (');
    expect(home).toContain('*Churn risk of your customers*');
  });
});
