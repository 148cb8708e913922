// The monthly report of October 2026 in Shanghai (September before it), built from no records:
// the figures a report-wording test starts from and sets what it reads.
import { periodWindow } from '../../src/digest/periods.js';
import { reportFigures } from '../../src/digest/report-figures.js';
import type { ReportFigures } from '../../src/digest/types.js';

export const TZ = 'Asia/Shanghai';
export const OCT = periodWindow('2026-10', TZ)!;
export const SEP = periodWindow('2026-09', TZ)!;
/** The Shanghai calendar day of an instant. */
export const localDate = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** October's report figures with no tickets, tasks, customers, changes or orders. */
export function emptyOctoberFigures(): ReportFigures {
  return reportFigures(
    {
      window: OCT,
      previous: SEP,
      tickets: [],
      tasks: [],
      customers: [],
      changes: [],
      orders: [],
      backlog: { backlog: 0, overdue: 0 },
      churnReasons: new Map(),
      tierTargets: { strategic: 90, key: 90, normal: 90 },
    },
    localDate,
  );
}
