// A week's digest as the tests compare it: built in production (from the stored days once the
// digest job has stored them) and read live from the tickets, as before the stored days.
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { DigestRepository } from '../../src/digest/repository.js';
import { DigestService } from '../../src/digest/service.js';
import type { ActionParams } from '../../src/ticket/types.js';
import type { TestApp } from './app.js';
import { act, ctxOf, respond } from './factories.js';

/** Week `week` (`2026-W48`) of the workspace, in its time zone: the context and the window. */
async function weekOf(app: TestApp, week: string) {
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  return { ctx, window: { week, ...periodWindow(week, ctx.settings.timeZone)! } };
}

/** Week `week`'s digest as built in production (from the stored days once the job has run). */
export async function builtDigest(app: TestApp, week: string) {
  const { ctx, window } = await weekOf(app, week);
  return app.desk.services.digests.build(ctx, window);
}

/** Week `week`'s digest from the tickets read live, as before the stored days. */
export async function liveDigest(app: TestApp, week: string) {
  const { tickets, tasks, customers } = app.desk.services;
  const live = new DigestService({
    digests: new DigestRepository(app.db.models.digests),
    tickets,
    tasks,
    customers,
  });
  const { ctx, window } = await weekOf(app, week);
  return live.build(ctx, window);
}

/** A posted digest's fields, label to value (a value's lines joined with " | "). */
export function digestFields(message: { args: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.args.blocks as any[])
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  return out;
}

/** `by` acts on ticket `number` at `at` (a claim answers the requester too: its first response). */
export async function actAt(
  app: TestApp,
  number: string,
  params: ActionParams,
  by: string,
  at: Date,
): Promise<void> {
  app.clock.set(at);
  await act(app, number, params, by);
  if (params.action === 'claim') await respond(app, number, by);
}
