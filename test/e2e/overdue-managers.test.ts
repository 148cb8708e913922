// The daily overdue task list a manager reads holds the tasks of the people they manage per
// `/desk roles`, and of those nobody manages; a manager linked to nobody reads every one. Two
// managers of two teams no longer each read the other team's list (where their own reports' tasks
// could fall under "…and N more").
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { openTasksOf } from '../helpers/tasks.js';

const M1 = 'U0MANAGER1'; // manages AGENT
const M2 = 'U0MANAGER2'; // manages OWNER
const M3 = 'U0MANAGER3'; // manages nobody
const LONER = 'U0LONER001'; // managed by nobody
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const listOf = (manager: string) =>
  app.fake
    .postsTo(manager)
    .map((c) => String(c.args.text))
    .join('\n');

test("each manager's overdue list: their people's tasks and the unmanaged ones; a manager linked to nobody reads all", async () => {
  await app.setSettings(() => ({
    managers: [M1, M2, M3],
    managerLinks: [
      { managerId: M1, manages: [AGENT] },
      { managerId: M2, manages: [OWNER] },
    ],
  }));
  // One care call each, due 25 November (openTasksOf: task N due N days after 24 November).
  await openTasksOf(app, OWNER, 1, { customer: 'Owner Co' });
  await openTasksOf(app, AGENT, 1, { customer: 'Agent Co', submissionId: (n) => `a-${n}` });
  await openTasksOf(app, LONER, 1, { customer: 'Loner Co', submissionId: (n) => `l-${n}` });
  // Monday 30 November: all three are overdue.
  await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');

  const m1 = listOf(M1);
  expect(m1).toContain('Agent Co');
  expect(m1).toContain('Loner Co');
  expect(m1).not.toContain('Owner Co');
  const m2 = listOf(M2);
  expect(m2).toContain('Owner Co');
  expect(m2).toContain('Loner Co');
  expect(m2).not.toContain('Agent Co');
  const m3 = listOf(M3);
  for (const name of ['Owner Co', 'Agent Co', 'Loner Co']) expect(m3).toContain(name);
});
