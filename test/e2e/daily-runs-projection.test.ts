// The daily customer signals and tasks runs read the workspace's customers with only the fields
// their rules and planners use (SIGNAL_FIELDS, CARE_FIELDS): a file's notes, needs, tags, address
// and search terms are not sent by the database nor held by the run, however many customers.
// Decisions are unchanged (signals, tasks, care... tests); this checks what the reads return.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Fields of a whole file neither run reads. */
const UNREAD = ['notes', 'needs', 'tags', 'address', 'industry', 'searchTerms', 'nameKey'];

/** The fields of the customers the whole-workspace reads (`{teamId}` alone) return over `work`. */
async function workspaceReads(work: () => Promise<unknown>): Promise<string[][]> {
  const client = app.db.conn.getClient();
  const asked = new Set<number>();
  const cursors = new Set<string>();
  const fields: string[][] = [];
  const started = (e: { commandName: string; requestId: number; command: Record<string, any> }) => {
    if (
      e.commandName === 'find' &&
      e.command.find === 'customers' &&
      Object.keys(e.command.filter ?? {}).join() === 'teamId'
    )
      asked.add(e.requestId);
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
  return fields;
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
  for (const job of [customerSignalsJob, tasksJob]) {
    const read = await workspaceReads(() => runJobAt(app, job, '2026-11-24T02:00:00Z'));
    // Both customers, once (the tasks run's four planners share one read).
    expect(read.length, job.name).toBe(2);
    for (const fields of read) {
      expect(fields, job.name).toEqual(expect.arrayContaining(['_id', 'code', 'contacts']));
      for (const field of UNREAD) expect(fields, `${job.name}: ${field}`).not.toContain(field);
    }
  }
});
