// What the notices-replay tests share: the outbox write of a ticket's card entry, the thread
// lines Slack took in a channel.
import type { TestApp } from './app.js';

/** An outbox write holding a ticket's card entry (a change's notices, or their replay). */
export const cardWrite = (ops: unknown) =>
  Array.isArray(ops) &&
  ops.some(
    (op: { updateOne?: { update?: { $setOnInsert?: { kind?: unknown } } } }) =>
      op.updateOne?.update?.$setOnInsert?.kind === 'ticket.card',
  );

/** The thread lines Slack took in `channel` since the fake's last reset. */
export const threadLines = (app: TestApp, channel: string) =>
  app.fake
    .tookPostsTo(channel)
    .filter((p) => p.args.thread_ts)
    .map((p) => String(p.args.text));
