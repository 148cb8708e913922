// A failure injected in one method of a service, a flow or the driver, as a database failing
// right then would make it throw: the database itself stays real. Always put back (`restore`,
// in a `finally`).

import { expect, vi } from 'vitest';
import { TicketService } from '../../src/ticket/service.js';
import type { TestApp } from './app.js';
import { lastModalView } from './clicks.js';
import { AGENT } from './factories.js';

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

/**
 * /ticket new submitted by the agent with `form`, the next insert killed (`meanwhile` done before
 * it): the ticket in, its re-check and notices owed. The modal, its id kept: the same form
 * submitted again is the same submission.
 */
export async function fileAndDie(
  app: TestApp,
  form: Record<string, string>,
  meanwhile?: () => Promise<void>,
): Promise<Record<string, any>> {
  await app.slack.command('/ticket', 'new Spindle noise on line 4', { userId: AGENT });
  const modal = { ...lastModalView(app, 'views.open'), id: 'V0INTAKE1901' };
  killAfterNextInsert(meanwhile);
  await app.slack.submitView(modal, form, { userId: AGENT });
  expect(await app.db.models.tickets.findOne({}).lean()).toMatchObject({
    title: 'Spindle noise on line 4',
    intakeCheckOwedAt: expect.any(Date),
    noticesOwedAt: expect.any(Date),
  });
  return modal;
}
