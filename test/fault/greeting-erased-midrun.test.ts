// The daily tasks run's planners read the customers a page at a time (TaskService.runCustomers):
// a customer erased after its page was read (or being erased: its lease held) gets no task from
// the planner working through that page, none naming its contacts (regression: a greeting named
// the erased contact, and the next day's cancel left the name stored).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { RunCustomers } from '../../src/task/service.js';

/** The run's customers, with `then` done after the read and before the planner sees them. */
function readThen(read: RunCustomers, then: () => Promise<unknown>): RunCustomers {
  return async function* (only) {
    const page = [];
    for await (const customer of read(only)) page.push(customer);
    await then();
    yield* page;
  };
}

const ADMIN = 'U0ADMIN001';
// Monday 2026-09-28 09:30 in Shanghai: National Day (10-01) is 3 days on, greetings are planned;
// Wednesday's progress note is owed its early reminder.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-09-28T01:30:00Z',
  since: '2026-01-01T00:00:00Z',
});

const stored = async (kind: 'greeting' | 'progress') =>
  (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, kind }).lean()).map((t) => ({
    customerId: String(t.customerId),
    status: t.status,
    content: t.content,
  }));

test('a customer erased after the run read the customers gets no greeting naming its contact', async () => {
  const gone = await makeCustomer(app, {
    name: 'Erased Midrun Co',
    lifecycle: 'active',
    contact: { name: 'Li Wei', optOuts: [] },
  });
  const kept = await makeCustomer(app, {
    name: 'Kept Midrun Co',
    lifecycle: 'active',
    contact: { name: 'Wang Fang', optOuts: [] },
  });
  const { tasks } = app.desk.services;
  const ctx = await ctxOf(app, 'system');
  const admin = await ctxOf(app, ADMIN);
  const customers = readThen(tasks.runCustomers(ctx), () =>
    app.desk.services.dataSubjects.erase(admin, gone.code),
  );
  const planned = await tasks.planGreetings(ctx, customers);
  expect(planned.flatMap((g) => g.tasks.map((t) => t.customerId))).toEqual([kept.id]);
  expect((await stored('greeting')).map((t) => t.customerId)).toEqual([kept.id]);
  // The next day's run: still nothing names the erased contact.
  await runJobAt(app, tasksJob, '2026-09-29T01:00:00Z');
  expect(JSON.stringify(await stored('greeting'))).not.toContain('Li Wei');
  expect((await stored('greeting')).map((t) => t.customerId)).toEqual([kept.id]);
});

test('a customer erased after the run read the customers gets no progress note', async () => {
  const manager = await ctxOf(app, ADMIN);
  const gone = await makeCustomer(app, { name: 'Erased Project Co', lifecycle: 'active' });
  const kept = await makeCustomer(app, { name: 'Kept Project Co', lifecycle: 'active' });
  for (const c of [gone, kept])
    await app.desk.services.customers.update(manager, c.code, { projectUntil: '2026-12-31' });
  const { tasks } = app.desk.services;
  const ctx = await ctxOf(app, 'system');
  const customers = readThen(tasks.runCustomers(ctx), () =>
    app.desk.services.dataSubjects.erase(manager, gone.code),
  );
  const progress = await tasks.planProgressNotes(ctx, customers);
  expect(progress.created).toBe(1);
  expect((await stored('progress')).map((t) => t.customerId)).toEqual([kept.id]);
});

test('a customer being erased (its lease held, not marked yet) gets no greeting', async () => {
  const gone = await makeCustomer(app, {
    name: 'Erasing Midrun Co',
    lifecycle: 'active',
    contact: { name: 'Zhao Lei', optOuts: [] },
  });
  const { tasks, erasureLeases } = app.desk.services;
  const ctx = await ctxOf(app, 'system');
  const lease = await erasureLeases.hold(ctx, { code: gone.code });
  try {
    const planned = await tasks.planGreetings(ctx, tasks.runCustomers(ctx));
    expect(planned.flatMap((g) => g.tasks)).toEqual([]);
    expect(await stored('greeting')).toEqual([]);
  } finally {
    if (lease && 'release' in lease) await lease.release();
  }
});

// p44 greeterase 1: one contact's erasure holding the lease (begun after the run's read) took the
// whole customer's greeting back: Wang Fang, not erased, was not greeted that day (nor ever, on a
// holiday's eve). Now the greeting is planned for the others, and only Li Wei is left out.
test('a contact being erased is left out of its customer’s greeting; the others are greeted that day', async () => {
  const customer = await makeCustomer(app, {
    name: 'Contact Erasing Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  const other = await makeCustomer(app, {
    name: 'Other Erasing Co',
    lifecycle: 'active',
    contact: { name: 'Zhou Min', optOuts: [] },
  });
  const { tasks, erasureLeases } = app.desk.services;
  const ctx = await ctxOf(app, 'system');
  let lease: Awaited<ReturnType<typeof erasureLeases.hold>> = null;
  const customers = readThen(tasks.runCustomers(ctx), async () => {
    lease = await erasureLeases.hold(ctx, { code: customer.code, contact: 'Li Wei' });
  });
  try {
    const planned = await tasks.planGreetings(ctx, customers);
    expect(lease).not.toBeNull();
    const listed = planned.flatMap((g) => g.tasks);
    expect(listed.map((t) => [t.customerId, t.content]).sort()).toEqual(
      [
        [customer.id, 'National Day (2026-10-01): greet Wang Fang'],
        [other.id, 'National Day (2026-10-01): greet Zhou Min'],
      ].sort(),
    );
    // The DM's check (and the worker's) know whom each greeting names: Wang Fang only.
    const greets = planned.flatMap((g) => [...g.greets.values()]).flat();
    expect(greets.map((c) => c.name).sort()).toEqual(['Wang Fang', 'Zhou Min']);
    expect(
      (await stored('greeting'))
        .filter((t) => t.customerId === customer.id)
        .map((t) => [t.status, t.content]),
    ).toEqual([['open', 'National Day (2026-10-01): greet Wang Fang']]);
    expect(JSON.stringify(await stored('greeting'))).not.toContain('Li Wei');
  } finally {
    const held = lease as Awaited<ReturnType<typeof erasureLeases.hold>>;
    if (held && 'release' in held) await held.release();
  }
});

test('the only contact to greet being erased: no greeting for its customer', async () => {
  const customer = await makeCustomer(app, {
    name: 'Sole Erasing Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Qian Hao', optOuts: [] },
      { name: 'Sun Li', optOuts: ['greetings'] },
    ],
  } as never);
  const { tasks, erasureLeases } = app.desk.services;
  const ctx = await ctxOf(app, 'system');
  const lease = await erasureLeases.hold(ctx, { code: customer.code, contact: 'Qian Hao' });
  try {
    const planned = await tasks.planGreetings(ctx, tasks.runCustomers(ctx));
    expect(planned.flatMap((g) => g.tasks).filter((t) => t.customerId === customer.id)).toEqual([]);
    expect((await stored('greeting')).filter((t) => t.customerId === customer.id)).toEqual([]);
  } finally {
    if (lease && 'release' in lease) await lease.release();
  }
});

// p44 greeterase: the primary contact (whose preferred channel a greetings DM line ends with)
// being erased, the greeting planned for the others was left out of the owner's DM whole (its
// reach named the contact being erased) and only reminded when owed. The DM lists it now, without
// the reach of the contact being erased.
test('the primary contact being erased: the owners’ DM lists the greeting of the others, without their reach', async () => {
  const customer = await makeCustomer(app, {
    name: 'Primary Erasing Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [], preferredChannel: 'WeChat liwei-88' },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  const { erasureLeases } = app.desk.services;
  const lease = await erasureLeases.hold(await ctxOf(app, 'system'), {
    code: customer.code,
    contact: 'Li Wei',
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:30:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    if (lease && 'release' in lease) await lease.release();
  }
  const dms = app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));
  // The owner's greetings DM lists it (it stands for the early reminder: no reminder besides).
  const greetingDms = dms.filter((d) => d.includes('Primary Erasing Co'));
  expect(greetingDms).toHaveLength(1);
  expect(greetingDms[0]).toContain('1 customer to greet');
  expect(greetingDms[0]).toContain('greet Wang Fang');
  expect(dms.filter((d) => d.includes('Li Wei') || d.includes('liwei-88'))).toEqual([]);
});
