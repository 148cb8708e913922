// The daily customer signals and tasks runs read the workspace's customers with only the fields
// their rules and planners use (SIGNAL_FIELDS, CARE_FIELDS), a page at a time: a file's notes,
// needs, tags, address and search terms are not sent by the database nor held by the run, and
// the run holds one page of customers however many there are. Decisions are unchanged (signals,
// tasks, care... tests); this checks what the reads return, their pages, and that signals and
// tasks that need listed fields (contract end, contacts, competitor contact, project end) fire.
// The progress-notes pass reads only the customers it can act on (a running project, or an open
// note), and plans and cancels what a pass over every customer did.
import { Types } from 'mongoose';
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { tasksJob } from '../../jobs/tasks.js';
import { CustomerRepository } from '../../src/customer/repository.js';
import { CARE_FIELDS, type CustomerPass } from '../../src/customer/types.js';
import type { RunCustomers } from '../../src/task/service.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Fields of a whole file neither run reads. */
const UNREAD = ['notes', 'needs', 'tags', 'address', 'industry', 'searchTerms', 'nameKey'];

/**
 * The fields of the customers the whole-workspace reads return over `work` (a pass's first page:
 * `{teamId}` alone; the next pages: `{teamId, code}`), and how many passes began.
 */
async function workspaceReads(
  work: () => Promise<unknown>,
): Promise<{ fields: string[][]; passes: number }> {
  const client = app.db.conn.getClient();
  const asked = new Set<number>();
  const cursors = new Set<string>();
  const fields: string[][] = [];
  let passes = 0;
  const started = (e: { commandName: string; requestId: number; command: Record<string, any> }) => {
    const filter = Object.keys(e.command.filter ?? {}).join();
    if (
      e.commandName === 'find' &&
      e.command.find === 'customers' &&
      (filter === 'teamId' || (filter === 'teamId,code' && e.command.filter.code?.$gt))
    ) {
      asked.add(e.requestId);
      if (filter === 'teamId') passes++;
    }
    if (e.commandName === 'getMore' && cursors.has(String(e.command.getMore)))
      asked.add(e.requestId);
  };
  const succeeded = (e: { requestId: number; reply: any }) => {
    if (!asked.has(e.requestId)) return;
    const cursor = e.reply?.cursor;
    if (cursor?.id && String(cursor.id) !== '0') cursors.add(String(cursor.id));
    for (const doc of [...(cursor?.firstBatch ?? []), ...(cursor?.nextBatch ?? [])])
      fields.push(Object.keys(doc));
  };
  client.on('commandStarted', started);
  client.on('commandSucceeded', succeeded);
  try {
    await work();
  } finally {
    client.off('commandStarted', started);
    client.off('commandSucceeded', succeeded);
  }
  return { fields, passes };
}

test('the signals and tasks runs read each customer without the fields they do not use', async () => {
  for (const name of ['Notes Heavy Co', 'Needs Heavy Co'])
    await makeCustomer(app, {
      name,
      lifecycle: 'stable',
      notes: 'Long account history. '.repeat(50),
      needs: { stated: 'A yearly maintenance contract', budget: 200_000 },
      tags: ['price-sensitive', 'tech-oriented'],
      address: '88 Century Avenue, Pudong',
      contact: { name: 'Li Wei', birthday: '1980-11-24' },
    });
  for (const [job, passes] of [
    [customerSignalsJob, 1],
    // The care plan's (no delivery, no greeting day; the progress notes read only the customers
    // with a project or an open note: none here).
    [tasksJob, 1],
  ] as const) {
    const read = await workspaceReads(() => runJobAt(app, job, '2026-11-24T02:00:00Z'));
    // Both customers, once a pass.
    expect(read.passes, job.name).toBe(passes);
    expect(read.fields.length, job.name).toBe(2 * passes);
    for (const fields of read.fields) {
      expect(fields, job.name).toEqual(expect.arrayContaining(['_id', 'code', 'contacts']));
      for (const field of UNREAD) expect(fields, `${job.name}: ${field}`).not.toContain(field);
    }
  }
});

test('the customers are read a page at a time, in code order, each once', async () => {
  const made = [];
  for (let i = 0; i < 5; i++) made.push(await makeCustomer(app, { name: `Paged Co ${i}` }));
  const customers = new CustomerRepository(app.db.models.customers);
  const pages = [];
  for await (const page of customers.pagesWith(FAKE_TEAM_ID, CARE_FIELDS, 2))
    pages.push(page.map((c) => c.code));
  expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
  expect(pages.flat()).toEqual(made.map((c) => c.code).sort());
});

test('signals and tasks that need the listed fields still fire from the paged, projected reads', async () => {
  const old = async (name: string, set: Record<string, unknown>, patch = {}) => {
    const c = await makeCustomer(app, {
      name,
      firstContactDate: '2025-01-01',
      lifecycle: 'active',
      ...patch,
    });
    await app.db.models.customers.collection.updateOne(
      { _id: new Types.ObjectId(c.id) },
      {
        $set: {
          createdAt: new Date('2025-01-01T00:00:00Z'),
          lastInteractionAt: new Date('2026-11-01T02:00:00Z'),
          ...set,
        },
      },
    );
    return c;
  };
  await old('Contract Ends Co', { contractEndDate: '2026-12-20' }); // contractEndDate
  await old('Rival Co', { competitorContact: true }); // competitorContact, createdAt
  await old('Birthday Co', {}, { contact: { name: 'Zhou Min', birthday: '1979-11-24' } }); // contacts
  await old('Project Co', { projectUntil: '2026-12-31' }); // projectUntil
  const [signals] = await runJobAt(app, customerSignalsJob, '2026-11-24T02:00:00Z');
  expect(signals!.counts).toMatchObject({ contracts: 1, churnRisks: 1, birthdays: 1 });
  const [tasks] = await runJobAt(app, tasksJob, '2026-11-24T02:00:00Z');
  expect(tasks!.counts).toMatchObject({ progressNotesPlanned: 1 });
});

// Tuesday 2026-11-24: this week's note is due Wednesday 2026-11-25. Each case plans the notes of
// four customers on a project, then: one's project cleared, one churned, one both (its note is
// found by id only), one put on a project, one never on any. `every` reads every customer for
// both passes (as the one pass over every customer did): the same plans and cancels.
test.each(['only those it can act on', 'every customer'] as const)(
  'the progress-notes pass reading %s plans and cancels the same',
  async (reading) => {
    const { tasks } = app.desk.services;
    const ctx = await ctxOf(app, 'system');
    const make = async (name: string, projectUntil?: string) => {
      const c = await makeCustomer(app, { name, lifecycle: 'active' });
      if (projectUntil)
        await app.db.models.customers.collection.updateOne(
          { _id: new Types.ObjectId(c.id) },
          { $set: { projectUntil } },
        );
      return c;
    };
    const running = await make('Running Co', '2026-12-31');
    const cleared = await make('Cleared Co', '2026-12-31');
    const churned = await make('Churned Co', '2026-12-31');
    const gone = await make('Gone Co', '2026-12-31');
    const none = await make('No Project Co');
    expect((await tasks.planProgressNotes(ctx, tasks.runCustomers(ctx))).created).toBe(4);
    const set = (c: { id: string }, update: Record<string, unknown>) =>
      app.db.models.customers.collection.updateOne({ _id: new Types.ObjectId(c.id) }, update);
    await set(cleared, { $unset: { projectUntil: '' } });
    await set(churned, { $set: { lifecycle: 'churned' } });
    await set(gone, { $set: { lifecycle: 'churned' }, $unset: { projectUntil: '' } });
    const started = await make('Started Co', '2027-01-31');
    const read: RunCustomers =
      reading === 'every customer'
        ? () => tasks.runCustomers(ctx)()
        : (only?: CustomerPass) => tasks.runCustomers(ctx)(only);
    // What the pass's reads return (a customers find sorted by code; not a planned task's checks).
    const codes: string[] = [];
    const passReads = new Set<number>();
    const client = app.db.conn.getClient();
    const asked = (e: { commandName: string; requestId: number; command: Record<string, any> }) => {
      const sort = e.command.sort instanceof Map ? Object.fromEntries(e.command.sort) : {};
      if (e.commandName === 'find' && e.command.find === 'customers' && sort.code === 1)
        passReads.add(e.requestId);
    };
    const seen = (e: { requestId: number; reply: any }) => {
      if (passReads.has(e.requestId))
        for (const d of e.reply?.cursor?.firstBatch ?? []) codes.push(d.code);
    };
    client.on('commandStarted', asked);
    client.on('commandSucceeded', seen);
    let done;
    try {
      done = await tasks.planProgressNotes(ctx, read);
    } finally {
      client.off('commandStarted', asked);
      client.off('commandSucceeded', seen);
    }
    expect(done.created).toBe(1);
    expect(done.dropped).toBe(3);
    const notes = Object.fromEntries(
      (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, kind: 'progress' }).lean()).map(
        (t) => [t.customerCode, [t.dueDate, t.status, t.cancelReason]],
      ),
    );
    expect(notes).toEqual({
      [running.code]: ['2026-11-25', 'open', undefined],
      [cleared.code]: ['2026-11-25', 'cancelled', 'project_ended'],
      [churned.code]: ['2026-11-25', 'cancelled', 'churned'],
      [gone.code]: ['2026-11-25', 'cancelled', 'churned'],
      [started.code]: ['2026-11-25', 'open', undefined],
    });
    if (reading === 'every customer') return;
    // The running projects (code order), then the open notes' customers met there: by id. The
    // customer with neither is never read.
    expect(codes).toEqual([
      ...[running.code, churned.code, started.code].sort(),
      ...[cleared.code, gone.code].sort(),
    ]);
    expect(codes).not.toContain(none.code);
  },
);
