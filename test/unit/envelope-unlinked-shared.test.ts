// A Slack Connect channel the app is in but linked to no customer: Slack sends its every message
// and reaction, with the outside person's team. The envelope check drops those (nothing to do),
// and still refuses every other request whose team ids disagree.
import { expect, test } from 'vitest';
import { emptyListenerIds, envelopeCheck } from '../../src/slack/envelope.js';
import { responseUrlPolicy } from '../../src/slack/response-url.js';

const OURS = 'T0OURTEAM1';
const THEIRS = 'T0THEIRS01';
const THIRD = 'T0THIRD001';
const PARTNER = 'C0PARTNER1';

const ids = emptyListenerIds();
ids.actions.add('survey_answer');
const check = envelopeCheck(ids, responseUrlPolicy(['https://hooks.slack.com']), {
  isLinked: async () => false,
});

function event(
  e: Record<string, unknown>,
  opts: { envelopeTeam?: string; installed?: string; shared?: boolean } = {},
) {
  return {
    type: 'event_callback',
    team_id: opts.envelopeTeam ?? THEIRS,
    api_app_id: 'A0APP00001',
    event_id: 'Ev0000001',
    event: e,
    authorizations: [
      { team_id: opts.installed ?? OURS, enterprise_id: null, user_id: 'U0BOT00001' },
    ],
    is_ext_shared_channel: opts.shared ?? true,
  };
}
const message = (userTeam = THEIRS, type = 'message') => ({
  type,
  channel: PARTNER,
  user: 'U0EXT00001',
  user_team: userTeam,
  team: userTeam,
  text: 'Shipment leaves Friday',
  ts: '1.2',
});
const verdict = (body: unknown, contentType = 'application/json') => check.check(body, contentType);

test('a message or reaction of another organisation’s person in a Slack Connect channel not linked is dropped, not refused', async () => {
  for (const body of [
    event(message()),
    event(message(), { envelopeTeam: OURS }),
    event({
      type: 'reaction_added',
      user: 'U0EXT00001',
      user_team: THEIRS,
      reaction: 'ticket',
      item: { type: 'message', channel: PARTNER, ts: '1.2' },
    }),
  ])
    expect(await verdict(body)).toEqual({
      kind: 'event_callback',
      problems: [],
      drop: 'unlinkedShared',
    });
});

test('mixed team ids are still refused outside that one shape', async () => {
  const refusals = [
    // Slack does not say the channel is shared with another organisation.
    event(message(), { shared: false }),
    // Three teams.
    event(message(THIRD)),
    // Another event type.
    event({ type: 'app_home_opened', user: 'U0EXT00001', user_team: THEIRS, tab: 'home' }),
  ];
  for (const body of refusals) {
    const v = await verdict(body);
    expect(v.drop).toBeUndefined();
    expect(v.problems).not.toEqual([]);
  }
  // A click by their person in that channel keeps its refusal.
  const click = await verdict(
    {
      type: 'block_actions',
      team: { id: OURS },
      user: { id: 'U0EXT00001', team_id: THEIRS },
      trigger_id: '1.2.3',
      container: { type: 'message', channel_id: PARTNER, message_ts: '1.2' },
      channel: { id: PARTNER },
      actions: [{ action_id: 'survey_answer', value: '5' }],
    },
    'application/x-www-form-urlencoded',
  );
  expect(click.drop).toBeUndefined();
  expect(click.problems).not.toEqual([]);
});
