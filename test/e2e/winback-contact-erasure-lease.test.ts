// reread3 F7: the signals run's win-back planner checks the customer after its insert, and when it
// finds the call planned already. A contact's erasure under way (the workspace's erasure lease
// naming one contact of the customer) used to count as the customer being erased: the call was
// taken back and the whole churn flow (care contact replaced, stage, churn DM) skipped for the
// day. The call and the DM name no contact, so only the customer's own erasure stops them now.
import { Types } from 'mongoose';
import { afterEach, expect, test, vi } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { jobDepsOf } from '../../src/app.js';
import { runDue } from '../../src/schedule/runner.js';
import type { ErasureLease } from '../../src/privacy/service.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { captureLogs } from '../helpers/logs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const RUN_AT = '2026-11-24T01:00:00Z';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let lease: ErasureLease | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await lease?.release();
  lease = null;
});

/** A customer at churn risk (a competitor contact on file), with a contact, Li Wei. */
async function rival() {
  const c = await makeCustomer(app, {
    name: 'Quiet Rival Ltd',
    firstContactDate: '2025-01-01',
    lifecycle: 'active',
    competitorContact: true,
    contacts: [{ name: 'Li Wei', phone: '13812345678' }],
  } as never);
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(c.id) },
    {
      $set: {
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastInteractionAt: new Date('2026-11-01T02:00:00Z'),
      },
    },
  );
  return c;
}

/** The workspace's erasure lease, held through the run for the customer or one contact of it. */
async function holdLease(code: string, contact?: string) {
  lease = await app.desk.services.erasureLeases.hold(
    { teamId: FAKE_TEAM_ID, now: new Date(RUN_AT) },
    contact ? { code, contact } : { code },
  );
  expect(lease).not.toBeNull();
}

async function churnTold() {
  await app.desk.outbox.drain();
  return app.fake
    .callsTo('chat.postMessage')
    .map((call) => String((call.args as { text?: unknown }).text))
    .filter((t) => t.includes('Quiet Rival'));
}

const winBacks = (customerId: string) =>
  app.db.models.tasks.find({ customerId, kind: 'winback' }).lean();
const lifecycle = async (id: string) =>
  (await app.db.models.customers.findById(id).lean())!.lifecycle;

test('a contact’s erasure under way through the run: the win-back call is planned, the stage moved and the churn DM told', async () => {
  const c = await rival();
  await holdLease(c.code, 'Li Wei');
  const [run] = await runJobAt(app, customerSignalsJob, RUN_AT);
  expect(run!.error).toBeUndefined();
  expect(run!.counts).toMatchObject({ churnRisks: 1 });
  expect(await winBacks(c.id)).toHaveLength(1);
  expect(await lifecycle(c.id)).toBe('churn_warning');
  const told = await churnTold();
  expect(told).toHaveLength(1);
  expect(told[0]).toContain('win-back call is planned');
});

test('a contact’s erasure under way, the call planned already by another instance’s run: the churn flow still goes on', async () => {
  const c = await rival();
  const tasks = app.desk.services.tasks;
  const plan = tasks.planWinBack.bind(tasks);
  let raced = false;
  vi.spyOn(tasks, 'planWinBack').mockImplementation(async (ctx, customer, episode, taken) => {
    if (!raced && customer.id === c.id) {
      raced = true;
      // The other instance planned this episode's call before the contact's erasure began.
      expect(await plan(ctx, customer, episode)).toBe(true);
      await holdLease(c.code, 'Li Wei');
    }
    return plan(ctx, customer, episode, taken);
  });
  const [run] = await runJobAt(app, customerSignalsJob, RUN_AT);
  expect(run!.error).toBeUndefined();
  expect(raced).toBe(true);
  expect(await winBacks(c.id)).toHaveLength(1);
  expect(await lifecycle(c.id)).toBe('churn_warning');
  const told = await churnTold();
  expect(told).toHaveLength(1);
  expect(told[0]).toContain('win-back call is planned');
});

test('control: the customer’s own erasure under way through the run: no call, no stage move, no churn DM', async () => {
  const c = await rival();
  await holdLease(c.code);
  const [run] = await runJobAt(app, customerSignalsJob, RUN_AT);
  expect(run!.error).toBeUndefined();
  expect(await winBacks(c.id)).toEqual([]);
  expect(await lifecycle(c.id)).toBe('active');
  expect(await churnTold()).toEqual([]);
});

test('the check failing on a call planned already: logged as not planned (nothing said taken back), nothing more done this run', async () => {
  const c = await rival();
  const tasks = app.desk.services.tasks;
  const plan = tasks.planWinBack.bind(tasks);
  let raced = false;
  vi.spyOn(tasks, 'planWinBack').mockImplementation(async (ctx, customer, episode, taken) => {
    if (raced || customer.id !== c.id) return plan(ctx, customer, episode, taken);
    raced = true;
    expect(await plan(ctx, customer, episode)).toBe(true);
    // The lease read of the check fails (the database, right then).
    const restore = failCalls(app.desk.services.erasureLeases, 'running');
    try {
      return await plan(ctx, customer, episode, taken);
    } finally {
      restore();
    }
  });
  const logs = captureLogs();
  app.clock.set(RUN_AT);
  const deps = jobDepsOf(app.desk, { log: logs.log, clock: app.clock, instanceId: 'a' });
  const [run] = await runDue(deps, [customerSignalsJob]);
  expect(run!.error).toBeUndefined();
  expect(raced).toBe(true);
  const said = logs.lines.filter((l) => String(l.msg).includes('is not known'));
  expect(said.map((l) => l.msg)).toEqual([
    'win-back call not planned (one is open or planned already): whether its customer was erased is not known, nothing more done for it this run',
  ]);
  expect(logs.raw.join('\n')).not.toContain('taken back');
  // The call the other run planned stays; this run did nothing more for the customer.
  expect(await winBacks(c.id)).toHaveLength(1);
  expect(await lifecycle(c.id)).toBe('active');
  expect(await churnTold()).toEqual([]);
});
