import type { Ctx } from '../context.js';
import {
  reportedWeek,
  weeksEnding,
  type DigestPosts,
  type DigestService,
} from '../digest/service.js';
import type { ReportService } from '../digest/report-service.js';
import { weekPeriod } from '../digest/periods.js';
import { BREACHES_MAX, CHART_WEEKS, type PeriodWindow } from '../digest/types.js';
import type { Notifiers } from '../notify/index.js';
import { localDate } from '../time.js';
import type { WorkspaceService } from '../workspace/service.js';

/**
 * The weekly digest of a workspace, of a week that ended after the desk began serving it
 * (ReportService.beforeDesk, a forced run too): the
 * reported week (always rebuilt, so late changes count;
 * a customer recorded in it after its first contact's week ended is one of its new customers,
 * figures.ts `newFrom`, so the weeks already out need no rebuild for it) and the weeks before it for the comparison and the chart, written to the outbox under the
 * week's key unless it is out already (a forced run under a key of its own). The outbox posts
 * it, retries what Slack refuses, and records where it went; a run that dies after writing it
 * leaves it to the outbox, and one that dies before is repeated by the next run.
 */
export class DigestFlows {
  constructor(
    private readonly deps: {
      digests: DigestService;
      posts: DigestPosts;
      notify: Pick<Notifiers, 'digests' | 'outbox'>;
      /**
       * The names of the customers that moved tier, read as the digest is sent; and the one rule
       * of a period before the desk (`beforeDesk`), as the reports go by.
       */
      reports: Pick<ReportService, 'customerNames' | 'beforeDesk'>;
      /** When the desk began serving the workspace: the "new desk" line of a week partly before. */
      workspaces: Pick<WorkspaceService, 'workspace'>;
    },
  ) {}

  async publish(ctx: Ctx, slot: Date, opts: { force: boolean }): Promise<Record<string, number>> {
    const tz = ctx.settings.timeZone;
    const week = reportedWeek(slot, tz);
    // When the desk began serving the workspace, read once: the rule below and the week before's.
    const { since } = await this.deps.workspaces.workspace(ctx.teamId);
    // A desk's first digest is of a week that ended after it began serving the workspace: one
    // installed on a Wednesday, or with its digest day moved after that, says nothing of the
    // week before it existed (its figures would be zeros nobody measured). Forced or not, as
    // report-month and report-quarter, `/desk report week` and the report CLI: one rule.
    const notPosted = await notPostedBeforeDesk(
      ctx,
      this.deps.reports,
      weekPeriod(week),
      opts,
      since,
    );
    if (notPosted) return notPosted;
    const weeks = weeksEnding(week, CHART_WEEKS, tz);
    const figures = await this.deps.digests.figures(ctx, weeks, [week.week]);
    // The week before is not compared with when it began before the desk served the workspace.
    const newSince = firstMeasured(ctx, since, weeks.at(-2)?.fromDate);
    const channel = ctx.settings.channels.digest;
    if (!channel) {
      ctx.log.warn({ week: week.week }, 'digest built but not posted: no digest channel is set');
      return { queued: 0, noChannel: 1 };
    }
    if (!opts.force && (await this.deps.posts.posted(ctx, week.week)))
      return { queued: 0, alreadyPosted: 1 };
    const key = opts.force
      ? `digest:${week.week}:forced:${ctx.now.toISOString()}`
      : `digest:${week.week}`;
    // The tickets past their SLA, named with who holds them (a count alone says nothing to act on).
    const past = await this.deps.digests.pastSla(ctx, week, BREACHES_MAX);
    // Who moved tier, by their names as they are now (the stored figures keep codes only).
    const names = await this.deps.reports.customerNames(ctx, figures.get(week.week));
    // A move an override made says so from its stored cause; the override's reason is shown only
    // beside annual purchases, never in the channel's digest: no override is read here.
    await this.deps.notify.digests.queue(ctx, channel, key, {
      week,
      weeks,
      figures,
      ...(newSince ? { newSince } : {}),
      past,
      names,
    });
    // Counted once it is queued: a read, the chart or the outbox that fails counts no forced post
    // that never went.
    if (opts.force) await this.deps.posts.forced(ctx, week.week);
    this.deps.notify.outbox.kick();
    return { queued: 1 };
  }
}

/**
 * A scheduled digest's or report's counts when it is not posted because its period ended before
 * the desk began serving the workspace (ReportService.beforeDesk: forced or not), logged;
 * undefined when it goes on.
 */
export async function notPostedBeforeDesk(
  ctx: Ctx,
  reports: Pick<ReportService, 'beforeDesk'>,
  window: PeriodWindow,
  opts: { force: boolean },
  /** When the desk began serving the workspace (the workspace's `since`, read by the caller). */
  since: Date,
): Promise<Record<string, number> | undefined> {
  if (!(await reports.beforeDesk(ctx, window, since))) return undefined;
  ctx.log.info(
    { period: window.period, forced: opts.force },
    'not posted: its period ended before the desk served this workspace',
  );
  return { queued: 0, beforeInstall: 1 };
}

/**
 * The desk's first local day (its install or first request: `since`, the workspace's) when the
 * period before a digest's or report's (its first local day `fromDate`; none before the first
 * chart week) began before it;
 * undefined when the period before was measured whole and its change is shown. One begun before
 * the install is built from no records, or from its last days only: its ticket counts are 0
 * rather than none, and "Opened 2 (+2 vs last week)" would be growth against a time nobody
 * measured. Then the desk's own records (tickets, SLA, first-contact resolution, handling,
 * surveys, the customers it recorded, churn and needs it logged) show no change, and the message
 * says why ("new" wording); what comes from orders with their own dates (a report's revenue per
 * tier and its change, the repurchase rate) is compared as usual, imported orders being real
 * figures of that time. The weekly digest, the monthly and quarterly reports, scheduled or asked
 * for with `/desk report`, all go by this one rule. A product call (README "Limits").
 */
export function firstMeasured(
  ctx: Ctx,
  since: Date,
  fromDate: string | undefined,
): string | undefined {
  const first = localDate(since, ctx.settings.timeZone);
  return fromDate !== undefined && fromDate < first ? first : undefined;
}
