import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDeskApp, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { EngineKind } from '../../src/db/engine.js';
import { createLogger } from '../../src/logger.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-30T01:00:00Z' });
let b: DeskApp;

beforeAll(async () => {
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: app.fake.apiUrl,
    TRIAGE_CHANNEL_ID: TRIAGE,
    PORT: '0',
  });
  b = createDeskApp(
    {
      config,
      db: app.db,
      engine: inject('mongoEngine') as EngineKind,
      log: createLogger('silent'),
      clock: { now: () => app.clock.now() },
    },
    {
      processBeforeResponse: true,
      submitAckBudgetMs: null,
      outboxLoop: false,
      instanceId: 'b',
      slackRetries: { retries: 0 },
    },
  );
  await b.start();
});
afterAll(async () => {
  await b?.stop();
});

test('Two instances share a backlog of six tickets through 100 minutes of Slack failing: one counted try per back-off, nothing given up, each card and each thread line once', async () => {
  const numbers: string[] = [];
  const views: Record<string, unknown>[] = [];
  const code = (await makeCustomer(app, { name: 'Huadong' })).code;
  for (let i = 0; i < 6; i++) {
    await app.slack.command('/ticket', `new Backlog ${i}`, { userId: AGENT });
    views.push(app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>);
  }
  app.fake.outage(5);
  for (const view of views) {
    await app.slack.submitView(
      view,
      { customer: code, severity: 'important', type: 'after_sales', description: 'x' },
      { userId: AGENT },
    );
    const told = app.fake.callsTo('response_url').at(-1)!.args.text as string;
    numbers.push(/Ticket (T\d+) is saved/.exec(told)![1]!);
    app.clock.advance(7_000);
  }
  const passBoth = async (ms: number) => {
    const end = app.clock.now().getTime() + ms;
    while (app.clock.now().getTime() < end) {
      await Promise.all([app.desk.outbox.drain(), ...(process.env.ONE ? [] : [b.outbox.drain()])]);
      app.clock.advance(30_000);
    }
  };
  await passBoth(100 * 60_000);
  // One counted try per back-off, whichever instance made it: the tries the managers' App Home
  // and the metrics show are what one instance makes (0.5, 1, 2... 30 minutes apart: nine in 100
  // minutes), never two for one due time (an entry both instances read due, tried twice).
  const tries = (await app.db.models.outbox.find({}).lean()).map((e) => e.attempts);
  expect(Math.max(...tries)).toBeLessThanOrEqual(9);
  app.fake.restore();
  await passBoth(40 * 60_000);
  expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  const tickets = await app.db.models.tickets.find({}).lean();
  for (const number of numbers) {
    const cards = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => !c.args.thread_ts && String(c.args.text).startsWith(number));
    expect(cards, number).toHaveLength(1);
    const ts = tickets.find((t) => t.number === number)!.card!.ts;
    const lines = app.fake.tookPostsTo(TRIAGE).filter((c) => c.args.thread_ts === ts);
    expect(
      lines.map((c) => String(c.args.text)),
      number,
    ).toEqual([`<@${AGENT}> opened this ticket.`]);
  }
});
