import type { Translate } from './index.js';

const PERIOD = /^(\d{4})-(?:W(\d{2})|Q([1-4])|(\d{2}))$/;

/**
 * A report period (`2026-W08`, `2026-10`, `2026-Q3`, as stored and as typed after `/desk report`)
 * as its reader's language names it: English keeps the code, Chinese says `2026 年第 8 周`,
 * `2026 年 10 月`, `2026 年第 3 季度` (an ISO week code reads as a code to a Chinese reader). The
 * command a message suggests keeps the code. Anything that is no period is returned as it is.
 */
export function periodName(t: Translate, period: string): string {
  const m = PERIOD.exec(period);
  if (!m) return period;
  const [, year, week, quarter, month] = m;
  const kind = week ? 'week' : quarter ? 'quarter' : 'month';
  // The year as written (a number would be grouped: 2,026), the week or month as a number.
  return t.plain(`period.${kind}`, { year: year!, n: Number(week ?? quarter ?? month) });
}
