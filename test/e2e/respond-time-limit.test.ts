// Production options (no injected slackCallWait): Bolt's `respond` (a response_url POST, made
// with the clients' `fetch` and no signal of its own) has the same time limit as every Web API
// call (SLACK_CALL_TIMEOUT_MS), so a response_url Slack never answers does not hang its listener
// (nor stop(), which waits for the listeners in flight) for good. The tests' injected limit
// covers every fetch, so this is what tells production apart.
import { afterAll, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const seen: { url: string; signal: AbortSignal | undefined }[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = ((url: string | URL | Request, init?: RequestInit) => {
  seen.push({ url: String(url), signal: init?.signal ?? undefined });
  return realFetch(url, init);
}) as typeof fetch;
afterAll(() => {
  globalThis.fetch = realFetch;
});

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test("a listener's response_url POST has a time limit in production, as its Web API calls do", async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  seen.length = 0;
  const res = await app.slack.blockAction(
    { action_id: 'ticket_open', value: ticket.number, block_id: 'ticket_row_0' },
    { userId: AGENT, channelId: 'C0SUPPORT1', ephemeral: true },
  );
  expect(res.status).toBe(200);
  const api = seen.filter((s) => s.url.includes('/api/'));
  const responseUrl = seen.filter((s) => s.url.includes('/response/'));
  expect(api.length).toBeGreaterThan(0);
  expect(api.every((s) => s.signal)).toBe(true);
  expect(responseUrl).toHaveLength(1);
  expect(responseUrl[0]!.signal).toBeInstanceOf(AbortSignal);
  expect(responseUrl[0]!.signal!.aborted).toBe(false);
});
