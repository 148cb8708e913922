import type { Ctx } from '../context.js';
import type { PastSla, WeekFigures, WeekWindow } from '../digest/types.js';
import type { OutboxService } from '../outbox/service.js';
import { chartWeeks, digestChart, digestMessage, type ChartFile } from '../ui/digest.js';
import type { OutboxData } from './types.js';

/**
 * The weekly digest, written to the outbox under `key` (one per week, or one per forced run):
 * the figures with last week's for comparison, then the chart of the last weeks' key rates,
 * uploaded with the two-step file upload into the message's thread once the message is out
 * (before two weeks have figures, the message says the chart comes later). False when the key was
 * written before (the week is queued or out already).
 */
export class DigestNotifier {
  constructor(private readonly outbox: OutboxService) {}

  async queue(
    ctx: Ctx,
    channel: string,
    key: string,
    input: {
      week: WeekWindow;
      weeks: WeekWindow[];
      figures: Map<string, WeekFigures>;
      /**
       * The desk's first day when the week before began before it (flows/digest.ts
       * `firstMeasured`): no change from that week is shown, and the digest says why.
       */
      newSince?: string;
      /** The tickets past their SLA in the week (a few of them) and how many there are. */
      past?: PastSla;
      /** The names of the customers that moved tier in the week, by id. */
      names?: Map<string, string>;
    },
  ): Promise<string[]> {
    const { t, settings } = ctx;
    const { week, weeks, figures, past } = input;
    const current = figures.get(week.week);
    if (!current) throw new Error(`digest of ${week.week} was not built`);
    const previous = input.newSince ? undefined : figures.get(weeks[weeks.length - 2]?.week ?? '');
    const targets = settings.digest.targets;
    const chart = await digestChart(t, week, weeks, figures, targets);
    const data: OutboxData['digest'] = {
      week: week.week,
      message: digestMessage(t, week, current, previous, targets, {
        chartWeeks: chartWeeks(weeks, figures).length,
        ...(input.newSince ? { newSince: input.newSince } : {}),
        ...(past ? { past } : {}),
        ...(input.names ? { tierMoves: { names: input.names, currency: settings.currency } } : {}),
      }),
      ...chartField(chart),
    };
    return this.outbox.enqueue(ctx, [{ key, kind: 'digest', to: channel, data }]);
  }
}

/** A drawn chart as a digest entry holds it, for its thread (null: no chart). */
export function chartField(chart: ChartFile | null): Pick<OutboxData['digest'], 'chart'> {
  return chart
    ? {
        chart: {
          png: chart.png,
          filename: chart.filename,
          title: chart.title,
          altText: chart.altText,
        },
      }
    : {};
}
