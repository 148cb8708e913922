// An agent's App Home reads their tickets in one go (up to 200: TicketRepository.personal), and
// shows 15 at most: it reads them without what no Home row draws (revhome F2), so that someone
// holding many long tickets does not move every description and change on each render.
import type { CommandSucceededEvent } from 'mongodb';
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { homeText } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const TICKETS = 30;
const DESCRIPTION = 'Spindle E42 after the encoder was replaced. '.repeat(45); // ~2,000 characters

/** The database's answers to the Home's reads of tickets on one open (as JSON), and the Home. */
async function ticketReplies(user: string): Promise<{ replies: string[]; text: string }> {
  const client = app.db.conn.getClient();
  const replies: string[] = [];
  const onReply = (e: CommandSucceededEvent) => {
    const reply = JSON.stringify(e.reply);
    if (e.commandName === 'find' && reply.includes('.tickets"')) replies.push(reply);
  };
  client.on('commandSucceeded', onReply);
  try {
    return { text: await homeText(app, user), replies };
  } finally {
    client.off('commandSucceeded', onReply);
  }
}

test('an agent holding 30 long tickets: their Home lists them, and reads none of their descriptions', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const customer = await makeCustomer(app);
  for (let i = 0; i < TICKETS; i++) {
    const t = await makeTicket(
      app,
      { customerCode: customer.code, title: `Line ${i} down`, description: DESCRIPTION },
      AGENT,
    );
    await act(app, t.number, { action: 'claim' });
  }
  await app.desk.outbox.drain();
  await homeText(app, AGENT);
  const { replies, text } = await ticketReplies(AGENT);
  expect(text).toContain(`Your open tickets* (${TICKETS})`);
  expect(text).toContain('Line 0 down');
  expect(replies.length).toBeGreaterThan(0);
  const bytes = replies.reduce((sum, r) => sum + r.length, 0);
  if (process.env.HOME_READ_SHOW) console.log('HOME TICKET BYTES', replies.length, bytes);
  expect(replies.filter((r) => r.includes('Spindle E42 after'))).toEqual([]);
  // Each ticket as the Home reads it: less than its description alone would be.
  expect(bytes / TICKETS).toBeLessThan(DESCRIPTION.length);
});
