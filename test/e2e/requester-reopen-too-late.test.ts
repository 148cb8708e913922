// The requester's "Not solved, reopen" pressed too late says what to do instead as the other
// requester answers do: open a new ticket with `/ticket new` (or ask the service team), not
// "raise a new request" (en) or 提交新的请求 (zh-CN) [wording 2, dmwords].
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const lastEphemeral = () => String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');

/** Resolves a ticket of REQ's, then presses its DM's reopen button 7 days and a minute later. */
async function reopenTooLate(): Promise<string> {
  const ticket = await makeTicket(app, { requester: { userId: REQ } });
  await act(app, ticket.number, { action: 'claim' });
  await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
  await app.desk.outbox.drain();
  const resolved = app.fake
    .tookPostsTo(REQ)
    .find((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_reopen'))!;
  const blocks = (
    typeof resolved.args.blocks === 'string'
      ? JSON.parse(resolved.args.blocks)
      : resolved.args.blocks
  ) as { type: string; block_id?: string; elements?: { action_id: string; value: string }[] }[];
  const actions = blocks.find((b) => b.elements?.some((e) => e.action_id === 'requester_reopen'))!;
  const reopen = actions.elements!.find((e) => e.action_id === 'requester_reopen')!;
  app.clock.advance(7 * 86_400_000 + 60_000);
  await app.slack.blockAction(
    { action_id: reopen.action_id, value: reopen.value, block_id: actions.block_id },
    { userId: REQ, channelId: 'D0REQUEST1' },
  );
  const stored = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
  expect(stored.status).toBe('resolved');
  return ticket.number;
}

test('en: "Ticket T… was resolved more than 7 days ago…: open a new ticket with `/ticket new`"', async () => {
  const number = await reopenTooLate();
  expect(lastEphemeral()).toBe(
    `Ticket ${number} was resolved more than 7 days ago and can no longer be reopened. If the problem is back, open a new ticket with \`/ticket new\`, or ask our service team.`,
  );
});

test('zh-CN: 请用 `/ticket new` 新建工单, as the closed ticket answer says', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const number = await reopenTooLate();
  expect(lastEphemeral()).toBe(
    `工单 ${number} 已解决超过 7 天，无法再重新打开。如果问题再次出现，请用 \`/ticket new\` 新建工单，或联系服务团队。`,
  );
});
