import type { Ctx } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import type { BoundaryDeps } from '../../src/slack/boundary.js';

/** What `boundary` needs, for a unit test of it: a silent log, a fixed clock, a bare context. */
export function boundaryDeps(extra: Partial<BoundaryDeps> = {}): BoundaryDeps {
  return {
    log: createLogger('silent'),
    clock: { now: () => new Date('2026-11-24T02:00:00Z') },
    workspaces: {
      localeFor: () => 'en',
      context: async (input) => ({ ...input, teamId: input.teamId }) as unknown as Ctx,
    },
    inFlight: new Set(),
    ...extra,
  };
}
