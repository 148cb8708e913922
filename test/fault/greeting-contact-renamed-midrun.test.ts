// revp60 F6: a contact renamed (not erased) while the daily run plans greetings, on the only
// day the greeting is planned (here the holiday's eve: the runs of the days before missed, as a
// Monday holiday's only planning day is its Friday eve). The check after the insert
// (insertPlanned) knows the contact by its key: renamed, the greeting stays. Removed (as an
// erasure removes it), it is taken back and planned again that run for the others (p44
// greeterase: it was taken back for all, and on the eve no later run planned it).
import { expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-09-28T01:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

test('a contact renamed mid-run on the eve: the greeting is still planned', async () => {
  const customer = await makeCustomer(app, {
    name: 'Renamed Contact Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  let renamed = false;
  const spy = vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    if (!renamed && task.kind === 'greeting' && task.customerId === customer.id) {
      renamed = true;
      // The Contacts modal saved meanwhile, only correcting a contact's name.
      await app.desk.services.customers.saveContact(
        await ctxOf(app, OWNER),
        customer.code,
        customer.contacts[0]!.key,
        { name: 'Li Wei (Sales)' },
      );
    }
    return insert(task, ...rest);
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-30T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(renamed).toBe(true);
  const greetings = async () =>
    (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerId: customer.id }).lean())
      .filter((t) => t.kind === 'greeting')
      .map((t) => t.status);
  const eve = await greetings();
  expect(eve).toEqual(['open']);
});

test('control: with no rename the eve run plans the greeting', async () => {
  const customer = await makeCustomer(app, {
    name: 'Control Co',
    lifecycle: 'active',
    contacts: [{ name: 'Zhao Min', optOuts: [] }],
  } as never);
  await runJobAt(app, tasksJob, '2026-09-30T01:00:00Z');
  const kinds = (
    await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerId: customer.id }).lean()
  ).map((t) => `${t.kind}:${t.status}`);
  expect(kinds).toContain('greeting:open');
});

test('a contact removed mid-run on the eve: the greeting is planned for the others, not naming them', async () => {
  const customer = await makeCustomer(app, {
    name: 'Removed Contact Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Sun Hui', optOuts: [] },
      { name: 'Qian Jun', optOuts: [] },
    ],
  } as never);
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  let removed = false;
  const spy = vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    if (!removed && task.kind === 'greeting' && task.customerId === customer.id) {
      removed = true;
      await app.desk.services.customers.removeContact(
        await ctxOf(app, OWNER),
        customer.code,
        customer.contacts[1]!.key,
      );
    }
    return insert(task, ...rest);
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-30T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(removed).toBe(true);
  const greetings = (
    await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerId: customer.id }).lean()
  )
    .filter((t) => t.kind === 'greeting')
    .map((t) => [t.status, t.content]);
  expect(greetings).toEqual([['open', 'National Day (2026-10-01): greet Sun Hui']]);
});
