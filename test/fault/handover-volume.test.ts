// `/desk handover` of a leaver with 30 records it cannot move (moved from
// test/e2e/handover.test.ts: 30 customers and tasks made a test): the manager's summary names
// every one, in sections within Slack's 3000 characters, its text cut within the limit.
import { expect, test } from 'vitest';
import { ctxOf, makeCustomer } from '../helpers/factories.js';
import {
  handoverKit,
  LEAVER,
  MANAGER,
  OWNER,
  RECEIVER,
  useHandoverApp,
} from '../helpers/handover-kit.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useHandoverApp();
const { deliverAll, leaversWork, handOver, everything, managerDms } = handoverKit(app);

test('a hand-over with 30 records not moved: the summary names every one, in sections within Slack’s 3000 characters, its text cut within the limit', async () => {
  await leaversWork();
  // 30 tasks the leaver does and the receiver signs off, each at a customer of its own with a
  // long name: handed over, the receiver would sign off their own task, which Edit task refuses.
  const ctx = await ctxOf(app, OWNER);
  const codes: string[] = [];
  for (let i = 0; i < 30; i++) {
    const customer = await makeCustomer(app, {
      name: `Zhejiang Precision Hydraulic Components Works No. ${String(i + 1).padStart(2, '0')}`,
    });
    await app.desk.flows.tasks.createManual(ctx, {
      customerCode: customer.code,
      kind: 'visit',
      assigneeId: LEAVER,
      approverId: RECEIVER,
      dueDate: '2026-11-27',
      content: `Check the invoice ${i + 1}`,
      submissionId: `big-handover-${i}`,
    });
    codes.push(customer.code);
  }
  await deliverAll();
  app.fake.reset();

  expect((await handOver(MANAGER, everything)).body).toBe('');
  await deliverAll();
  expect(app.fake.violations).toEqual([]);

  const posted = managerDms().filter((c) => String(c.args.text).startsWith('Hand-over'));
  expect(posted).toHaveLength(1);
  const { text, blocks } = posted[0]!.args as { text: string; blocks: any[] };
  // The fallback text within the desk's cut (well under Slack's 4000), cut within the list: its
  // note after it kept.
  expect(text.length).toBeLessThanOrEqual(3000);
  expect(text).toMatch(
    /…\n:warning: <@U0RECEIVE1> holds no account manager role: .* or hand the customers to an account manager\.$/,
  );
  // Every section within Slack's 3000 characters, none cut; within Slack's 50 blocks.
  expect(blocks.length).toBeGreaterThan(1);
  expect(blocks.length).toBeLessThanOrEqual(50);
  const sections = blocks.map((b) => {
    expect(b.type).toBe('section');
    return String(b.text.text);
  });
  for (const section of sections) {
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section.endsWith('…')).toBe(false);
  }
  const lines = sections.flatMap((s) => s.split('\n'));
  expect(lines[0]).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 3 tickets, 4 tasks, 1 customer moved; 30 not moved:`,
  );
  // All 30 named, each once with why; the warning after them.
  const notMoved = lines.filter((l) => l.startsWith('• Task'));
  expect(notMoved).toHaveLength(30);
  for (const code of codes)
    expect(
      notMoved.filter((l) => l.includes(`(${code})`)),
      code,
    ).toHaveLength(1);
  for (const line of notMoved) expect(line).toContain('nobody signs off their own task');
  expect(lines.at(-1)).toMatch(/^:warning: <@U0RECEIVE1> holds no account manager role/);
  expect(lines).toHaveLength(32);
  // The tasks stay the leaver's.
  const kept = await app.db.models.tasks.find({ approverId: RECEIVER, assigneeId: LEAVER }).lean();
  expect(kept).toHaveLength(30);
}, 60_000);
