import type { WebClient } from '@slack/web-api';
import { translator, type Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { ChannelPacer } from '../slack/pacer.js';
import type { TaskService } from '../task/service.js';
import { SYSTEM_ACTOR } from '../ticket/service.js';
import { localDate } from '../time.js';
import { chunks, clip, escapeMrkdwn, listMessage, type Message } from '../ui/blocks.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { SignalKind, SignalRepository } from './activity-repository.js';
import type { CustomerRecord } from './repository.js';
import { optsOut } from './rules.js';
import type { CustomerService } from './service.js';
import { churnRisk, contractEndsIn, isBirthday, upsellSignal } from './signal-rules.js';
import { addDaysToDate } from '../task/rules.js';

/** Lines in one owner's DM; more go in further DMs. */
const LIST_MAX = 20;

/** An upsell is told at most once a quarter: not again within 90 days. */
const UPSELL_QUIET_MS = 90 * 86_400_000;

interface Told {
  owner: string;
  kind: SignalKind;
  line: string;
}

/**
 * The daily customer signals of one workspace: a contract ending within 30 days (once per end
 * date), a contact's birthday (on the day, unless they opted out of greetings), churn risk (the
 * lifecycle moves to churn warning and a win-back task is planned) and upsell (at most once a
 * quarter). Each signal is recorded before it is told, so it is told once; each owner gets one DM
 * with all of theirs.
 */
export class CustomerSignals {
  constructor(
    private readonly deps: {
      client: WebClient;
      customers: CustomerService;
      signals: SignalRepository;
      tasks: TaskService;
      workspaces: WorkspaceService;
      sleep: (ms: number) => Promise<void>;
      clockMs: () => number;
    },
  ) {}

  async run(teamId: string, now: Date, log: Logger): Promise<Record<string, number>> {
    const settings = await this.deps.workspaces.settings(teamId);
    const t = translator(settings.locale);
    const today = localDate(now, settings.timeZone);
    const told: Told[] = [];
    let failed = 0;
    for (const customer of await this.deps.customers.all(teamId)) {
      try {
        told.push(...(await this.check(t, settings, customer, today, now)));
      } catch (err) {
        failed++;
        log.error({ err, customer: customer.code }, 'customer signal check failed');
      }
    }
    const dms = await this.tell(t, told, log);
    const count = (kind: SignalKind) => told.filter((s) => s.kind === kind).length;
    return {
      contracts: count('contract'),
      birthdays: count('birthday'),
      churnRisks: count('churn'),
      upsells: count('upsell'),
      dms,
      failed,
    };
  }

  private async check(
    t: Translate,
    settings: WorkspaceSettings,
    customer: CustomerRecord,
    today: string,
    now: Date,
  ): Promise<Told[]> {
    const told: Told[] = [];
    const once = (kind: SignalKind, key: string) =>
      this.deps.signals.once(customer.teamId, kind, customer.id, key, now);
    const name = `*${escapeMrkdwn(clip(customer.name, 60))}* (${customer.code})`;
    const say = (kind: SignalKind, line: string) =>
      told.push({ owner: customer.ownerId, kind, line });

    const left = contractEndsIn(customer.contractEndDate, today, settings.contractNoticeDays);
    if (left !== null && (await once('contract', customer.contractEndDate!))) {
      say('contract', t('signal.contract', { name, date: customer.contractEndDate!, days: left }));
    }

    for (const contact of customer.contacts) {
      if (!isBirthday(contact.birthday, today) || optsOut(contact, 'greetings')) continue;
      if (await once('birthday', `${today.slice(0, 4)}:${contact.name}`)) {
        say('birthday', t('signal.birthday', { contact: escapeMrkdwn(contact.name), name }));
      }
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
        await this.deps.tasks.planWinBack(customer, episode, today, now);
        await this.deps.customers.update(
          customer.teamId,
          customer.code,
          { lifecycle: 'churn_warning' },
          SYSTEM_ACTOR,
          now,
          'job',
        );
      } catch (err) {
        // Not done, so not recorded: tomorrow's run tries again.
        await this.deps.signals.forget(customer.teamId, 'churn', customer.id, episode);
        throw err;
      }
      say('churn', t(`signal.churn.${risk.reason}`, { name, days: risk.idleDays }));
    }

    const upsell = upsellSignal(
      customer.ordersByMonth ?? {},
      today,
      settings.upsellGrowth,
      settings.upsellMinOrders,
    );
    const lastUpsell =
      upsell && (await this.deps.signals.lastAt(customer.teamId, 'upsell', customer.id));
    const quiet = !lastUpsell || now.getTime() - lastUpsell.getTime() >= UPSELL_QUIET_MS;
    if (upsell && quiet && (await once('upsell', today))) {
      say('upsell', t('signal.upsell', { name, recent: upsell.recent, previous: upsell.previous }));
    }
    return told;
  }

  /** One DM per owner with all of their signals, paced. */
  private async tell(t: Translate, told: Told[], log: Logger): Promise<number> {
    const byOwner = new Map<string, Told[]>();
    for (const s of told) byOwner.set(s.owner, [...(byOwner.get(s.owner) ?? []), s]);
    const pacer = new ChannelPacer(this.deps.sleep, this.deps.clockMs);
    let dms = 0;
    for (const [owner, items] of byOwner) {
      for (const batch of chunks(items, LIST_MAX)) {
        await pacer.before(owner);
        try {
          await this.deps.client.chat.postMessage({
            channel: owner,
            ...signalsMessage(t, batch, items.length),
          });
          dms++;
        } catch (err) {
          log.warn({ err, user: owner, signals: batch.length }, 'customer signals DM failed');
        }
      }
    }
    return dms;
  }
}

function signalsMessage(t: Translate, items: Told[], total: number): Message {
  return listMessage(
    t('signal.header', { count: total }),
    items.map((s) => clip(s.line, 290)),
  );
}
