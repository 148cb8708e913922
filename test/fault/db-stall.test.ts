import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import type { SlackResponse } from '../helpers/slack-requests.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

// Issue 15, defect 4: the database stalls (connections open, the server silent). Every kind of
// request must still be answered, where its user looks, with the reference-id error, inside
// Slack's 3 s (Bolt's own timer is the judge: it logs "not acknowledged within 3 seconds" and
// answers 404 to a request not acknowledged in time); readiness turns false meanwhile, and the
// app recovers without a restart when the database answers again.
const proxy = TcpProxy.forMongoUri(inject('mongoUri'));
beforeAll(() => proxy.start());
afterAll(() => proxy.stop());
const app = useTestApp({ mongoUri: () => proxy.uri(inject('mongoUri')) });

const DB_ERROR =
  /^The desk cannot reach its database right now, so what you did may not have been saved: check before trying again in a minute/;
/** The same for a request that only reads (a list, a search, a card opened). */
const DB_READ_ERROR =
  /^The desk cannot reach its database right now, so nothing was changed\. Please try again in a minute/;

/**
 * The reference id in a message, which the log line with DB_UNAVAILABLE must carry too: in a
 * modal's inline error (plain text) without the backticks that set it as code in chat.
 */
function expectDbError(text: unknown, { plain = false, reads = false } = {}) {
  expect(text).toMatch(reads ? DB_READ_ERROR : DB_ERROR);
  const ref = (plain ? /reference (E-[0-9A-F]{8})\)/ : /reference `(E-[0-9A-F]{8})`/).exec(
    String(text),
  )?.[1];
  expect(ref).toBeDefined();
  expect(app.logs.find((l) => l.ref === ref)).toMatchObject({
    msg: 'listener failed',
    code: 'DB_UNAVAILABLE',
  });
}

function notAcknowledgedInTime() {
  return app.logs.filter((l) => String(l.msg).includes('not acknowledged within 3 seconds'));
}

describe('a stalled database', () => {
  test('every kind of request is answered with the reference-id error, readiness is false, and the app recovers', async () => {
    const customer = await makeCustomer(app);
    await app.slack.command('/ticket', 'help'); // the workspace's language is known
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    app.fake.reset();

    proxy.stall();
    try {
      // Ready no more (the load balancer stops routing here), yet alive (no restart).
      const ready = await fetch(`${app.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', db: { state: 'down' } });
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);

      const [list, find, submit, options, open] = await Promise.all([
        app.slack.command('/ticket', 'list'),
        app.slack.command('/customer', 'find Huadong'),
        app.slack.submitView(
          modal,
          {
            name: 'Stalled Co',
            industry: 'Manufacturing',
            source: 'referral',
            first_contact: '2026-11-20',
          },
          { userId: OWNER },
        ),
        app.slack.blockSuggestion({ action_id: 'customer_picker', value: 'Hua' }),
        app.slack.blockAction({ action_id: 'customer_card_open', value: customer.code }),
      ]);

      // Commands ack at once and answer through their response_url.
      for (const res of [list, find] as SlackResponse[]) {
        expect(res.status).toBe(200);
        expect(res.body.response_type).toBe('ephemeral');
        expectDbError(res.body.text, { reads: true });
      }
      // A modal submission is refused inline, on its first input: the modal stays open.
      expect(submit.status).toBe(200);
      expect(submit.body.response_action).toBe('errors');
      expectDbError(Object.values(submit.body.errors)[0], { plain: true });
      // The picker answers in time with no options (Slack shows none); the log has the reference.
      expect(options).toEqual({ status: 200, body: { options: [] } });
      expect(app.logs).toContainEqual(
        expect.objectContaining({
          listener: 'options:customer_picker',
          msg: 'listener failed',
          code: 'DB_UNAVAILABLE',
        }),
      );
      // A button: acked, then the error as an ephemeral message where it was clicked.
      expect(open.status).toBe(200);
      const ephemeral = app.fake.callsTo('response_url').map((c) => c.args.text);
      expect(ephemeral.filter((t) => !DB_READ_ERROR.test(String(t)))).toEqual([]);
      expect(ephemeral).toHaveLength(3); // the two commands and the button (all only read)
      expectDbError(ephemeral.at(-1), { reads: true });

      expect(notAcknowledgedInTime()).toEqual([]);
    } finally {
      proxy.resume();
    }

    // The database answers again: no restart needed.
    const again = await app.slack.command('/customer', 'find Huadong');
    expect(again.body.text).not.toMatch(DB_READ_ERROR);
    expect(again.body.blocks ?? again.body.text).toBeDefined();
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
  });
});
