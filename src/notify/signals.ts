import type { Ctx } from '../context.js';
import type { CustomerSignal } from '../customer/types.js';
import type { OutboxService } from '../outbox/service.js';
import type { NewOutboxEntry } from '../outbox/types.js';
import type { OutboxData } from './types.js';

/**
 * A customer signal, written to the outbox under the key it was recorded with: an owner's
 * signals waiting together go out as one DM (twenty lines a DM, as many as it takes).
 */
export class SignalNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /** `notBefore`: not due before then (a tier move told on the first working day after the review). */
  async tell(ctx: Ctx, signal: CustomerSignal, key: string, notBefore?: Date): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      {
        key: `signal:${key}`,
        kind: 'signal',
        to: signal.owner,
        group: `signals:${signal.owner}`,
        data: { signal } satisfies OutboxData['signal'],
        quiet: true,
        ...(notBefore && notBefore > ctx.now ? { notBefore } : {}),
      },
    ]);
  }
}

/** What a signal's key says after `signal:<kind>:<customer>:<key>`: who it was passed on to. */
const PASSED_ON = /(?::manager:[A-Z0-9]+)?(?::owner:[A-Z0-9]+)?$/;

/**
 * A held signal whose customer was handed to another owner (`ownerId`) before it went: the same
 * signal for whoever is to be told it now, rendered when it goes. The owner's copy goes to the
 * new owner, as does a manager's copy held for the new owner themself; another manager's copy
 * stays theirs when they manage the new owner too (`managers`), naming the new owner. Keyed per
 * signal, reader and new owner (`<signal>[:manager:<reader>]:owner:<new owner>`), so what two
 * entries pass on to one reader is written once, and a delivery tried again writes nothing new.
 * None when the reader was told the signal already (`told`: entries of it, as they stand) or
 * manages the new owner no more.
 */
export function signalHandedOn(
  entry: { key: string; to: string },
  signal: CustomerSignal,
  ownerId: string,
  managers: readonly string[],
  told: readonly { key: string; to: string; state: string }[],
): NewOutboxEntry | undefined {
  const base = signalBase(entry.key);
  const toOwner = !signal.accountManager || entry.to === ownerId;
  if (!toOwner && !managers.includes(entry.to)) return undefined;
  const to = toOwner ? ownerId : entry.to;
  if (told.some((e) => e.to === to && e.state === 'sent' && signalBase(e.key) === base))
    return undefined;
  const { accountManager: _, ...rest } = signal;
  return {
    key: toOwner ? `${base}:owner:${ownerId}` : `${base}:manager:${to}:owner:${ownerId}`,
    kind: 'signal',
    to,
    group: `signals:${to}`,
    data: {
      signal: toOwner ? { ...rest, owner: to } : { ...rest, owner: to, accountManager: ownerId },
    } satisfies OutboxData['signal'],
    quiet: true,
  };
}

/** A signal entry's key without whom it was passed on to: the keys of one signal share it. */
export function signalBase(key: string): string {
  return key.replace(PASSED_ON, '');
}

/** The keys a signal (`base`, signalBase) told to `to` may be under. */
export function signalKeysOf(base: string, to: string): string[] {
  return [base, `${base}:manager:${to}`, `${base}:owner:${to}`];
}
