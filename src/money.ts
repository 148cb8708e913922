/**
 * Sums of money. Amounts are yuan kept to the fen, but a yuan with fen is no exact binary
 * number: added as they are, 123,456.09 + 234,567.11 + 141,976.80 make 499,999.99999999994,
 * which falls under a 500,000 tier threshold. Totals are added in whole fen and turned back
 * into yuan once, so a sum is exact to the fen. Pure.
 */

/** An amount in yuan as whole fen. */
export function toFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Whole fen as yuan. */
export function fromFen(fen: number): number {
  return fen / 100;
}

/** The sum of amounts in yuan, exact to the fen. */
export function sumAmounts(amounts: Iterable<number>): number {
  let fen = 0;
  for (const amount of amounts) fen += toFen(amount);
  return fromFen(fen);
}
