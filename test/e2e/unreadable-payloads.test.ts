// A payload from Slack that passes the envelope check but not its listener's own parse (a
// button's value, a view's state) is the sender's fault: the person is told Slack sent
// something the app could not read, and the operator sees an info line ("request refused",
// INVALID_INPUT), not an error to be paged for.
import { expect, test } from 'vitest';
import { TICKET } from '../../src/ui/ids.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { sampleValue as value, scrapeMetrics } from '../helpers/setups-7-metrics.js';

const app = useTestApp();

const UNREADABLE =
  /^Slack sent something this app could not read, so nothing was changed\. Please try again \(reference `E-[0-9A-F]{8}`\)\.$/;
/** The same in a modal's inline error, plain text: the reference without code marks. */
const UNREADABLE_INLINE =
  /^Slack sent something this app could not read, so nothing was changed\. Please try again \(reference E-[0-9A-F]{8}\)\.$/;

const scrape = () => scrapeMetrics(app);

/**
 * AGENT submits an Add note modal with `metadata` as its private metadata and `value` typed:
 * refused inline on the note field, told Slack sent something unreadable.
 */
async function noteRefusedInline(metadata: string, value: unknown) {
  const res = await app.slack.viewSubmission(
    {
      callback_id: TICKET.noteView,
      private_metadata: metadata,
      blocks: [{ type: 'input', block_id: 'note', element: { type: 'plain_text_input' } }],
    },
    { note: { v: { type: 'plain_text_input', value } } },
    { userId: AGENT },
  );
  expect(res.status).toBe(200);
  const body = res.body as { response_action: string; errors: Record<string, string> };
  expect(body.response_action).toBe('errors');
  expect(body.errors.note).toMatch(UNREADABLE_INLINE);
}

/** The lines an operator's error alerting would see. */
const errorLines = () => app.logs.filter((l) => l.level >= 50);

/**
 * The one "request refused" line, at info as the sender's fault (INVALID_INPUT, unreadable), of
 * `listener` (with `more`), and no line for error alerting.
 */
function refusedAtInfo(listener: string, more: Record<string, unknown> = {}) {
  const refused = app.logs.filter((l) => l.msg === 'request refused');
  expect(refused).toEqual([
    expect.objectContaining({
      level: 30,
      listener,
      code: 'INVALID_INPUT',
      messageKey: 'error.unreadable',
      ...more,
    }),
  ]);
  expect(errorLines()).toEqual([]);
  return refused[0]!;
}

test('a list page button with a value that is not a page: told Slack sent something unreadable, logged at info', async () => {
  const before = await scrape();
  const res = await app.slack.blockAction(
    { action_id: TICKET.listPage, value: 'open:-5', block_id: 'ticket_list_nav' },
    { userId: AGENT, ephemeral: true },
  );
  expect(res.status).toBe(200);

  // Told privately where they clicked, the list left as it was.
  const replies = app.fake.callsTo('response_url');
  expect(replies).toHaveLength(1);
  const reply = replies[0]!.args as { text: string; replace_original?: boolean };
  expect(reply.replace_original).toBe(false);
  expect(reply.text).toMatch(UNREADABLE);

  const refused = refusedAtInfo(`action:${TICKET.listPage}`, {
    problems: [{ path: '(body)', code: 'invalid_format' }],
  });
  // The same reference the person was given.
  expect(reply.text).toContain(String(refused.ref));

  const after = await scrape();
  const moved = (sample: string) => value(after, sample) - value(before, sample);
  expect(
    moved(
      `care_desk_listener_errors_total{listener="action:${TICKET.listPage}",code="INVALID_INPUT"}`,
    ),
  ).toBe(1);
  expect(
    moved(`care_desk_listener_errors_total{listener="action:${TICKET.listPage}",code="INTERNAL"}`),
  ).toBe(0);
});

test('a modal submitted with a state that is not what Slack sends: the message inline, logged at info', async () => {
  // A text input's value as a number.
  await noteRefusedInline(JSON.stringify({ ticket: 'T2026-0001' }), 5);

  refusedAtInfo(`view:${TICKET.noteView}`, {
    problems: [{ path: 'view.state.values.note.v.value', code: 'invalid_type' }],
  });
  // Nothing sent to Slack: only asked who the submitter is (the open desk's guest check).
  const sent = app.fake.calls.filter((c) => c.method !== 'auth.test' && c.method !== 'users.info');
  expect(sent).toEqual([]);
});

test('a modal whose private metadata is not JSON: the same message inline, not "something went wrong on our side"', async () => {
  await noteRefusedInline('{not json', 'Called the customer back');
  refusedAtInfo(`view:${TICKET.noteView}`);
});
