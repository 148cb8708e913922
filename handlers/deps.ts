import type { Config } from '../src/config.js';
import type { Clock } from '../src/clock.js';
import type { Logger } from '../src/logger.js';
import type { Services } from '../src/services.js';
import type { BoundaryDeps } from '../src/slack/boundary.js';
import type { TicketFlows } from '../src/ticket/flows.js';

/** Everything a listener may use, passed explicitly at registration. */
export interface HandlerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  services: Services;
  boundary: BoundaryDeps;
  /** Slack side effects of ticket changes: card, thread, DMs. */
  ticketFlows: TicketFlows;
}
