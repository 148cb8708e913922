// Customers for the churn risk signals (test/e2e/low-risk.test.ts, test/cli/report-low-risk.test.ts):
// orders on given days, imported by their owner, and a requester's survey answered after a ticket
// resolved through the desk.
import { expect } from 'vitest';
import { importOrders } from '../../src/customer/csv.js';
import type { TestApp } from './app.js';
import { answerLastSurvey } from './clicks.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from './factories.js';

const REQ = 'U0REQUEST1';

const lastView = (app: TestApp) =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown> & {
    blocks: unknown[];
  };

/** A customer whose orders are dated on the given days (imported from CSV by its owner). */
export async function customerWithOrders(
  app: TestApp,
  name: string,
  dates: string[],
): Promise<string> {
  const { code } = await makeCustomer(app, { name, firstContactDate: '2025-01-06' });
  const report = await importOrders(
    app.desk.services.customers,
    await ctxOf(app, OWNER, { origin: 'import' }),
    ['Customer,Date,Amount', ...dates.map((d) => `${code},${d},20000`)].join('\n'),
  );
  expect(report.errors).toEqual([]);
  return code;
}

/**
 * A ticket of the customer reported by REQ (U0REQUEST1) through AGENT's New ticket modal, claimed
 * and resolved on its card, and REQ's survey answered `score`.
 */
export async function surveyed(app: TestApp, code: string, score: number) {
  await app.slack.command('/ticket', 'new Printer jams', { userId: AGENT });
  const res = await app.slack.submitView(
    lastView(app),
    { customer: code, severity: 'general', type: 'after_sales', description: 'E7', requester: REQ },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  const { number } = (await app.db.models.tickets
    .findOne()
    .sort({ createdAt: -1, _id: -1 })
    .lean())!;
  const click = (action_id: string) =>
    app.slack.blockAction(
      { action_id, value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
  await click('ticket_claim');
  await click('ticket_resolve_open');
  expect(
    (
      await app.slack.submitView(
        lastView(app),
        { resolution: 'Roller replaced' },
        { userId: AGENT },
      )
    ).body,
  ).toBe('');
  await app.desk.outbox.drain();
  await answerLastSurvey(app, REQ, score);
  expect((await app.db.models.tickets.findOne({ number }).lean())!.survey?.satisfaction).toBe(
    score,
  );
}
