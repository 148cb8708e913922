import type { App } from '@slack/bolt';
import { describe, expect, test } from 'vitest';
import { emptyListenerIds, envelopeCheck, recordListenerIds } from '../../../src/slack/envelope.js';
import { responseUrlPolicy } from '../../../src/slack/response-url.js';

// The envelope check refuses an id no listener answers (Bolt would hold the request 3 s and
// answer 404): the ids come from what the handlers register, plain or by a pattern.

/** An app whose registrations do nothing: the recording proxy is what is under test. */
const noApp = {
  action: () => undefined,
  options: () => undefined,
} as unknown as App;

/** A click in a message, as Slack posts it, on a button of `actionId`. */
const click = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T0TEAM0001', domain: 'x' },
  user: { id: 'U0AGENT001', team_id: 'T0TEAM0001' },
  api_app_id: 'A0APP00001',
  trigger_id: '1337.1.abc',
  container: { type: 'message', channel_id: 'C0CHAN0001', message_ts: '1.2' },
  channel: { id: 'C0CHAN0001' },
  response_url: 'https://hooks.slack.com/actions/T0TEAM0001/1/abc',
  actions: [{ action_id: actionId, block_id: 'b1', type: 'button', value: 'v' }],
});

function checkFor(register: (app: App) => void) {
  const ids = emptyListenerIds();
  register(recordListenerIds(noApp, ids));
  const check = envelopeCheck(ids, responseUrlPolicy(['https://hooks.slack.com']));
  return async (actionId: string) =>
    (await check.check(click(actionId), 'application/x-www-form-urlencoded')).problems;
}
const NO_LISTENER = [{ path: 'actions.0.action_id', code: 'custom' }];

describe('the ids the envelope check lets through', () => {
  test('plain ids and ids a pattern matches pass; any other id is refused', async () => {
    const problems = checkFor((app) => {
      app.action('ticket_claim', async () => {});
      app.action(/^survey_[1-5]$/, async () => {});
      app.action({ action_id: /^page_\d{1,3}$/ }, async () => {});
    });
    expect(await problems('ticket_claim')).toEqual([]);
    expect(await problems('survey_3')).toEqual([]);
    expect(await problems('page_12')).toEqual([]);
    for (const other of ['ticket_claimed', 'survey_6', 'page_', '\u0000']) {
      expect(await problems(other), other).toEqual(NO_LISTENER);
    }
    // Past Slack's 255 characters: refused for its size.
    expect((await problems(`survey_${'1'.repeat(300)}`)).map((p) => p.code)).toContain('too_big');
  });

  test('a pattern with the g or y flag matches every time, not every other time', async () => {
    const problems = checkFor((app) => {
      app.action(/^survey_[1-5]$/g, async () => {});
      app.action({ action_id: /^page_\d$/y }, async () => {});
    });
    for (let i = 0; i < 3; i++) {
      expect(await problems('survey_2')).toEqual([]);
      expect(await problems('page_4')).toEqual([]);
    }
  });

  test('a listener constrained by a block id opens its kind to every id', async () => {
    const problems = checkFor((app) => {
      app.action({ block_id: 'pager', action_id: 'page_next' }, async () => {});
    });
    expect(await problems('anything_at_all')).toEqual([]);
    const ids = emptyListenerIds();
    recordListenerIds(noApp, ids).action({ block_id: 'pager' }, async () => {});
    expect([...ids.open]).toEqual(['actions']);
  });

  test('a view_closed listener, which the check would refuse every payload of, fails at registration', () => {
    const recording = recordListenerIds(
      { view: () => undefined } as unknown as App,
      emptyListenerIds(),
    );
    expect(() => recording.view({ callback_id: 'x', type: 'view_closed' }, async () => {})).toThrow(
      /view_closed/,
    );
    expect(() => recording.view('x', async () => {})).not.toThrow();
  });

  test("a legacy attachment's {callback_id} on an action is not an action id: it opens the kind", async () => {
    const problems = checkFor((app) => {
      app.action({ callback_id: 'legacy_buttons' }, async () => {});
    });
    expect(await problems('legacy_buttons')).toEqual([]);
    expect(await problems('anything_at_all')).toEqual([]);
    // A block suggestion's id is its action id; a dialog's {callback_id} opens the kind.
    const ids = emptyListenerIds();
    const recording = recordListenerIds(noApp, ids);
    recording.options({ action_id: 'customer_picker' }, async () => {});
    expect([...ids.options]).toEqual(['customer_picker']);
    recording.options({ callback_id: 'dialog_suggest' }, async () => {});
    expect([...ids.open]).toEqual(['options']);
  });
});
