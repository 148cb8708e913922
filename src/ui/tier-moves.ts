/**
 * The customers whose tier moved over a period, named: the weekly digest's, the monthly
 * report's and the quarterly review's one list. Pure builder.
 */
import type { HeldTier, ReportKind, TierMoveFigure } from '../digest/types.js';
import type { Translate } from '../i18n/index.js';
import { localDate } from '../time.js';
import { context, lineSections, markdown, type Block } from './blocks.js';
import { formatAmount } from './format.js';
import {
  escape,
  escapeClipped,
  join,
  keep,
  literalClipped,
  md,
  mention,
  type Mrkdwn,
} from './text.js';

/** How long an override's reason reads on a tier move's line (its card has it whole). */
const REASON_MAX = 100;

/** How many customers held on their tier by an override the quarterly review names. */
export const HELD_TIERS_NAMED = 10;

/**
 * A customer named with its code (its name as read now, as typed: `literal`), or its code alone
 * when not read.
 */
function named(t: Translate, code: string, name: string | undefined): Mrkdwn {
  return name === undefined
    ? escape(code)
    : t('customer.nameCode', { name: keep(md`*${literalClipped(name, 60)}*`), code });
}

/**
 * How many moves each kind of period names (the figures keep TIER_MOVES_KEPT): a week's and a
 * month's few, the quarter of a tier review more.
 */
export const TIER_MOVES_NAMED: Record<ReportKind, number> = { week: 5, month: 5, quarter: 10 };

/**
 * The customers whose tier moved over the period, most valuable first, named (with their code)
 * from and to; "…and N more" beyond those named. A customer whose name was not read (`names`)
 * reads as its code. A move a manager's override made (its `cause`; figures stored before it was
 * kept have none, and read as before) says so, so nobody reads it as the customer's purchases
 * moving it; the override's reason, read now from the override in force (`held`) if it still
 * holds that tier, only where annual purchases are shown. Its annual purchases (a personal,
 * commercial figure) only where the reader may read them (`revenueShown`, by id: a report sent
 * to a manager); a channel's post has none.
 */
export function tierMoveBlocks(
  t: Translate,
  input: {
    kind: ReportKind;
    moves: { total: number; top: TierMoveFigure[] };
    currency: string;
    names: Map<string, string> | undefined;
    revenueShown?: ReadonlySet<string> | undefined;
    /** The overrides in force as the message is written (their reasons are never stored). */
    held?: readonly HeldTier[] | undefined;
  },
): Block[] {
  const { kind, moves, currency, names, revenueShown } = input;
  const held = new Map((input.held ?? []).map((h) => [h.customerId, h] as const));
  const when = t.plain('report.tierMovesWhen', { period: kind });
  const lines = moves.top.slice(0, TIER_MOVES_NAMED[kind]).map((m) => {
    const move = {
      name: keep(named(t, m.code, names?.get(m.customerId))),
      from: t.plain(`report.tierName.${m.from}`),
      to: t.plain(`report.tierName.${m.to}`),
    };
    const revenue = revenueShown?.has(m.customerId)
      ? formatAmount(m.annualRevenue, currency, t.locale)
      : undefined;
    const standing = held.get(m.customerId);
    const reason =
      revenue !== undefined && m.cause === 'override' && standing?.tier === m.to
        ? standing.reason.trim()
        : '';
    // What moved it, when a manager's override did (a revenue move, or one stored before causes
    // were kept, says nothing of it).
    const cause =
      m.cause === 'overrideLifted'
        ? [t('report.tierMoveOverrideLifted')]
        : m.cause !== 'override'
          ? []
          : reason
            ? [t('report.tierMoveOverrideWhy', { reason: keep(escapeClipped(reason, REASON_MAX)) })]
            : [t('report.tierMoveOverride')];
    return join(
      [
        t('report.tierMove', move),
        ...cause,
        ...(revenue === undefined ? [] : [t('report.tierMoveAnnualPurchases', { revenue })]),
      ],
      ' · ',
    );
  });
  const blocks: Block[] = [
    markdown(md`*${t('report.section.tierMoves', { count: moves.total, when })}*`),
    ...(lines.length ? lineSections(lines) : [markdown(t('report.noTierMoves', { when }))]),
  ];
  if (moves.total > lines.length)
    blocks.push(context(t('report.tierMovesMore', { count: moves.total - lines.length })));
  return blocks;
}

/**
 * The quarterly review's customers whose tier a manager's override holds now (read as it is
 * sent), so a manager can decide whether each should stay: named, the tier it holds and the one
 * its annual purchases give, who set it and since when; "…and N more" beyond HELD_TIERS_NAMED.
 * Nothing when none is held. Each line whole, in as many sections as they need (`lineSections`).
 */
export function heldTierBlocks(
  t: Translate,
  held: readonly HeldTier[],
  names: Map<string, string> | undefined,
  timeZone: string,
): Block[] {
  if (!held.length) return [];
  const lines = held.slice(0, HELD_TIERS_NAMED).map((h) =>
    t('report.heldTier', {
      name: keep(named(t, h.code, names?.get(h.customerId) ?? h.name)),
      tier: t.plain(`report.tierName.${h.tier}`),
      computed: t.plain(`report.tierName.${h.computedTier}`),
      user: keep(mention(h.by)),
      date: localDate(h.at, timeZone),
    }),
  );
  // In as many sections as they need, as the tier moves, owners and agents: a line never cut at
  // Slack's 3,000 characters (ten of the longest names the desk accepts, escaped, need two).
  const blocks: Block[] = [
    markdown(md`*${t('report.section.heldTiers', { count: held.length })}*`),
    ...lineSections(lines),
  ];
  if (held.length > lines.length)
    blocks.push(context(t('report.tierMovesMore', { count: held.length - lines.length })));
  return blocks;
}
