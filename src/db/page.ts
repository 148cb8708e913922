/**
 * A page of rows and how many match, the count asked only when the page does not say it: a page
 * that came back short (fewer than `limit` rows, read from `offset` with something there or from
 * the start) is all there is from `offset` on, so a short list costs one command, not two (the
 * App Home's lists, most of them empty or short). The count runs after the read, when needed.
 */
export async function pageWithTotal<T>(
  read: () => Promise<T[]>,
  count: () => Promise<number>,
  limit: number,
  offset = 0,
): Promise<{ docs: T[]; total: number }> {
  const docs = await read();
  const known = docs.length < limit && (docs.length > 0 || offset === 0);
  return { docs, total: known ? offset + docs.length : await count() };
}
