import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { ReportService } from '../../src/digest/report-service.js';
import { ReportRepository, ReportSource } from '../../src/digest/repository.js';
import type { ActionParams, Severity, TicketType } from '../../src/ticket/types.js';
import type { TestApp } from './app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER, respond } from './factories.js';
import { resolvedUncontacted } from './complaints.js';

export const OWNER2 = 'U0OWNER002';
export const AGENT2 = 'U0AGENT002';

/** A time of a 2026 day in Shanghai (the test workspace's zone): `local('10-13', '10:00')`. */
export const local = (date: string, hhmm: string) => new Date(`2026-${date}T${hhmm}:00+08:00`);

/** `app`'s October 2026 report built from every record, as before the stored days. */
export async function fromEveryRecord(app: TestApp) {
  const raw = new ReportService({
    reports: new ReportRepository(app.db.models.reports),
    source: new ReportSource(app.db.models),
    workspaces: app.desk.services.workspaces,
  });
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  return raw.build(ctx, periodWindow('2026-10', ctx.settings.timeZone)!);
}

/** `app`'s October 2026 report from the stored days, and how many days it took as stored. */
export async function fromStoredDays(app: TestApp) {
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  const figures = await app.desk.services.reports.build(
    ctx,
    periodWindow('2026-10', ctx.settings.timeZone)!,
  );
  return { figures, days: { ...app.desk.services.reports.lastDailyStats! } };
}

/**
 * The seeding of the monthly report's tests (test/e2e/reports and the report CLI's in test/cli):
 * tickets, their actions, orders and revisits at given times, and `twoMonths`, the desk they
 * report on. Each moves `app`'s clock to the time it records.
 */
export function reportMonths(app: TestApp) {
  async function ticket(code: string, severity: Severity, type: TicketType, received: Date) {
    app.clock.set(received);
    return (await makeTicket(app, { customerCode: code, severity, type })).number;
  }

  async function actAt(number: string, params: ActionParams, by: string, at: Date) {
    app.clock.set(at);
    await act(app, number, params, by);
    // The agent who claims answers the requester at once: the first response.
    if (params.action === 'claim') await respond(app, number, by);
  }

  async function order(code: string, date: string, amount: number, by = OWNER) {
    app.clock.set(local(date, '12:00'));
    await app.desk.services.customers.recordOrder(await ctxOf(app, by), code, {
      date: `2026-${date}`,
      amount,
      number: `${code}-${date}`,
    });
  }

  async function completeRevisit(number: string, at: Date, satisfaction: number, nps: number) {
    app.clock.set(at);
    const task = await app.db.models.tasks
      .findOne({ ticketNumber: number, kind: 'revisit' })
      .lean();
    await app.desk.services.tasks.complete(
      await ctxOf(app, task!.assigneeId),
      task!._id as string,
      () => ({
        interactionType: 'call',
        summary: 'ok',
        solved: true,
        satisfaction,
        nps,
      }),
    );
  }

  /**
   * Two months of a small desk.
   * Customers: Alpha (OWNER, active, since January), Beta (OWNER2, active, since February; a
   * competitor contact, churned 20 Oct), Gamma (OWNER, referral, first contact 8 Oct, a prospect
   * whose stated need is logged 9 Oct and who orders 15 Oct), Delta (OWNER2, online expo, first
   * contact 20 Oct, a prospect).
   * Orders: Alpha 600,000 on 10 Sep (key) and 500,000 on 12 Oct (1.1M in 12 months: strategic);
   * Beta 100,000 on 15 Sep; Gamma 200,000 on 15 Oct.
   * Tickets: T1 Alpha, important, 8 Sep 10:00, claimed 10:30, resolved 12:00 by AGENT. In October:
   * T2 Alpha complaint (general), 13 Oct 10:00, claimed 10:30, resolved 15:00 by AGENT (FCR);
   * T3 Beta important, 14 Oct 10:00, claimed 13:00 (late), reassigned to AGENT2, resolved 15 Oct
   * 10:00 (540 business minutes, not FCR); T4 Gamma urgent, 30 Oct 10:00, never claimed (open and
   * overdue at the month's end). Revisits: T2's done 16 Oct (5, NPS 10), T3's 19 Oct (3, NPS 6).
   */
  async function twoMonths() {
    app.clock.set(local('09-01', '10:00'));
    const alpha = await makeCustomer(app, {
      name: 'Alpha',
      source: 'other',
      firstContactDate: '2026-01-05',
      lifecycle: 'active',
    });
    app.clock.set(local('09-01', '10:00'));
    const beta = await makeCustomer(app, {
      name: 'Beta',
      source: 'other',
      firstContactDate: '2026-02-02',
      ownerId: OWNER2,
      lifecycle: 'active',
    });
    await order(alpha.code, '09-10', 600_000);
    await order(beta.code, '09-15', 100_000, OWNER2);
    const t1 = await ticket(alpha.code, 'important', 'after_sales', local('09-08', '10:00'));
    await actAt(t1, { action: 'claim' }, AGENT, local('09-08', '10:30'));
    await actAt(t1, { action: 'resolve', summary: 'fixed' }, AGENT, local('09-08', '12:00'));

    app.clock.set(local('10-08', '10:00'));
    const gamma = await makeCustomer(app, {
      name: 'Gamma',
      source: 'referral',
      firstContactDate: '2026-10-08',
    });
    app.clock.set(local('10-09', '10:00'));
    await app.desk.services.customers.update(await ctxOf(app, OWNER), gamma.code, {
      needs: { stated: 'Spare spindles every quarter' },
    });
    await order(alpha.code, '10-12', 500_000);
    await order(gamma.code, '10-15', 200_000);
    app.clock.set(local('10-20', '10:00'));
    const delta = await makeCustomer(app, {
      name: 'Delta',
      source: 'online_expo',
      firstContactDate: '2026-10-20',
      ownerId: OWNER2,
    });
    app.clock.set(local('10-20', '11:00'));
    await app.desk.services.customers.update(await ctxOf(app, OWNER2), beta.code, {
      competitorContact: true,
      lifecycle: 'churned',
    });

    const t2 = await ticket(alpha.code, 'general', 'complaint', local('10-13', '10:00'));
    await actAt(t2, { action: 'claim' }, AGENT, local('10-13', '10:30'));
    // Never contacted: resolved as Resolve allowed before it asked for the contact.
    await resolvedUncontacted(app, t2, () =>
      actAt(
        t2,
        {
          action: 'resolve',
          summary: 'refund',
          rootCause: 'delivery',
          correctiveAction: 'Pack spindles in crates',
        },
        AGENT,
        local('10-13', '15:00'),
      ),
    );
    const t3 = await ticket(beta.code, 'important', 'after_sales', local('10-14', '10:00'));
    await actAt(t3, { action: 'claim' }, AGENT, local('10-14', '13:00'));
    await actAt(t3, { action: 'reassign', to: AGENT2 }, AGENT, local('10-14', '13:30'));
    await actAt(t3, { action: 'resolve', summary: 'fixed' }, AGENT2, local('10-15', '10:00'));
    await ticket(gamma.code, 'urgent', 'consultation', local('10-30', '10:00'));
    await completeRevisit(t2, local('10-16', '15:00'), 5, 10);
    await completeRevisit(t3, local('10-19', '15:00'), 3, 6);
    return { alpha, beta, gamma, delta };
  }

  return { ticket, actAt, order, completeRevisit, twoMonths };
}
