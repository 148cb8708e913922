import type { Ctx } from '../context.js';
import type { HomeNotifier } from '../notify/home.js';
import type { OutboxWorker } from '../notify/outbox.js';

/**
 * The Homes a saved change shows on, refreshed after it: written to the outbox and its worker
 * woken. Never fails the change it follows: a failure is logged (the Home shows the change at
 * its next refresh or open).
 */
export async function refreshHomesAfter(
  notify: { homes: Pick<HomeNotifier, 'refresh'>; outbox: Pick<OutboxWorker, 'kick'> },
  ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'log'>,
  userIds: Iterable<string>,
): Promise<void> {
  await notify.homes
    .refresh(ctx, userIds)
    .then(() => notify.outbox.kick())
    .catch((err: unknown) => ctx.log.warn({ err }, 'home refresh not written'));
}
