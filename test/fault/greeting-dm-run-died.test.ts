// revp63 F4: the owners' greetings DMs are written held, then checked. A run that dies between
// the two leaves them held by its dead lease; the worker took them over 60 s later and sent them
// unchecked. A contact's erasure that finished before the write (its scrub of the outbox before
// the DM was in it) then left the contact named in a DM. Each DM now carries what it names
// (NewOutboxEntry.names): the worker checks before sending and takes it back.
import { expect, test, vi } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { OutboxWorker } from '../../src/notify/outbox.js';
import { TaskService } from '../../src/task/service.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-09-28T01:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

/** The run's greetings DM written, then the run dies before its check says anything. */
class RunDied extends Error {}

async function runDyingAfterWrite(erase?: () => Promise<unknown>) {
  const reach = TaskService.prototype.withReach;
  let erased = false;
  const spies = [
    vi.spyOn(TaskService.prototype, 'withReach').mockImplementation(async function (
      this: TaskService,
      ctx,
      tasks,
    ) {
      if (erase && !erased && tasks.some((t) => t.kind === 'greeting')) {
        erased = true;
        await erase();
      }
      return reach.call(this, ctx, tasks) as never;
    }),
    vi.spyOn(TaskService.prototype, 'greetingsGone').mockRejectedValue(new RunDied('died')),
    vi.spyOn(OutboxWorker.prototype, 'takeBackNamed').mockRejectedValue(new RunDied('died')),
  ];
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(String(run!.error)).toContain('died');
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  expect(erased).toBe(!!erase);
  // Held by the dead run: nothing went yet. Its lease over, the worker takes it.
  expect(app.fake.postsTo(OWNER)).toEqual([]);
  expect(await app.db.models.outbox.countDocuments({ key: /^greetings:/, state: 'pending' })).toBe(
    1,
  );
  app.clock.set('2026-09-28T01:02:00Z');
  await app.desk.outbox.drain();
  return app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));
}

test('a greetings DM its run never checked names no contact erased before its write', async () => {
  const customer = await makeCustomer(app, {
    name: 'Dead Run Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  const dms = await runDyingAfterWrite(async () =>
    app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), customer.code, 'Li Wei'),
  );
  expect(dms.filter((d) => d.includes('Li Wei'))).toEqual([]);
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
  expect(await app.db.models.outbox.countDocuments({ key: /^greetings:/ })).toBe(0);
});

test('control: a greetings DM its run never checked, nothing erased, is sent by the worker once', async () => {
  await makeCustomer(app, {
    name: 'Quiet Run Co',
    lifecycle: 'active',
    contacts: [{ name: 'Zhao Lei', optOuts: [] }],
  } as never);
  const dms = await runDyingAfterWrite();
  expect(dms.filter((d) => d.includes('Zhao Lei'))).toHaveLength(1);
});

// p44 greeterase 2: one customer of the DM erased whole took the owner's WHOLE greetings DM back
// at delivery; the other customers' greetings went untold that day. Only its lines are taken out
// now: the DM goes without them, its count said again.
test('a greetings DM its run never checked goes without the lines of a customer erased before its write', async () => {
  const gone = await makeCustomer(app, {
    name: 'Erased Line Co',
    lifecycle: 'active',
    contacts: [{ name: 'Qian Hao', optOuts: [] }],
  } as never);
  await makeCustomer(app, {
    name: 'Kept Line Co',
    lifecycle: 'active',
    contacts: [{ name: 'Sun Mei', optOuts: [] }],
  } as never);
  const dms = await runDyingAfterWrite(async () =>
    app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), gone.code),
  );
  expect(dms).toHaveLength(1);
  expect(dms[0]).toContain('Sun Mei');
  expect(dms[0]).toContain('Kept Line Co');
  expect(dms[0]).toContain(': 1 customer to greet');
  expect(dms[0]).not.toContain('Qian Hao');
  expect(dms[0]).not.toContain('Erased Line Co');
  expect(dms[0]).not.toContain(gone.id);
  expect(await scanStrings(app.db, ['Qian Hao', 'Erased Line Co'])).toEqual([]);
  // Recorded as sent, listing the kept customer's greeting alone (what an erasure or retention
  // edits).
  const [entry] = await app.db.models.outbox.find({ key: /^greetings:/ }).lean();
  expect(entry?.state).toBe('sent');
});
