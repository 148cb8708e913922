import { expect } from 'vitest';
import { useTestApp } from './app.js';
import { makeTicket } from './factories.js';

/** The guests tests' (test/e2e/guests-*.test.ts) workspace: its first admin, its triage channel. */
export const ADMIN = 'U0ADMIN001';
export const TRIAGE = 'C0TRIAGE01';
/** When the guests tests start. */
export const T0 = '2026-11-24T02:00:00Z';
/** How long a request waits for users.info here (production: GUEST_CHECK_MS). */
export const WAIT_MS = 150;
/** The phone number in the message a ticket is filed from (`fileFromMessage`). */
export const PHONE = '13812345678';

/**
 * A guests test file's app: an open desk (the default), a triage channel, Slack's users.info
 * waited for WAIT_MS. Called once per file, so each file has an app of its own: the users.info
 * answers it remembers are never another file's. `admin`: ADMIN is the workspace's first admin
 * (ADMIN_USER_IDS); without it the workspace has none. `guestCheckMs`: another wait than WAIT_MS;
 * `guestCheckWait`: how that wait is waited (default: a timer).
 */
export function useGuestsApp(
  options: {
    admin?: boolean;
    guestCheckMs?: number;
    guestCheckWait?: (ms: number) => Promise<void>;
  } = {},
) {
  const app = useTestApp({
    env: {
      ...(options.admin === false ? {} : { ADMIN_USER_IDS: ADMIN }),
      TRIAGE_CHANNEL_ID: TRIAGE,
    },
    now: T0,
    guestCheckMs: options.guestCheckMs ?? WAIT_MS,
    ...(options.guestCheckWait ? { guestCheckWait: options.guestCheckWait } : {}),
  });
  return {
    app,
    /** The users.info calls asking about `userId`. */
    usersInfoFor: (userId: string) =>
      app.fake.callsTo('users.info').filter((c) => c.args.user === userId),
    /**
     * "Create ticket" on `author`'s message (PHONE in it), by `userId`, the modal submitted for
     * the customer `code` with `form`: the ticket they filed. `userId` asked for a ticket of
     * `code` before (filed by the agent): outside a linked customer channel a guest files only
     * for the customers of their own tickets (test/e2e/guests-new-ticket.test.ts).
     */
    async fileFromMessage(
      userId: string,
      author: string,
      code: string,
      form: Record<string, string | null>,
    ) {
      await makeTicket(app, { customerCode: code, requester: { userId } });
      await app.slack.messageShortcut(
        'ticket_from_message',
        { text: `The spindle stopped, call me on ${PHONE}`, user: author },
        { userId },
      );
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
      const saved = await app.slack.submitView(
        view,
        { customer: code, severity: 'general', type: 'consultation', ...form },
        { userId },
      );
      expect(saved.body).toBe('');
      return (await app.db.models.tickets.findOne({ createdBy: userId }).sort({ _id: -1 }).lean())!;
    },
  };
}
