// Ticket cards as Slack last had them.
import type { KnownBlock } from '@slack/types';
import type { TestApp } from './app.js';

/**
 * The triage card of `number` as Slack last had it (posted in `triage`, then updated in place),
 * once the outbox is drained.
 */
export async function triageCardOf(
  app: TestApp,
  triage: string,
  number: string,
): Promise<KnownBlock[]> {
  await app.desk.outbox.drain();
  const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
  const call =
    app.fake.updatesOf(stored.card!.ts).at(-1) ??
    app.fake
      .postsTo(triage)
      .filter((c) => !c.args.thread_ts && JSON.stringify(c.args.blocks).includes(number))
      .at(-1)!;
  return call.args.blocks as KnownBlock[];
}
