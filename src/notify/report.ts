import type { Ctx } from '../context.js';
import type { Tier } from '../customer/types.js';
import type { HeldTier, PeriodWindow, ReportFigures } from '../digest/types.js';
import type { OutboxService } from '../outbox/service.js';
import { reportChart, reportMessage, chartPeriods, reportTargets } from '../ui/report.js';
import { chartField } from './digest.js';
import type { OutboxData } from './types.js';

/**
 * A report (monthly, quarterly, or a week asked for), written to the outbox as a digest entry
 * under `key`: the figures with the previous period's for comparison, then the chart of the last
 * periods' key rates in the message's thread. `name` is what the delivery is recorded under
 * (`month:2026-10` for the channel's post; `ask:…` for one sent to a person, recorded nowhere).
 */
export class ReportNotifier {
  constructor(private readonly outbox: OutboxService) {}

  async queue(
    ctx: Ctx,
    to: string,
    key: string,
    name: string,
    input: {
      window: PeriodWindow;
      previous: PeriodWindow;
      /**
       * The desk's first day when `previous` began before it (flows/digest.ts `firstMeasured`):
       * the desk's own figures show no change from it, and the report says why.
       */
      newSince?: string;
      windows: PeriodWindow[];
      figures: Map<string, ReportFigures>;
      /**
       * The owners whose lines (with their revenue) the person it is sent to may read, by id (a
       * report sent privately to a manager or an admin); the others are left out and counted.
       */
      ownersShown?: ReadonlySet<string>;
      /**
       * The tiers whose revenue the person it is sent to may read; the others' lines are without
       * it, and counted. A channel's post (none given) shows no tier's revenue.
       */
      tiersShown?: ReadonlySet<Tier>;
      /** The names of the customers the report names (its tier moves), by id. */
      names?: Map<string, string>;
      /** Those of them whose annual purchases the person it is sent to may read, by id. */
      revenueShown?: ReadonlySet<string>;
      /** The customers whose tier an override holds now (digest/types.ts `HeldTier`). */
      held?: HeldTier[];
    },
  ): Promise<string[]> {
    const { t, settings } = ctx;
    const { window, previous, windows, figures } = input;
    const current = figures.get(window.period);
    if (!current) throw new Error(`report of ${window.period} was not built`);
    // The targets kept with the report, each one it lacks the settings' now (reportTargets).
    const { targets } = reportTargets(current.targets, settings.digest.targets);
    const chart = await reportChart(t, window, windows, figures, targets);
    const data: OutboxData['digest'] = {
      week: name,
      message: reportMessage(t, {
        window,
        previous,
        figures: current,
        before: figures.get(previous.period),
        ...(input.newSince ? { newSince: input.newSince } : {}),
        settings,
        chartPeriods: chartPeriods(windows, figures).length,
        ...(input.ownersShown ? { ownersShown: input.ownersShown } : {}),
        ...(input.tiersShown ? { tiersShown: input.tiersShown } : {}),
        ...(input.names ? { names: input.names } : {}),
        ...(input.revenueShown ? { revenueShown: input.revenueShown } : {}),
        ...(input.held ? { held: input.held } : {}),
      }),
      ...chartField(chart),
    };
    return this.outbox.enqueue(ctx, [{ key, kind: 'digest', to, data }]);
  }
}
