import type { Ctx } from '../context.js';
import type { Notifiers } from '../notify/index.js';
import type { NamedIn } from '../outbox/types.js';
import type { TaskService } from '../task/service.js';

/**
 * DMs a run draws from its earlier read of the customers they name (the daily signals), each
 * `item` one or more entries naming the customers (and contacts) `namesOf` says: written in one
 * batch, each entry carrying what it names (NewOutboxEntry.names, which `write` puts on it), then
 * checked (TaskService.namesGone: one lease read, one read of the customers). An erasure that
 * finished between the run's read and this write scrubbed the outbox before they were in it
 * (revp60 F2, planfix's open point): the items naming a customer erased since, or being erased,
 * or a contact of one erased since, are taken back unsent (OutboxWorker.takeBackNamed; with an
 * entry an earlier run wrote under the same key and never checked). The others stay as written:
 * a grouped entry (an owner's signals, one DM) is the worker's, which checks them again before
 * sending unless their writer holds them; one held for the writer is delivered now. A check that
 * fails takes every item back and is thrown (the caller's run is tried again). Returns the
 * items kept, in their order.
 */
export async function writtenUnlessErased<I>(
  ctx: Ctx,
  deps: {
    outbox: Pick<Notifiers['outbox'], 'batch' | 'takeBackNamed' | 'deliver'>;
    tasks: Pick<TaskService, 'namesGone'>;
  },
  items: readonly I[],
  namesOf: (item: I) => NamedIn[],
  write: (batched: Ctx, item: I) => Promise<string[]>,
): Promise<I[]> {
  if (!items.length) return [];
  const keysOf: string[][] = [];
  const { written } = await deps.outbox.batch(ctx, async (batched) => {
    for (const item of items) keysOf.push(await write(batched, item));
  });
  const refs = items.map(namesOf);
  let gone: boolean[];
  try {
    const each = await deps.tasks.namesGone(ctx, refs.flat());
    let at = 0;
    gone = refs.map((named) => {
      const some = named.some((_, i) => each[at + i]);
      at += named.length;
      return some;
    });
  } catch (err) {
    await deps.outbox.takeBackNamed(ctx.teamId, keysOf.flat(), written);
    throw err;
  }
  const back = keysOf.flatMap((keys, i) => (gone[i] ? keys : []));
  if (back.length) await deps.outbox.takeBackNamed(ctx.teamId, back, written);
  // Held for this writer (due now, not grouped): delivered, but never one taken back.
  const held = written.held.filter((e) => !back.includes(e.key));
  if (held.length) await deps.outbox.deliver(ctx.teamId, [], { written: { ...written, held } });
  return items.filter((_, i) => !gone[i]);
}
