/**
 * The customers whose tier moved over a period, named: the weekly digest's, the monthly
 * report's and the quarterly review's one list. Pure builder.
 */
import type { ReportKind, TierMoveFigure } from '../digest/types.js';
import type { Translate } from '../i18n/index.js';
import { context, markdown, type Block } from './blocks.js';
import { formatAmount } from './format.js';
import { escape, escapeClipped, join, keep, md } from './text.js';

/**
 * How many moves each kind of period names (the figures keep TIER_MOVES_KEPT): a week's and a
 * month's few, the quarter of a tier review more.
 */
export const TIER_MOVES_NAMED: Record<ReportKind, number> = { week: 5, month: 5, quarter: 10 };

/**
 * The customers whose tier moved over the period, most valuable first, named (with their code)
 * from and to; "…and N more" beyond those named. A customer whose name was not read (`names`)
 * reads as its code. Its annual purchases (a personal, commercial figure) only where the reader
 * may read them (`revenueShown`, by id: a report sent to a manager); a channel's post has none.
 */
export function tierMoveBlocks(
  t: Translate,
  input: {
    kind: ReportKind;
    moves: { total: number; top: TierMoveFigure[] };
    currency: string;
    names: Map<string, string> | undefined;
    revenueShown?: ReadonlySet<string> | undefined;
  },
): Block[] {
  const { kind, moves, currency, names, revenueShown } = input;
  const when = t.plain('report.tierMovesWhen', { period: kind });
  const lines = moves.top.slice(0, TIER_MOVES_NAMED[kind]).map((m) => {
    const name = names?.get(m.customerId);
    const move = {
      name: keep(
        name === undefined
          ? escape(m.code)
          : t('customer.nameCode', { name: keep(md`*${escapeClipped(name, 60)}*`), code: m.code }),
      ),
      from: t.plain(`report.tierName.${m.from}`),
      to: t.plain(`report.tierName.${m.to}`),
    };
    return revenueShown?.has(m.customerId)
      ? t('report.tierMoveRevenue', {
          ...move,
          revenue: formatAmount(m.annualRevenue, currency, t.locale),
        })
      : t('report.tierMove', move);
  });
  const blocks: Block[] = [
    markdown(md`*${t('report.section.tierMoves', { count: moves.total, when })}*`),
    markdown(lines.length ? join(lines, '\n') : t('report.noTierMoves', { when })),
  ];
  if (moves.total > lines.length)
    blocks.push(context(t('report.tierMovesMore', { count: moves.total - lines.length })));
  return blocks;
}
