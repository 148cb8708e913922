// The digest's "Tickets past their SLA" list with more tickets resolved late in the week than it
// shows: every one is counted ("…and N more"), the first BREACHES_MAX by number are named, and
// only those are read whole from the database (the others only by the fields the list filters
// and counts them by).
import mongoose from 'mongoose';
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { BREACHES_MAX } from '../../src/digest/types.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-16T02:00:00Z',
});

type Posted = { type: string; text?: { text: string }; elements?: { text: string }[] };

/** `n` tickets received Mon 23 November 10:00 (Shanghai), resolved late on Wed 25: their numbers. */
async function resolvedLate(n: number): Promise<string[]> {
  app.clock.set('2026-11-23T02:00:00Z');
  const { code } = await makeCustomer(app, { name: 'Huadong', firstContactDate: '2026-11-01' });
  const numbers: string[] = [];
  for (let i = 0; i < n; i++)
    numbers.push((await makeTicket(app, { customerCode: code, severity: 'urgent' })).number);
  await app.db.models.tickets.collection.updateMany(
    { number: { $in: numbers } },
    {
      $set: {
        status: 'resolved',
        firstResponseAt: new Date('2026-11-23T02:10:00Z'),
        resolvedAt: new Date('2026-11-25T02:00:00Z'),
        'metrics.responseBreached': false,
        'metrics.resolutionBreached': true,
      },
    },
  );
  return numbers.sort();
}

/**
 * The tickets the database hands back while `run` runs: how many whole (no projection) and how
 * many in all, and their size as JSON.
 */
async function ticketsRead(run: () => Promise<unknown>) {
  const read = { whole: 0, all: 0, bytes: 0 };
  const exec = mongoose.Query.prototype.exec;
  const tickets = app.db.models.tickets.modelName;
  mongoose.Query.prototype.exec = async function (this: mongoose.Query<unknown, unknown>) {
    const out = await exec.call(this);
    if (
      this.model.modelName === tickets &&
      (this as unknown as { op: string }).op === 'find' &&
      Array.isArray(out)
    ) {
      const projection = this.projection() as Record<string, unknown> | undefined;
      if (!projection || Object.keys(projection).length === 0) read.whole += out.length;
      read.all += out.length;
      read.bytes += JSON.stringify(out).length;
    }
    return out;
  } as typeof exec;
  try {
    await run();
  } finally {
    mongoose.Query.prototype.exec = exec;
  }
  return read;
}

describe('digest past-SLA list with more late tickets than it shows', () => {
  test('twelve resolved late: ten named, two counted in "…and 2 more"; only the ten named are read whole', async () => {
    const numbers = await resolvedLate(12);
    const ctx = await ctxOf(app, SYSTEM_ACTOR);
    const window = { week: '2026-W48', ...periodWindow('2026-W48', ctx.settings.timeZone)! };
    app.clock.set('2026-11-30T01:00:00Z');
    let past!: Awaited<ReturnType<typeof app.desk.services.digests.pastSla>>;
    const read = await ticketsRead(async () => {
      past = await app.desk.services.digests.pastSla(ctx, window, BREACHES_MAX);
    });
    expect(past.open).toEqual([]);
    expect(past.done.map((d) => [d.ticket.number, d.what])).toEqual(
      numbers.slice(0, BREACHES_MAX).map((n) => [n, 'resolution']),
    );
    // Read whole, as the digest's line needs them (its customer's name, who holds it).
    expect(past.done.every((d) => d.ticket.customerName === 'Huadong')).toBe(true);
    expect(past.total).toBe(12);
    expect({ whole: read.whole, all: read.all }).toEqual({ whole: BREACHES_MAX, all: 12 + 10 });

    // Monday 30 Nov 09:00 Shanghai: the digest of week 48 in the channel says the same.
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST).find((p) => JSON.stringify(p).includes('past their SLA'));
    const blocks = (post!.args as unknown as { blocks: Posted[] }).blocks;
    const at = blocks.findIndex((b) => b.text?.text.includes('past their SLA'));
    const end = blocks.findIndex((b, i) => i > at && b.type === 'context');
    const lines = blocks
      .slice(at + 1, end)
      .flatMap((b) => b.text!.text.split('\n'))
      .filter((l) => l.includes('resolved late'));
    expect(lines.map((l) => /\|(\S+)>/.exec(l)?.[1])).toEqual(numbers.slice(0, BREACHES_MAX));
    expect(blocks[end]!.elements![0]!.text).toBe('…and 2 more.');
  });
});
