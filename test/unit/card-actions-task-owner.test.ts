// revwave F3: a resolved ticket keeps the account manager it had (TicketRepository
// .reassignCustomer moves open tickets only); the private card (TicketFlows.show) offers New task
// by the customer's owner now, as TaskService.ticketToPlanFor checks on the click.
import { expect, test } from 'vitest';
import type { Ctx } from '../../src/context.js';
import { allowed } from '../../src/permissions.js';
import { readerCardActions } from '../../src/ticket/card-actions.js';
import { defaultSettings } from '../../src/workspace/settings.js';
import { ticket as record } from '../helpers/records.js';

const NOW = new Date('2026-11-30T03:00:00Z');
const settings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: [], channels: {} }),
  managers: ['UMGR'],
  agents: ['UAGENT'],
  accountManagers: ['UFORMER', 'UNEW'],
  openDesk: false,
};
const ctxOf = (actor: string) => ({ settings, actor, now: NOW }) as Ctx;

test("a private card offers New task to the customer's owner now, not to its former one", () => {
  // Resolved while UFORMER owned the customer; UNEW owns it now.
  const resolved = record({
    status: 'resolved',
    assigneeId: 'UAGENT',
    resolvedAt: new Date(NOW.getTime() - 86_400_000),
    accountManagerId: 'UFORMER',
    requester: { userId: 'UREQ' },
  });
  const customerNow = { ownerId: 'UNEW' };
  // What TaskService.customerToPlanFor asks (assertMay, the customer as read now).
  const serviceLets = (u: string) =>
    allowed(ctxOf(u), 'customer.planTask', { customer: customerNow });
  for (const u of ['UFORMER', 'UNEW'])
    expect(readerCardActions(ctxOf(u), resolved, customerNow.ownerId).includes('task')).toBe(
      serviceLets(u),
    );
});
