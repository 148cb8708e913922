// An agent's working day, the steps where what they read was wrong or missing: each test drives
// the app through Slack's signed requests and asserts what the agent (or who else) sees.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

function click(actionId: string, number: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

/** The ephemeral answers the clicks got, in order. */
const ephemerals = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

describe('a double click on Claim', () => {
  test('the second click tells the agent the ticket is theirs, not that they claimed it from someone', async () => {
    const { number } = await makeTicket(app);
    await Promise.all([click('ticket_claim', number), click('ticket_claim', number)]);
    await click('ticket_claim', number);
    await app.desk.outbox.drain();

    const said = ephemerals();
    expect(said.length).toBeGreaterThanOrEqual(2);
    for (const text of said) {
      expect(text).toBe(`You already have ${number}: it is assigned to you, nothing more to claim.`);
      expect(text).not.toContain(`<@${AGENT}>`);
    }
    // Claimed once: one "claimed it" line in the card's thread.
    const claimed = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts && String(c.args.text).includes('claimed it'));
    expect(claimed).toHaveLength(1);
  });

  test('someone else still reads who has it; in Chinese the agent reads it is theirs', async () => {
    const { number } = await makeTicket(app);
    await click('ticket_claim', number);
    await click('ticket_claim', number, 'U0AGENT002');
    expect(ephemerals().at(-1)).toBe(`${number} is already claimed by <@${AGENT}>.`);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await click('ticket_claim', number);
    expect(ephemerals().at(-1)).toBe(`${number} 已分配给你，无需再次认领。`);
  });
});
