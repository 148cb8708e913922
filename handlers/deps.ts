import type { Flows } from '../src/flows/index.js';
import type { Services } from '../src/services.js';
import type { BoundaryDeps } from '../src/slack/boundary.js';

/** Everything a listener may use, passed explicitly at registration. */
export interface HandlerDeps {
  services: Services;
  flows: Flows;
  boundary: BoundaryDeps;
}
