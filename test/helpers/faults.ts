// A failure injected in one method of a service, a flow or the driver, as a database failing
// right then would make it throw: the database itself stays real. Always put back (`restore`,
// in a `finally`).

import { vi } from 'vitest';
import { TicketService } from '../../src/ticket/service.js';

/** The error an injected failure throws. */
export const DATABASE_GONE = 'database gone';

type Method = (...args: unknown[]) => Promise<unknown>;
/** The arguments of `target[method]`. */
type ArgsOf<F> = F extends (...args: infer A) => Promise<unknown> ? A : never;

/**
 * Makes `target[method]` throw DATABASE_GONE on its next `times` calls that `when` picks (all
 * calls by default; `times` Infinity: until restored). Returns the function that puts it back.
 */
export function failCalls<T extends object, K extends keyof T>(
  target: T,
  method: K,
  options: { times?: number; when?: (...args: ArgsOf<T[K]>) => boolean } = {},
): () => void {
  const original = target[method];
  let left = options.times ?? 1;
  const bound = (original as unknown as Method).bind(target);
  target[method] = (async (...args: ArgsOf<T[K]>) => {
    if (left > 0 && (options.when?.(...args) ?? true)) {
      left--;
      throw new Error(DATABASE_GONE);
    }
    return bound(...args);
  }) as T[K];
  return () => {
    target[method] = original;
  };
}

/** What a process killed right then throws. */
export class Killed extends Error {}

/**
 * The next ticket insert runs `meanwhile` first (another request, between the intake's read of
 * the customer and its insert), lands, then its process dies: the hook throws Killed.
 */
export function killAfterNextInsert(meanwhile: () => Promise<void> = async () => {}): void {
  const proto = TicketService.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const insert = proto.insert!;
  vi.spyOn(proto, 'insert').mockImplementationOnce(async function (this: unknown, ...args) {
    await meanwhile();
    await insert.apply(this, args);
    throw new Killed('killed after the insert');
  });
}
