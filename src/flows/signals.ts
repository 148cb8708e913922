import { actingAs, SYSTEM_ACTOR, type Ctx } from '../context.js';
import { optsOut } from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import { churnRisk, contractEndsIn, isBirthday, upsellSignal } from '../customer/signal-rules.js';
import type { CustomerRecord, CustomerSignal, SignalKind } from '../customer/types.js';
import type { Notifiers } from '../notify/index.js';
import type { TaskService } from '../task/service.js';
import { addDaysToDate, localDate } from '../time.js';

/** An upsell is told at most once a quarter: not again within 90 days. */
const UPSELL_QUIET_MS = 90 * 86_400_000;

/**
 * The daily customer signals of one workspace: a contract ending within the notice days (once
 * per end date), a contact's birthday (on the day, unless they opted out of greetings), churn
 * risk (the lifecycle moves to churn warning and a win-back task is planned) and upsell (at most
 * once a quarter). Each signal is recorded before it is told, so it is told once; each owner
 * gets one DM with all of theirs.
 */
export class SignalFlows {
  constructor(
    private readonly deps: {
      customers: CustomerService;
      tasks: TaskService;
      notify: Pick<Notifiers, 'signals'>;
    },
  ) {}

  async run(ctx: Ctx): Promise<Record<string, number>> {
    const found: CustomerSignal[] = [];
    let failed = 0;
    for (const customer of await this.deps.customers.all(ctx)) {
      try {
        found.push(...(await this.check(ctx, customer)));
      } catch (err) {
        failed++;
        ctx.log.error({ err, customer: customer.code }, 'customer signal check failed');
      }
    }
    const dms = await this.deps.notify.signals.tell(ctx, found);
    const count = (kind: SignalKind) => found.filter((s) => s.kind === kind).length;
    return {
      contracts: count('contract'),
      birthdays: count('birthday'),
      churnRisks: count('churn'),
      upsells: count('upsell'),
      dms,
      failed,
    };
  }

  private async check(ctx: Ctx, customer: CustomerRecord): Promise<CustomerSignal[]> {
    const { settings, today, now } = ctx;
    const { customers } = this.deps;
    const found: CustomerSignal[] = [];
    const once = (kind: SignalKind, key: string) => customers.signalOnce(ctx, kind, customer, key);
    const about = {
      owner: customer.ownerId,
      customer: { name: customer.name, code: customer.code },
    };

    const end = customer.contractEndDate;
    const left = contractEndsIn(end, today, settings.contractNoticeDays);
    if (end && left !== null && (await once('contract', end)))
      found.push({ ...about, kind: 'contract', date: end, days: left });

    for (const contact of customer.contacts) {
      if (!isBirthday(contact.birthday, today) || optsOut(contact, 'greetings')) continue;
      if (await once('birthday', `${today.slice(0, 4)}:${contact.name}`))
        found.push({ ...about, kind: 'birthday', contact: contact.name });
    }

    const risk = churnRisk(
      {
        lifecycle: customer.lifecycle,
        competitorContact: customer.competitorContact,
        ...(customer.lastInteractionAt
          ? { lastInteractionDate: localDate(customer.lastInteractionAt, settings.timeZone) }
          : {}),
        ...(customer.lastOrderDate ? { lastOrderDate: customer.lastOrderDate } : {}),
        createdDate: localDate(customer.createdAt, settings.timeZone),
      },
      today,
      settings.churnInactivityDays,
    );
    // One risk episode: its reason and the last activity it counts from.
    const episode = risk && `${risk.reason}:${addDaysToDate(today, -risk.idleDays)}`;
    if (risk && episode && (await once('churn', episode))) {
      try {
        // The task first (idempotent per episode), then the lifecycle that ends the check.
        await this.deps.tasks.planWinBack(ctx, customer, episode);
        await this.deps.customers.update(actingAs(ctx, SYSTEM_ACTOR, 'job'), customer.code, {
          lifecycle: 'churn_warning',
        });
      } catch (err) {
        // Not done, so not recorded: tomorrow's run tries again.
        await customers.forgetSignal(ctx, 'churn', customer, episode);
        throw err;
      }
      found.push({ ...about, kind: 'churn', reason: risk.reason, days: risk.idleDays });
    }

    const upsell = upsellSignal(
      customer.ordersByMonth ?? {},
      today,
      settings.upsellGrowth,
      settings.upsellMinOrders,
    );
    const lastUpsell = upsell && (await customers.lastSignalAt(ctx, 'upsell', customer));
    const quiet = !lastUpsell || now.getTime() - lastUpsell.getTime() >= UPSELL_QUIET_MS;
    if (upsell && quiet && (await once('upsell', today)))
      found.push({ ...about, kind: 'upsell', recent: upsell.recent, previous: upsell.previous });
    return found;
  }
}
