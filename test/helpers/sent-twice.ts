// A modal submitted twice with the same view id and the same values (Slack's redelivery of a
// view_submission it got no ack for in time, a double click, Submit pressed again after a lost
// ack): the second delivery must write nothing and send nothing.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import type { SlackResponse } from './slack-requests.js';

type View = Record<string, any>;

/** Slack methods that only read: a repeat may ask them again (its checks before the ack). */
export const SLACK_READS = new Set(['users.info', 'conversations.info', 'auth.test', 'team.info']);

/** Every document of every collection, as stored. */
export async function wholeDatabase(app: TestApp): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const [name, model] of Object.entries(app.db.models))
    all[name] = await (model as any).find().sort({ _id: 1 }).lean();
  return all;
}

/**
 * `view` submitted with `form` by `userId`, then again with the same id and values: the second
 * must write nothing (every collection as the first left it, its outbox drained) and call Slack
 * for nothing but reads (`allowed`: what it may still call). Both answers, and what the first
 * sent (Slack methods, in order).
 */
export async function submittedTwice(
  app: TestApp,
  view: View,
  form: Record<string, string | null>,
  userId: string,
  allowed: string[] = [],
): Promise<{ first: SlackResponse; again: SlackResponse; sent: string[] }> {
  const before = app.fake.calls.length;
  const first = await app.slack.submitView(view, form, { userId });
  await app.desk.outbox.drain();
  const sent = app.fake.calls.slice(before).map((c) => c.method);
  const stored = await wholeDatabase(app);
  const from = app.fake.calls.length;
  const again = await app.slack.submitView(view, form, { userId });
  await app.desk.outbox.drain();
  const more = app.fake.calls
    .slice(from)
    .map((c) => c.method)
    .filter((m) => !SLACK_READS.has(m) && !allowed.includes(m));
  expect(more).toEqual([]);
  expect(await wholeDatabase(app)).toEqual(stored);
  return { first, again, sent };
}
