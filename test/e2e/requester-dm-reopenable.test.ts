// reopenread (wave p36, zhfix F1): a requester writing to the desk's DM outside any thread,
// nothing of theirs open, is told which of their tickets they may still reopen. That read the
// first 10 resolved tickets in the lists' order (due first: resolved ones have no due time, so
// the lowest numbers), so a requester with 11 resolved tickets, only the newest still within the
// reopen window, was told it "is closed". And a ticket merged into another one still in work
// was named as their closed ticket: it is named as merged, with the ticket the work goes on in
// (dmwords, wave p37).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { REQ, requesterDm } from '../helpers/requester-kit.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const OTHER = 'U0REQUEST2';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-10T02:00:00Z' });

const { dm, toReq } = requesterDm(app);

/** A ticket of `requester`'s (via Slack), claimed; resolved unless `open`. */
async function ticketOf(code: string, title: string, requester = REQ, open = false) {
  const t = await makeTicket(app, {
    customerCode: code,
    requester: { userId: requester, via: 'slack' },
    channel: 'slack',
    title,
  });
  await act(app, t.number, { action: 'claim' });
  if (!open) await act(app, t.number, { action: 'resolve', summary: 'Replaced the drum' });
  await app.desk.outbox.drain();
  return t.number;
}

async function desk() {
  const code = (await makeCustomer(app, { name: 'Eastern Machinery' })).code;
  await app.setSettings(() => ({ locale: 'en', agents: [AGENT], openDesk: false }));
  return code;
}

test('a requester with 11 resolved tickets, only the newest within the reopen window, is told that one can be reopened, not that it is closed', async () => {
  const code = await desk();
  for (let i = 1; i <= 10; i++) await ticketOf(code, `Printer jam ${i}`);
  // Ten days later: the ten are past the 7-day window (still resolved), the newest is not.
  app.clock.set('2026-11-20T02:00:00Z');
  const newest = await ticketOf(code, 'Scanner offline');
  const before = toReq().length;

  await dm('It broke again');
  expect(toReq().slice(before)).toEqual([
    `Ticket *${newest}* is resolved, so this message was added to none. If it is not solved for you, press *Not solved, reopen* on the message that told you it was resolved, within 7 days of it, and we reopen it.`,
  ]);
});

test('a ticket merged into another one still in work is not named as their closed ticket: it is named as merged, with where the work goes on', async () => {
  const code = await desk();
  const own = await ticketOf(code, 'Printer jams');
  await act(app, own, { action: 'close' });
  const target = await ticketOf(code, 'Whole floor offline', OTHER, true);
  const dup = await ticketOf(code, 'Network down', REQ, true);
  await act(app, dup, { action: 'merge', into: target }, AGENT);
  await app.desk.outbox.drain();
  const before = toReq().length;

  await dm('Still no network');
  expect(toReq().slice(before)).toEqual([
    `Your latest ticket, *${dup}* “Network down”, was merged into *${target}*, so this message was added to no ticket. The work on it goes on in *${target}*, still open.`,
  ]);
});
