// Customers, tickets and their actions made the way the app makes them (through its services
// and flows, never raw inserts), for tests that need data in place before what they check.
import type { Ctx, Origin } from '../../src/context.js';
import type { ActOptions } from '../../src/flows/tickets.js';
import type { CustomerRecord, NewCustomerPatch } from '../../src/customer/types.js';
import type {
  ActionParams,
  ResponseInput,
  TicketInput,
  TicketRecord,
} from '../../src/ticket/types.js';
import type { TestApp } from './app.js';
import { contextIn } from './context.js';

export const OWNER = 'U0OWNER001';
export const AGENT = 'U0AGENT001';

/** A request's context in the test workspace, as of the test clock. */
export function ctxOf(
  app: TestApp,
  actor: string,
  opts: { origin?: Origin; teamId?: string } = {},
): Promise<Ctx> {
  return contextIn(app.desk, actor, app.clock.now(), opts);
}

/** A customer created by its owner (default: Huadong Machinery, owned by OWNER). */
export async function makeCustomer(
  app: TestApp,
  fields: Partial<NewCustomerPatch> = {},
): Promise<CustomerRecord> {
  const patch: NewCustomerPatch = {
    name: 'Huadong Machinery',
    industry: 'Manufacturing',
    source: 'referral',
    firstContactDate: '2026-01-05',
    ownerId: OWNER,
    ...fields,
  };
  return app.desk.services.customers.create(await ctxOf(app, patch.ownerId), patch);
}

let submissions = 0;

/**
 * A ticket taken in and announced as intake does it (card to triage, the account manager's DM),
 * by `actor`; for a new customer unless `customerCode` is given.
 */
export async function makeTicket(
  app: TestApp,
  input: Partial<TicketInput> = {},
  actor = AGENT,
): Promise<TicketRecord> {
  const now = app.clock.now();
  const customerCode = input.customerCode ?? (await makeCustomer(app)).code;
  const { ticket } = await app.desk.flows.tickets.create(await ctxOf(app, actor), {
    submissionId: `s${++submissions}-${now.getTime()}`,
    type: 'other',
    severity: 'general',
    channel: 'phone',
    title: 'Spindle error',
    description: 'E42',
    receivedAt: now,
    ...input,
    customerCode,
  });
  return ticket;
}

/** An action on a ticket by `actor`, through the same flow as a click. */
export async function act(
  app: TestApp,
  number: string,
  params: ActionParams,
  actor = AGENT,
  options: ActOptions = {},
) {
  return app.desk.flows.tickets.act(await ctxOf(app, actor), number, params, options);
}

/** An answer to a ticket's requester (a reply in its conversation, by default), as `actor`. */
export async function respond(
  app: TestApp,
  number: string,
  actor = AGENT,
  response: Partial<Omit<ResponseInput, 'by'>> = {},
) {
  const ctx = await ctxOf(app, actor);
  const ticket = await app.desk.services.tickets.get(ctx, number);
  return app.desk.flows.tickets.recordResponse(ctx, ticket.id, {
    by: actor,
    at: ctx.now,
    via: 'slack',
    ...response,
  });
}
