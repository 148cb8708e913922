// Seeding shared by the digest and report benchmarks: `weeks` weeks of tickets before `now`
// (~85% resolved), ~1 follow-up task per 10 tickets, 2,000 customers (BENCH_CUSTOMERS), 300 tier/lifecycle
// changes, and (for the reports) ~3 orders per customer and a need logged for 1 in 10, straight
// into the collections.
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import type { Ctx } from '../src/context.js';
import { customerCode, nameKey, searchTerms } from '../src/customer/rules.js';
import type { Tier } from '../src/customer/types.js';
import { dueTimes } from '../src/ticket/clock.js';
import { slaTargets } from '../src/ticket/rules.js';
import type { Severity } from '../src/ticket/types.js';
import { localDate } from '../src/time.js';
import { FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import type { startBench } from './harness.js';

/** How many customers (BENCH_CUSTOMERS, default 2,000): the daily jobs' reads grow with them. */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2000);
const CHANGES = 300;
const BATCH = 1000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const AGENTS = Array.from({ length: 8 }, (_, i) => `U0AGENT00${i}`);
const OWNERS = Array.from({ length: 5 }, (_, i) => `U0OWNER00${i + 1}`);
const KINDS = ['revisit', 'guide', 'checkin'] as const;
const FOLLOW_UP_DAYS = { revisit: 3, guide: 7, checkin: 30 };

/** Deterministic random numbers (mulberry32), so every run seeds the same data. */
export function randomFrom(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDesk(
  bench: Awaited<ReturnType<typeof startBench>>,
  ctx: Ctx,
  opts: {
    size: number;
    now: Date;
    weeks: number;
    orders?: boolean;
    /** The records' `updatedAt` (when written); by default their last event. */
    writtenAt?: Date;
  },
): Promise<void> {
  const { db } = bench;
  const { size, now } = opts;
  const WEEKS = opts.weeks;
  const tz = ctx.settings.timeZone;
  const spanStart = now.getTime() - WEEKS * 7 * DAY;
  const label = `${size.toLocaleString('en-US')} tickets`;
  await db.models.tickets.deleteMany({});
  await db.models.tasks.deleteMany({});
  await db.models.customers.deleteMany({});
  await db.models.customerChanges.deleteMany({});
  await db.models.digests.deleteMany({});
  await db.models.reports.deleteMany({});
  await db.models.orders.deleteMany({});
  const random = randomFrom(size);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const seedStart = performance.now();

  // Customers: mostly normal and active, a few first contacted within the 12 weeks.
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const r = random();
    const tier: Tier = r < 0.05 ? 'strategic' : r < 0.2 ? 'key' : 'normal';
    const l = random();
    const lifecycle =
      l < 0.1 ? 'prospect' : l < 0.9 ? 'active' : l < 0.95 ? 'churn_warning' : 'churned';
    const recent = random() < 0.05;
    const firstContact = new Date(
      recent ? spanStart + random() * WEEKS * 7 * DAY : spanStart - random() * 700 * DAY,
    );
    const code = customerCode(2026, i + 1);
    const name = `Bench Customer ${i}`;
    customers.push({
      _id: new Types.ObjectId(),
      teamId: FAKE_TEAM_ID,
      code,
      name,
      nameKey: nameKey(name),
      industry: 'x',
      source: opts.orders ? (random() < 0.25 ? 'referral' : 'online_expo') : 'referral',
      firstContactDate: localDate(firstContact, tz),
      // Only the reports' seeding draws more numbers: the digest bench's data stay as they were.
      ownerId: opts.orders ? pick(OWNERS) : 'U0OWNER001',
      contacts: [{ name: `Contact ${i}`, optOuts: [] }],
      currency: 'CNY',
      ordersByMonth: {},
      tags: [],
      potential: 'ordinary',
      lifecycle,
      competitorContact: false,
      computedTier: tier,
      tier,
      searchTerms: searchTerms({ code, name, contactNames: [`Contact ${i}`], tags: [] }),
      createdBy: 'U0OWNER001',
      createdAt: firstContact,
      updatedAt: firstContact,
    });
  }
  await db.conn.db!.collection('customers').insertMany(customers, { ordered: false });

  // Tier and lifecycle changes over the 12 weeks.
  const changes = [];
  for (let i = 0; i < CHANGES; i++) {
    const tierChange = i % 3 === 0;
    changes.push({
      teamId: FAKE_TEAM_ID,
      customerId: pick(customers)._id,
      field: tierChange ? 'tier' : 'lifecycle',
      oldValue: tierChange ? pick(['normal', 'key']) : pick(['prospect', 'active']),
      newValue: tierChange
        ? pick(['key', 'strategic', 'normal'])
        : pick(['active', 'churn_warning', 'churned']),
      by: tierChange ? 'U0OWNER001' : 'job',
      at: new Date(spanStart + random() * WEEKS * 7 * DAY),
      source: tierChange ? 'slack' : 'job',
    });
  }
  await db.conn.db!.collection('customer_changes').insertMany(changes, { ordered: false });

  if (opts.orders) {
    // ~3 orders per active customer over the span, and a stated need for 1 in 10.
    const orders = [];
    const needs = [];
    for (const [n, c] of customers.entries()) {
      if (c.lifecycle === 'prospect') continue;
      const count = Math.floor(random() * 6);
      for (let k = 0; k < count; k++)
        orders.push({
          teamId: FAKE_TEAM_ID,
          customerId: c._id,
          date: localDate(new Date(spanStart + random() * WEEKS * 7 * DAY), tz),
          amount: Math.round(10_000 + random() * 300_000),
          dedupeKey: `bench:${n}:${k}`,
          createdBy: String(c.ownerId),
        });
      if (n % 10 === 0)
        needs.push({
          teamId: FAKE_TEAM_ID,
          customerId: c._id,
          field: 'needs.stated',
          oldValue: null,
          newValue: 'spares',
          by: String(c.ownerId),
          at: new Date(spanStart + random() * WEEKS * 7 * DAY),
          source: 'slack',
        });
    }
    if (orders.length)
      await db.conn.db!.collection('orders').insertMany(orders, { ordered: false });
    if (needs.length)
      await db.conn.db!.collection('customer_changes').insertMany(needs, { ordered: false });
  }

  // Tickets spread over the weeks, and a follow-up task for every 10th.
  const tickets = db.conn.db!.collection('tickets');
  const tasks = db.conn.db!.collection<{ _id: string }>('tasks');
  let taskCount = 0;
  for (let start = 0; start < size; start += BATCH) {
    const ticketDocs = [];
    const taskDocs = [];
    for (let i = start; i < Math.min(size, start + BATCH); i++) {
      const customer = pick(customers);
      const s = random();
      const severity: Severity = s < 0.1 ? 'urgent' : s < 0.4 ? 'important' : 'general';
      const sla = slaTargets(ctx.settings, severity, customer.tier);
      const receivedAt = new Date(spanStart + random() * WEEKS * 7 * DAY);
      const assigneeId = pick(AGENTS);
      const firstResponseMinutes = Math.round(5 + random() ** 2 * 900);
      const firstResponseAt = new Date(receivedAt.getTime() + firstResponseMinutes * MINUTE);
      const resolutionMinutes = firstResponseMinutes + Math.round(10 + random() ** 2 * 8000);
      const resolvedAt = new Date(receivedAt.getTime() + resolutionMinutes * MINUTE);
      const resolved = random() < 0.85 && resolvedAt < now;
      const responded = firstResponseAt < now && (resolved || random() < 0.7);
      const closedAt = new Date(resolvedAt.getTime() + 7 * DAY);
      const closed = resolved && closedAt < now && random() < 0.5;
      const waiting = !resolved && responded && random() < 0.4;
      const metrics = {
        escalations: random() < 0.1 ? 1 : 0,
        reassignments: random() < 0.15 ? 1 : 0,
        reopenCount: 0,
        ...(responded
          ? {
              firstResponseMinutes,
              responseBreached: firstResponseMinutes > sla.responseMinutes,
            }
          : {}),
        ...(resolved
          ? {
              resolutionMinutes,
              resolutionBreached: resolutionMinutes > sla.resolutionMinutes,
              firstContactResolution: random() < 0.4,
            }
          : {}),
      };
      const ticketStatus = closed
        ? 'closed'
        : resolved
          ? 'resolved'
          : waiting
            ? 'waiting'
            : responded
              ? 'assigned'
              : 'new';
      const pauses = waiting ? [{ from: new Date(firstResponseAt.getTime() + 30 * MINUTE) }] : [];
      const ticketId = new Types.ObjectId();
      const number = `T2026${String(i + 1).padStart(6, '0')}`;
      ticketDocs.push({
        _id: ticketId,
        teamId: FAKE_TEAM_ID,
        number,
        submissionId: `b${i}`,
        customerId: customer._id,
        customerCode: customer.code,
        customerName: customer.name,
        customerTier: customer.tier,
        accountManagerId: 'U0OWNER001',
        type: pick(['consultation', 'complaint', 'after_sales', 'demand', 'other']),
        severity,
        channel: pick(['phone', 'email', 'portal', 'slack']),
        title: `T ${i}`,
        description: 'x',
        receivedAt,
        createdBy: 'U0AGENT001',
        status: ticketStatus,
        level: 1,
        ...(responded ? { assigneeId, firstAssigneeId: assigneeId, firstResponseAt } : {}),
        ...(resolved ? { resolvedAt, resolution: 'done' } : {}),
        ...(closed ? { closedAt } : {}),
        sla,
        pauses,
        // The due times every write stores (src/ticket/clock.ts).
        ...dueTimes(ctx.settings, {
          status: ticketStatus,
          sla,
          receivedAt,
          pauses,
          ...(responded ? { firstResponseAt } : {}),
        }),
        metrics,
        card: { pending: false, stale: false, channel: 'C0TRIAGE01', ts: `1700000000.${i}` },
        accountManagerNotified: true,
        timeline: [],
        alerts: {},
        version: 0,
        createdAt: receivedAt,
        updatedAt: opts.writtenAt ?? (resolved ? resolvedAt : receivedAt),
      });
      if (i % 10 !== 0) continue;
      // The follow-up of the resolution (or, for an open ticket, of its intake).
      const kind = KINDS[(i / 10) % KINDS.length]!;
      const dueDate = localDate(
        new Date((resolved ? resolvedAt : receivedAt).getTime() + FOLLOW_UP_DAYS[kind] * DAY),
        tz,
      );
      const doneAt = new Date(
        Math.min(
          now.getTime() - MINUTE,
          new Date(`${dueDate}T02:00:00Z`).getTime() + (random() * 3 - 2) * DAY,
        ),
      );
      const dueBy = new Date(`${dueDate}T00:00:00Z`) < now;
      const d = random();
      const status = dueBy && d < 0.7 ? 'done' : dueBy && d < 0.78 ? 'cancelled' : 'open';
      taskCount++;
      taskDocs.push({
        _id: `${FAKE_TEAM_ID}:${kind}:${ticketId.toHexString()}:0`,
        teamId: FAKE_TEAM_ID,
        kind,
        status,
        customerId: customer._id.toHexString(),
        customerCode: customer.code,
        customerName: customer.name,
        ticketId: ticketId.toHexString(),
        ticketNumber: number,
        cycle: 0,
        assigneeId: kind === 'checkin' ? 'U0OWNER001' : assigneeId,
        ...(kind === 'revisit' ? { agentId: assigneeId } : {}),
        dueDate,
        reminders: {},
        ...(status === 'done'
          ? {
              outcome: {
                interactionType: 'call',
                summary: 'followed up',
                solved: random() < 0.9,
                ...(kind === 'revisit' || random() < 0.3
                  ? {
                      satisfaction: Math.min(5, 1 + Math.floor(random() * 3 + random() * 3)),
                      nps: Math.min(10, Math.floor(random() * 6 + random() * 6)),
                    }
                  : {}),
              },
              doneBy: assigneeId,
              doneAt,
              doneDate: localDate(doneAt, tz),
            }
          : {}),
        ...(status === 'cancelled'
          ? { cancelledAt: doneAt, cancelReason: 'customer unreachable' }
          : {}),
        createdAt: resolved ? resolvedAt : receivedAt,
        updatedAt: opts.writtenAt ?? (status === 'open' ? receivedAt : doneAt),
      });
    }
    await tickets.insertMany(ticketDocs, { ordered: false });
    if (taskDocs.length) await tasks.insertMany(taskDocs, { ordered: false });
  }
  console.log(
    `${label}: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s ` +
      `(${taskCount.toLocaleString('en-US')} tasks, ${CUSTOMERS.toLocaleString('en-US')} customers, ${CHANGES} changes)`,
  );
}
