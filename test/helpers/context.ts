// A request's context built the way the app builds it, for tests and benchmarks that call
// services and flows directly. (No vitest imports here: the benchmarks use it too.)
import type { DeskApp } from '../../src/app.js';
import type { Ctx, Origin } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

const silent = createLogger('silent');

/** A request's context in a workspace of `desk` (the test one by default), as of `now`. */
export function contextIn(
  desk: Pick<DeskApp, 'services'>,
  actor: string,
  now: Date,
  opts: { origin?: Origin; teamId?: string } = {},
): Promise<Ctx> {
  return desk.services.workspaces.context({
    teamId: opts.teamId ?? FAKE_TEAM_ID,
    actor,
    now,
    log: silent,
    origin: opts.origin ?? 'slack',
  });
}
