import { describe, expect, test } from 'vitest';
import { emptyListenerIds, envelopeCheck } from '../../src/slack/envelope.js';
import { responseUrlPolicy } from '../../src/slack/response-url.js';

// The envelope check refuses requests whose team ids disagree, but for one case (#10): a
// message or reaction event, or a click on a message, in a channel the installation's
// workspace linked to a customer, where the other team is the person's (Slack Connect).
const OURS = 'T0OURTEAM1';
const THEIRS = 'T0THEIRS01';
const LINKED = 'C0LINKED01';
const OTHER = 'C0OTHER001';

const ids = emptyListenerIds();
ids.actions.add('survey_answer');
const asked: string[] = [];
const check = envelopeCheck(ids, responseUrlPolicy(['https://hooks.slack.com']), {
  async isLinked(teamId, channelId) {
    asked.push(`${teamId}:${channelId}`);
    return teamId === OURS && channelId === LINKED;
  },
});

function event(e: Record<string, unknown>, envelopeTeam = THEIRS, installed: string | null = OURS) {
  return {
    type: 'event_callback',
    team_id: envelopeTeam,
    api_app_id: 'A0APP00001',
    event_id: 'Ev0000001',
    event: e,
    ...(installed === null
      ? {}
      : { authorizations: [{ team_id: installed, enterprise_id: null, user_id: 'U0BOT00001' }] }),
  };
}
const message = (channel: string, userTeam = THEIRS) => ({
  type: 'message',
  channel,
  user: 'U0EXT00001',
  user_team: userTeam,
  text: 'hi',
  ts: '1.2',
});
const refused = async (body: unknown) => (await check.check(body, 'application/json')).problems;

describe('Slack Connect in the envelope check', () => {
  test('a customer’s message in a linked channel of the installation passes', async () => {
    expect(await refused(event(message(LINKED)))).toEqual([]);
    // Their team in the message only (the envelope says ours): the same.
    expect(await refused(event(message(LINKED), OURS))).toEqual([]);
    expect(
      await refused(
        event({
          type: 'reaction_added',
          user: 'U0EXT00001',
          user_team: THEIRS,
          reaction: 'ticket',
          item: { type: 'message', channel: LINKED, ts: '1.2' },
        }),
      ),
    ).toEqual([]);
  });

  test('everything else with mixed team ids is refused', async () => {
    // A channel not linked.
    expect(await refused(event(message(OTHER)))).not.toEqual([]);
    // No authorization: Bolt would act for the envelope's team, which says nothing of theirs.
    expect(await refused(event(message(LINKED), OURS, null))).not.toEqual([]);
    // The installation is theirs, the channel ours.
    expect(await refused(event(message(LINKED), OURS, THEIRS))).not.toEqual([]);
    // Another event type in a linked channel.
    expect(
      await refused(
        event({
          type: 'app_home_opened',
          user: 'U0EXT00001',
          user_team: THEIRS,
          channel: LINKED,
          tab: 'home',
        }),
      ),
    ).not.toEqual([]);
  });

  test('a click on a message in a linked channel passes; in a modal or elsewhere it is refused', async () => {
    const click = (channel: string, extra: Record<string, unknown> = {}) => ({
      type: 'block_actions',
      team: { id: OURS },
      user: { id: 'U0EXT00001', team_id: THEIRS },
      trigger_id: '1.2.3',
      container: { type: 'message', channel_id: channel, message_ts: '1.2' },
      channel: { id: channel },
      actions: [{ action_id: 'survey_answer', value: '5' }],
      ...extra,
    });
    const form = async (body: unknown) =>
      (await check.check(body, 'application/x-www-form-urlencoded')).problems;
    expect(await form(click(LINKED))).toEqual([]);
    expect(await form(click(OTHER))).not.toEqual([]);
    // The workspace acted for would be theirs, with one of ours clicking.
    expect(
      await form(
        click(LINKED, { team: { id: THEIRS }, user: { id: 'U0OUR00001', team_id: OURS } }),
      ),
    ).not.toEqual([]);
    expect(
      await form({
        ...click(LINKED),
        container: { type: 'view', view_id: 'V0VIEW0001' },
        view: { id: 'V0VIEW0001', team_id: OURS },
      }),
    ).not.toEqual([]);
  });

  test('one team throughout needs no lookup', async () => {
    asked.length = 0;
    expect(await refused(event(message(OTHER, OURS), OURS))).toEqual([]);
    expect(asked).toEqual([]);
  });
});
