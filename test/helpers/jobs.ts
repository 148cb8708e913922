import type { JobDeps } from '../../jobs/types.js';
import { createLogger } from '../../src/logger.js';
import type { TestApp } from './app.js';

// Job runs log through the app's logger in production; a silent one keeps test output clean.
const silent = createLogger('silent');

/** What the scheduler hands a job, built from the test app; `instance` names the "instance". */
export function jobDeps(app: TestApp, instance = 'a'): JobDeps {
  return {
    log: silent,
    clock: app.clock,
    services: app.desk.services,
    desk: app.desk,
    instanceId: instance,
  };
}
