// `/desk handover` over more records than a run keeps or reads at once (moved from
// test/e2e/handover.test.ts: 30 to 1,000 customers and tasks made or copied a test): the summary
// naming 30 records not moved within Slack's limits; a leaver owning or holding more than 500
// customers or tasks; a run reading on past 501 tasks or customers it cannot move, cut short
// there, or the database failing as it reads past its first page.
import { expect, test, vi } from 'vitest';
import { AppError } from '../../src/errors.js';
import { HANDOVER_HOLD_MS, HANDOVER_REFUSED_KEPT } from '../../src/flows/handover.js';
import { HANDOVER_MAX, type HandoverResult } from '../../src/workspace/types.js';
import { ctxOf, makeCustomer } from '../helpers/factories.js';
import {
  handoverKit,
  LEAVER,
  MANAGER,
  OWNER,
  OWNER2,
  RECEIVER,
  useHandoverApp,
} from '../helpers/handover-kit.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useHandoverApp();
const kit = handoverKit(app);
const { deliverAll, leaversWork, handOver, everything, managerDms, summaryOf } = kit;
const { accountManagersWork, assigneeOf, dmsTo, handOverCutShort, lastSummaryOpening } = kit;
const { lastSummaryPosted, moreCustomersOf, visitBehindOwnersTasks } = kit;

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

test('a leaver who owns more than 501 customers: an owner’s task of one of theirs is told to tick “Customers they own”, not that they do not own it', async () => {
  const { theirs } = await accountManagersWork();
  // 501 customers of theirs sort before it: a capped list of what they own would miss it.
  await moreCustomersOf(theirs.code, HANDOVER_MAX + 1);
  expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  await deliverAll();
  expect(await assigneeOf({ kind: 'upgrade' })).toBe(LEAVER);
  expect(summaryOf()).toContain(
    `• Task *Upgrade intent: contact* · Leaver Works (${theirs.code}): An owner’s task: it goes with its customer to whoever takes the customer (tick “Customers they own”).`,
  );
});

test('everything ticked, a leaver owning more than one run’s 500 customers: the owner’s tasks of those it did not reach are one count line, not each told to tick “Customers they own”', async () => {
  const { theirs } = await accountManagersWork();
  // 501 customers of theirs sort before it: the run's 500 are those. Each found given to someone
  // else meanwhile (no write: the test stays quick), so they count toward the 500.
  await moreCustomersOf(theirs.code, HANDOVER_MAX + 1);
  app.fake.reset();
  const customers = app.desk.services.customers;
  const update = customers.update.bind(customers);
  const handOverPassingBy = async () => {
    const elsewhere = vi
      .spyOn(customers, 'update')
      .mockImplementation(async (ctx, code, ...rest) => {
        if (code.startsWith('C1000'))
          return { customer: { code, ownerId: OWNER2 }, changes: [] } as unknown as Awaited<
            ReturnType<typeof update>
          >;
        return update(ctx, code, ...rest);
      });
    try {
      expect((await handOver(MANAGER, everything)).body).toBe('');
    } finally {
      elsewhere.mockRestore();
    }
    await deliverAll();
  };
  await handOverPassingBy();
  expect(await assigneeOf({ kind: 'upgrade' })).toBe(LEAVER);
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(RECEIVER);
  const summary = summaryOf();
  expect(summary).not.toContain('tick “Customers they own”');
  expect(summary).toMatch(
    new RegExp(
      `^Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 0 tickets, 1 task, 0 customers moved\\.\\n`,
    ),
  );
  expect(summary).toContain(
    `1 task that comes with owning a customer stays with <@${LEAVER}>’s customers this hand-over did not move: each goes with its customer when a next hand-over moves that customer.`,
  );
  expect(summary).toContain(`<@${LEAVER}> holds more than 500 customers`);
  // In Chinese too.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  app.fake.reset();
  await handOverPassingBy();
  const zh = managerDms()
    .map((c) => String(c.args.text))
    .at(-1)!;
  expect(zh).toContain(
    `客户负责人的任务 1 个仍留在本次未移交的 <@${LEAVER}> 的客户名下：下次移交该客户时随客户一并移交。`,
  );
  expect(zh).not.toContain('其负责的客户');
});

test('a leaver holding more than 500 of a part: the refusal and the managers’ "no longer receives" DM say "more than 500", not the read’s cut', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [RECEIVER] }));
  const theirs = await makeCustomer(app, { name: 'Leaver Works', ownerId: LEAVER });
  await moreCustomersOf(theirs.code, HANDOVER_MAX + 1);
  app.fake.reset();
  // Tickets alone ticked: nothing to move, said with what was found.
  expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toEqual({
    response_action: 'errors',
    errors: {
      what: 'Nothing to move of what is ticked: found 0 open tickets, 0 open tasks, more than 500 customers.',
    },
  });
  await app.desk.flows.handover.tellUnreachable(await ctxOf(app, MANAGER), LEAVER);
  await deliverAll();
  expect(dmsTo(MANAGER)).toEqual([
    `:warning: <@${LEAVER}> no longer receives Slack messages and holds 0 open tickets, 0 open tasks, more than 500 customers. Hand them over with \`/desk handover\`.`,
  ]);
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toEqual({
    response_action: 'errors',
    errors: {
      what: '所选内容中没有可移交的：找到未结工单 0 张、未完成任务 0 个、客户超过 500 家。',
    },
  });
});

test('a leaver whose first 501 open tasks the tasks part cannot move: the run reads on past them and moves the task behind, not "more than 500" left', async () => {
  await visitBehindOwnersTasks();
  expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  await deliverAll();
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(RECEIVER);
  // The owner's tasks stay with the customer's owner, each said not moved.
  expect(await app.db.models.tasks.countDocuments({ kind: 'upgrade', assigneeId: LEAVER })).toBe(
    HANDOVER_MAX + 2,
  );
  const [dm] = dmsTo(RECEIVER);
  expect(dm).toContain(`<@${MANAGER}> handed you the work of <@${LEAVER}>: 0 open tickets, 1 task`);
  expect(dm).toContain('• Task: *Visit* · Huadong Machinery');
  // The summary as shown (its blocks): nothing left past what it read.
  const { blocks } = lastSummaryOpening('0 tickets, 1 task, 0 customers moved; 502 not moved:');
  expect(JSON.stringify(blocks)).not.toContain('holds more than');
});

test('a leaver with more refused records than a run keeps (1,000): the run keeps only those, counts the rest, and the summary says "and N more" for every one not shown', async () => {
  await visitBehindOwnersTasks(HANDOVER_REFUSED_KEPT + 1);
  const flows = app.desk.flows.handover;
  const run = flows.run.bind(flows);
  let result: HandoverResult | undefined;
  const kept = vi.spyOn(flows, 'run').mockImplementation(async (...args) => {
    result = await run(...args);
    return result;
  });
  try {
    expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  } finally {
    kept.mockRestore();
  }
  await deliverAll();
  // Every owner's task tried (the task behind them moved), only the first 1,000 kept.
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(RECEIVER);
  const total = HANDOVER_REFUSED_KEPT + 2;
  expect(result!.refused).toHaveLength(HANDOVER_REFUSED_KEPT);
  expect(result!.refusedMore).toBe(2);
  const { blocks } = lastSummaryOpening<{ text: { text: string } }>(
    '0 tickets, 1 task, 0 customers moved; 1,002 not moved:',
  );
  // Those shown and the "and N more" line count every one refused.
  const lines = blocks.flatMap((b) => b.text.text.split('\n'));
  const shown = lines.filter((line) => line.startsWith('• Task')).length;
  expect(lines).toContain(`• …and ${(total - shown).toLocaleString('en')} more not moved`);
  expect(shown).toBeGreaterThan(0);
});

test('a hand-over cut short after reading on past 501 tasks it could not move: its held notices name what it read on to, the receiver is told of the task it moved there', async () => {
  await visitBehindOwnersTasks();
  await handOverCutShort({ from: LEAVER, to: RECEIVER, what: 'tasks' });
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(RECEIVER);
  await deliverAll();
  expect(dmsTo(RECEIVER)).toEqual([]);
  app.clock.advance(HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(
    `<@${MANAGER}> handed you the work of <@${LEAVER}>: 0 open tickets, 1 task`,
  );
  expect(received[0]).toContain('• Task: *Visit* · Huadong Machinery');
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 0 open tickets, 1 task and 0 customers moved. 502 records it set out to move are still <@${LEAVER}>’s: run \`/desk handover\` again to move them; its summary names any that cannot be moved, with why.`,
  ]);
});

test('a leaver whose first 501 customers cannot be moved (refused): the run reads on past them and moves the one behind', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], accountManagers: [RECEIVER] }));
  const theirs = await makeCustomer(app, { name: 'Leaver Works', ownerId: LEAVER });
  await moreCustomersOf(theirs.code, HANDOVER_MAX + 1);
  app.fake.reset();
  // Each of those refused (changed meanwhile, say).
  const customers = app.desk.services.customers;
  const update = customers.update.bind(customers);
  const refusing = vi.spyOn(customers, 'update').mockImplementation(async (ctx, code, ...rest) => {
    if (code.startsWith('C1000'))
      throw new AppError('INVALID_INPUT', 'ticket.error.changedMeanwhile');
    return update(ctx, code, ...rest);
  });
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'customers' })).body).toBe('');
  } finally {
    refusing.mockRestore();
  }
  await deliverAll();
  expect((await app.db.models.customers.findOne({ code: theirs.code }).lean())!.ownerId).toBe(
    RECEIVER,
  );
  const { blocks } = lastSummaryOpening('0 tickets, 0 tasks, 1 customer moved; 501 not moved:');
  expect(JSON.stringify(blocks)).not.toContain('holds more than');
});

test('a hand-over whose held notices cannot be made to name what it reads on to (the database failing): it moves none of those, and says more are left to a re-run', async () => {
  await visitBehindOwnersTasks();
  const failing = vi
    .spyOn(app.desk.services.outbox, 'addToWaitingHandover')
    .mockRejectedValue(new Error('database down'));
  try {
    expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  } finally {
    failing.mockRestore();
  }
  await deliverAll();
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(LEAVER);
  const blocks = JSON.stringify(lastSummaryPosted().blocks);
  expect(blocks).toContain(
    `<@${LEAVER}> holds more than 500 open tasks: one hand-over moves 500, the rest stay with them. Run \`/desk handover\` again to move the rest.`,
  );
  // Run again (the database back): it reads on past them and moves the visit.
  app.fake.reset();
  expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  await deliverAll();
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(RECEIVER);
});

test('a hand-over whose read past its first page fails (the database, for a moment): the manager gets its summary now, saying more are left, and no later "stopped" notice', async () => {
  await visitBehindOwnersTasks();
  const tasks = app.desk.services.tasks;
  const read = tasks.openInvolving.bind(tasks);
  const failing = vi
    .spyOn(tasks, 'openInvolving')
    .mockImplementation(async (ctx, userId, limit, after) => {
      if (after) throw new Error('database down');
      return read(ctx, userId, limit, after);
    });
  try {
    expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  } finally {
    failing.mockRestore();
  }
  await deliverAll();
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(LEAVER);
  const summaries = managerDms().filter((c) => String(c.args.text).startsWith('Hand-over'));
  expect(summaries).toHaveLength(1);
  expect(JSON.stringify(summaries[0]!.args.blocks)).toContain(
    `<@${LEAVER}> holds more than 500 open tasks: one hand-over moves 500, the rest stay with them. Run \`/desk handover\` again to move the rest.`,
  );
  expect(dmsTo(MANAGER).join('\n')).not.toContain('Something went wrong');
  // Its held notices are not sent later as cut short ("the desk was restarted or stopped").
  app.clock.advance(HANDOVER_HOLD_MS + 10_000);
  await app.desk.outbox.drain();
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toEqual([]);
});
