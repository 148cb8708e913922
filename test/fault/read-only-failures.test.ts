// A listener that only opens a modal (or pushes, or redraws one) writes nothing: its save is
// the modal's own listener. When it fails (Slack refusing views.open, the database gone) the
// person is told that nothing was changed, never "what you did may not have been saved: check
// before trying again".
import { afterEach, describe, expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeTicket, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

afterEach(() => vi.restoreAllMocks());

const REFUSED_UNCHANGED =
  /^Slack refused the request \(internal_error\), so nothing was changed\. Please try again \(reference `E-[0-9A-F]{8}`\)\.$/;

/** What the person was told privately (a command's or a click's response_url). */
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

describe('a listener that only opens a modal fails: "nothing was changed"', () => {
  test('Slack refuses views.open for /customer new, /ticket new, /task new, /desk roles, /desk handover, New ticket on a card, Add note and a card menu choice that opens a modal', async () => {
    const ticket = await makeTicket(app);
    const card = { userId: ADMIN, channelId: TRIAGE };
    const requests: [string, () => Promise<unknown>][] = [
      ['/customer new', () => app.slack.command('/customer', 'new', { userId: OWNER })],
      ['/ticket new', () => app.slack.command('/ticket', 'new Printer jams', { userId: OWNER })],
      ['/task new', () => app.slack.command('/task', 'new', { userId: OWNER })],
      ['/desk roles', () => app.slack.command('/desk', 'roles', { userId: ADMIN })],
      ['/desk handover', () => app.slack.command('/desk', 'handover', { userId: ADMIN })],
      [
        'New ticket on a customer card',
        () =>
          app.slack.blockAction(
            { action_id: 'customer_ticket_new', value: ticket.customerCode },
            { ...card, ephemeral: true },
          ),
      ],
      [
        'Add note on a ticket card',
        () =>
          app.slack.blockAction(
            { action_id: 'ticket_note_open', value: ticket.number, block_id: 'ticket_actions' },
            card,
          ),
      ],
      [
        'Add note in the card menu',
        () =>
          app.slack.blockAction(
            {
              action_id: 'ticket_card_menu',
              block_id: 'ticket_actions',
              type: 'overflow',
              selected_option: {
                text: { type: 'plain_text', text: 'Add note' },
                value: `note:${ticket.number}`,
              },
            },
            card,
          ),
      ],
    ];
    const said: Record<string, string[]> = {};
    for (const [name, request] of requests) {
      app.fake.reset();
      app.fake.failNext('views.open', 'internal_error');
      await request();
      // It got as far as Slack (the modal was asked for), and failed there.
      expect(app.fake.callsTo('views.open'), name).toHaveLength(1);
      said[name] = told();
    }
    expect(said).toEqual(
      Object.fromEntries(
        requests.map(([name]) => [name, [expect.stringMatching(REFUSED_UNCHANGED)]]),
      ),
    );
  });

  test('the database failing while /customer new reads the tags in use: nothing was changed', async () => {
    const gone = Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
    vi.spyOn(app.desk.services.customers, 'forCreating').mockRejectedValueOnce(gone);
    const res = await app.slack.command('/customer', 'new', { userId: OWNER });
    expect(res.body.text).toMatch(
      /^The desk cannot reach its database right now, so nothing was changed\. Please try again in a minute \(reference `E-[0-9A-F]{8}`\)\.$/,
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);
  });
});
