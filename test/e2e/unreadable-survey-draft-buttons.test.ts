// A survey score button or "Send to requester" whose value the app cannot read (only a crafted
// payload sends one) tells the clicker "Slack sent something this app could not read, so nothing
// was changed", as every other listener does, instead of answering nothing [revforge F2].
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
/** What the clicker was told after `from`: a response_url post, an ephemeral or a DM. */
const toldSince = (from: number) =>
  app.fake.calls
    .slice(from)
    .filter((c) => ['response_url', 'chat.postEphemeral', 'chat.postMessage'].includes(c.method))
    .map((c) => String((c.args as { text?: string }).text ?? ''));

describe('a button whose value the app cannot read', () => {
  test.each([
    ['requester_survey_3', 'not-a-ticket:3'],
    ['requester_survey_3', 'aaaaaaaaaaaaaaaaaaaaaaaa:9'],
    ['requester_draft_open', 'delay:nonsense'],
  ])('%s with value %s: the clicker is told nothing was changed', async (action_id, value) => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    await makeTicket(app);
    const from = app.fake.calls.length;
    const res = await app.slack.blockAction(
      { action_id, value, block_id: 'b1' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    expect(res.status).toBe(200);
    expect(toldSince(from).join('\n')).toContain('could not read, so nothing was changed');
  });

  test('control: a list page the app cannot read says so', async () => {
    const from = app.fake.calls.length;
    await app.slack.blockAction(
      { action_id: 'ticket_list_page', value: 'open:-1', block_id: 'b1' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    expect(toldSince(from).join('\n')).toContain('could not read, so nothing was changed');
  });
});
