import type { Ctx } from '../context.js';
import type { CustomerSignal } from '../customer/types.js';
import type { OutboxService } from '../outbox/service.js';
import type { NamedIn, NewOutboxEntry } from '../outbox/types.js';
import type { OutboxData } from './types.js';

/**
 * A customer signal, written to the outbox under the key it was recorded with: an owner's
 * signals waiting together go out as one DM (twenty lines a DM, as many as it takes).
 */
export class SignalNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * `notBefore`: not due before then (a tier move told on the first working day after the
   * review). `names`: the customer (and contacts) it names as the run read them, checked before it
   * goes (NewOutboxEntry.names: the daily signals, written then checked by writtenUnlessErased).
   */
  async tell(
    ctx: Ctx,
    signal: CustomerSignal,
    key: string,
    notBefore?: Date,
    names?: NamedIn[],
  ): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      {
        key: `signal:${key}`,
        kind: 'signal',
        to: signal.owner,
        group: `signals:${signal.owner}`,
        data: { signal } satisfies OutboxData['signal'],
        quiet: true,
        ...(notBefore && notBefore > ctx.now ? { notBefore } : {}),
        ...(names?.length ? { names } : {}),
      },
    ]);
  }

  /** Which of the signals keyed `keys` (as given to `tell`) have an entry in the outbox. */
  async written(ctx: Pick<Ctx, 'teamId'>, keys: readonly string[]): Promise<string[]> {
    if (!keys.length) return [];
    const entries = await this.outbox.byKeys(
      ctx.teamId,
      keys.map((k) => `signal:${k}`),
    );
    return entries.map((e) => e.key.slice('signal:'.length));
  }
}

/** What a signal's key says after `signal:<kind>:<customer>:<key>`: who it was passed on to. */
const PASSED_ON = /(?::manager:[A-Z0-9]+)?(?::owner:[A-Z0-9]+)?$/;

/**
 * A held signal whose customer was handed to another owner (`ownerId`) before it went, or whose
 * owner's copy is for someone else now (`executor`, `ownerExecutor`: whom the desk names in the
 * place of a guest owner, who is told nothing): the same signal for whoever is to be told it now,
 * rendered when it goes. The owner's copy goes to the executor (saying, for a guest owner, why),
 * as does a manager's copy held for the executor themself; another manager's copy stays theirs
 * when they manage the new owner too (`managers`), naming the new owner. With the owner's copy,
 * each manager of the new owner gets a copy naming them when a signal of its kind goes to the
 * owner's managers (`managersToo`: signal-rules.ts `toOwnersManagers`), so one who did not manage
 * the former owner is told too. Keyed per signal, reader and new owner (`<signal>:owner:<reader>`
 * for the owner's copy, `<signal>:manager:<reader>:owner:<new owner>`), so what two entries pass
 * on to one reader is written once, and a delivery tried again writes nothing new. None for a
 * reader told the signal already (`told`: entries of it, as they stand) or holding a copy of it
 * still in force (`inForce`: a manager's own, held, when only who stands in for a guest owner
 * changed), nor for a manager's copy held for one who manages the new owner no more.
 */
export function signalsHandedOn(
  entry: { key: string; to: string; names?: NamedIn[] },
  signal: CustomerSignal,
  owner: { ownerId: string; executor: string },
  managers: readonly string[],
  managersToo: boolean,
  told: readonly { key: string; to: string; state: string; inForce?: boolean }[],
): NewOutboxEntry[] {
  const { ownerId, executor } = owner;
  const base = signalBase(entry.key);
  const toOwner = !signal.accountManager || entry.to === executor;
  const readers = toOwner
    ? [executor, ...(managersToo ? managers.filter((m) => m !== executor) : [])]
    : managers.includes(entry.to)
      ? [entry.to]
      : [];
  const { accountManager: _, guestOwner: __, ...rest } = signal;
  return readers
    .filter(
      (to) =>
        !told.some(
          (e) => e.to === to && (e.state === 'sent' || e.inForce) && signalBase(e.key) === base,
        ),
    )
    .map((to) => ({
      key: to === executor ? `${base}:owner:${to}` : `${base}:manager:${to}:owner:${ownerId}`,
      kind: 'signal',
      to,
      group: `signals:${to}`,
      data: {
        signal:
          to === executor
            ? { ...rest, owner: to, ...(executor !== ownerId ? { guestOwner: ownerId } : {}) }
            : { ...rest, owner: to, accountManager: ownerId },
      } satisfies OutboxData['signal'],
      quiet: true,
      // What it names, checked before it goes as the entry it is passed on from was.
      ...(entry.names?.length ? { names: entry.names } : {}),
    }));
}

/** A signal entry's key without whom it was passed on to: the keys of one signal share it. */
export function signalBase(key: string): string {
  return key.replace(PASSED_ON, '');
}

/** The keys a signal (`base`, signalBase) told to `to` may be under. */
export function signalKeysOf(base: string, to: string): string[] {
  return [base, `${base}:manager:${to}`, `${base}:owner:${to}`];
}
