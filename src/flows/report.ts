import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import {
  kindOf,
  lastFullPeriod,
  periodWindow,
  periodsEnding,
  previousPeriod,
  reportKey,
  type PeriodWindow,
  type ReportKind,
} from '../digest/periods.js';
import type { ReportPosts, ReportService } from '../digest/report-service.js';
import { REPORT_CHART_PERIODS, type HeldTier, type ReportFigures } from '../digest/types.js';
import type { Notifiers } from '../notify/index.js';
import { periodName } from '../i18n/period.js';
import type { WorkspaceService } from '../workspace/service.js';
import { firstMeasured, notPostedBeforeDesk } from './digest.js';

/**
 * The monthly and quarterly reports: built (the reported period always rebuilt, so late changes
 * count; the periods before read back for the comparison and the chart), and written to the
 * outbox under the period's key unless out already, as the weekly digest is. On demand
 * (`/desk report`), the stored report of any ended period (built when missing) is sent to the
 * person who asks.
 */
export class ReportFlows {
  constructor(
    private readonly deps: {
      reports: ReportService;
      posts: ReportPosts;
      notify: Pick<Notifiers, 'reports' | 'outbox'>;
      /** When the desk began serving the workspace: the "new desk" line of a period partly before. */
      workspaces: Pick<WorkspaceService, 'workspace'>;
    },
  ) {}

  /** The report's figures: the reported period's (rebuilt or read back) and the chart's. */
  private async gather(
    ctx: Ctx,
    window: PeriodWindow,
    rebuild: boolean,
    /** When the desk began serving the workspace, when the caller read it already. */
    since?: Date,
  ): Promise<{
    previous: PeriodWindow;
    newSince?: string;
    windows: PeriodWindow[];
    figures: Map<string, ReportFigures>;
  }> {
    const tz = ctx.settings.timeZone;
    const windows = periodsEnding(window, REPORT_CHART_PERIODS[window.kind], tz);
    const figures = await this.deps.reports.figures(ctx, windows, rebuild ? [window.period] : []);
    const previous = previousPeriod(window, tz);
    // The desk's own figures show no change against a period begun before it served the workspace.
    since ??= (await this.deps.workspaces.workspace(ctx.teamId)).since;
    const newSince = firstMeasured(ctx, since, previous.fromDate);
    return { previous, ...(newSince ? { newSince } : {}), windows, figures };
  }

  /**
   * What the message reads as it is written, once per report sent: the customers it names (its
   * tier moves), by their names as they are now; the overrides in force now, where the message
   * uses them (the quarterly review lists them; a move one made reads its reason from them where
   * its annual purchases are shown, `revenueShown`: a report sent to a person), else not read.
   */
  private async named(
    ctx: Ctx,
    window: PeriodWindow,
    figures: ReportFigures | undefined,
    revenueShown?: ReadonlySet<string>,
  ): Promise<{ names: Map<string, string>; held?: HeldTier[] }> {
    const names = await this.deps.reports.customerNames(ctx, figures);
    const reasonShown = !!figures?.tierMoves?.top.some(
      (m) => m.cause === 'override' && revenueShown?.has(m.customerId),
    );
    if (window.kind !== 'quarter' && !reasonShown) return { names };
    return { names, held: await this.deps.reports.heldTiers(ctx) };
  }

  /** The scheduled run: the last full period before the slot, to the digest channel, once. */
  async publish(
    ctx: Ctx,
    kind: ReportKind,
    slot: Date,
    opts: { force: boolean },
  ): Promise<Record<string, number>> {
    const window = lastFullPeriod(kind, slot, ctx.settings.timeZone);
    // When the desk began serving the workspace, read once: the rule below and the period before's.
    const { since } = await this.deps.workspaces.workspace(ctx.teamId);
    // As `/desk report` and the report CLI: a period that ended before the desk began serving the
    // workspace (one installed in a period's first days) has no report, forced or not.
    const notPosted = await notPostedBeforeDesk(ctx, this.deps.reports, window, opts, since);
    if (notPosted) return notPosted;
    const gathered = await this.gather(ctx, window, true, since);
    const channel = ctx.settings.channels.digest;
    if (!channel) {
      ctx.log.warn({ period: window.period }, 'report built but not posted: no digest channel');
      return { queued: 0, noChannel: 1 };
    }
    if (!opts.force && (await this.deps.posts.posted(ctx, kind, window.period)))
      return { queued: 0, alreadyPosted: 1 };
    const name = reportKey(kind, window.period);
    const key = opts.force ? `report:${name}:forced:${ctx.now.toISOString()}` : `report:${name}`;
    // Read once the report is to be sent (not for one posted already or without a channel); a
    // channel's post shows no annual purchases, so no override's reason.
    const named = await this.named(ctx, window, gathered.figures.get(window.period));
    await this.deps.notify.reports.queue(ctx, channel, key, name, {
      window,
      ...gathered,
      ...named,
    });
    // Counted once it is queued: a read, the chart or the outbox that fails counts no forced post
    // that never went.
    if (opts.force) await this.deps.posts.forced(ctx, kind, window.period);
    this.deps.notify.outbox.kick();
    return { queued: 1 };
  }

  /**
   * Which period `/desk report <kind> [period]` names: the last full one when none is given.
   * Refuses (an explanation for the person) a word that is no kind or period, a period of
   * another kind, and a period that has not ended.
   */
  period(ctx: Ctx, text: string): PeriodWindow {
    const tz = ctx.settings.timeZone;
    // Full-width (`２０２６-Ｑ３`, as a Chinese IME types it) reads as ASCII.
    const [kindWord = '', periodWord, ...extra] = text
      .normalize('NFKC')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    const kind = kindWord.toLowerCase() as ReportKind;
    const bad = () =>
      new AppError('INVALID_INPUT', 'report.badPeriod', { text: typedExcerpt(text, 40) });
    // Nothing said: which reports there are, rather than an empty word refused.
    if (!kindWord) throw new AppError('INVALID_INPUT', 'report.usage');
    if (!['week', 'month', 'quarter'].includes(kind) || extra.length) throw bad();
    if (!periodWord) return lastFullPeriod(kind, ctx.now, tz);
    const name = periodWord.toUpperCase().replace(/^(\d{4})-(\d{2})$/, '$1-$2');
    const window = kindOf(name) === kind ? periodWindow(name, tz) : undefined;
    // The kind is right: the period is what is wrong (`week 2026-W99`), said as such.
    if (!window)
      throw new AppError('INVALID_INPUT', 'report.badPeriodOf', {
        period: typedExcerpt(periodWord, 40),
        kind,
      });
    // Not ended: said with the last full one, which is what the asker can read now.
    if (window.to.getTime() > ctx.now.getTime()) {
      const last = lastFullPeriod(kind, ctx.now, tz).period;
      // Named in the reader's language; the command suggested keeps the code it takes.
      throw new AppError('INVALID_INPUT', 'report.notEnded', {
        name: periodName(ctx.t, window.period),
        kind,
        last,
        lastName: periodName(ctx.t, last),
      });
    }
    return window;
  }

  /**
   * Refuses (ReportService.beforeDesk, an explanation for the person) a period that ended before
   * the desk began serving the workspace. `/desk report` asks it before opening the asker's DM.
   */
  async assertServed(ctx: Ctx, window: PeriodWindow): Promise<void> {
    const refused = await this.deps.reports.beforeDesk(ctx, window);
    if (refused) throw refused;
  }

  /**
   * `/desk report`: the report of an ended period, from the stored figures (built and stored
   * when missing), sent to the asker privately at `to` (their DM with the desk), with its chart.
   * Managers and admins only; a period before the desk served refused by its caller first
   * (`assertServed`, before the DM is opened).
   */
  async ask(ctx: Ctx, window: PeriodWindow, to: string): Promise<void> {
    this.deps.reports.assertMayRead(ctx);
    const gathered = await this.gather(ctx, window, false);
    const key = `report:ask:${ctx.actor}:${reportKey(window.kind, window.period)}:${ctx.now.toISOString()}`;
    // The annual purchases of the customers that moved tier: those the asker may read (the
    // card's rule), not the others'.
    const revenueShown = await this.deps.reports.revenueReadable(
      ctx,
      gathered.figures.get(window.period),
    );
    // Each owner's line (with their revenue): the owners the asker may read by the same rule,
    // the others left out and counted.
    const ownersShown = this.deps.reports.ownersReadable(ctx, gathered.figures.get(window.period));
    // Each tier's revenue: where the asker may read every customer it comes from, by the same
    // rule (the others' lines without it, counted).
    const tiersShown = this.deps.reports.tiersReadable(ctx, gathered.figures.get(window.period));
    const named = await this.named(ctx, window, gathered.figures.get(window.period), revenueShown);
    const keys = await this.deps.notify.reports.queue(ctx, to, key, `ask:${window.period}`, {
      window,
      ...gathered,
      ...named,
      ownersShown,
      revenueShown,
      tiersShown,
    });
    // The asker's own request: delivered now (retried by the worker if Slack refuses).
    await this.deps.notify.outbox.deliver(ctx.teamId, keys);
  }
}
