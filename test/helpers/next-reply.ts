// The next-reply tests' desk (test/e2e/next-reply.test.ts and, for the hand-over of many tickets
// owing a reply, test/fault/next-reply-volume.test.ts): its channels, a customer's channel linked
// before each test, and messages in it delivered by Slack.
import { beforeEach } from 'vitest';
import { useTestApp } from './app.js';
import { AGENT, makeCustomer } from './factories.js';

export const TRIAGE = 'C0TRIAGE01';
export const ALERTS = 'C0ALERTS01';
export const DIGEST = 'C0DIGEST01';
export const ADMIN = 'U0ADMIN001';
export const CUST = 'C0CUSTCH01';
export const CUSTOMER_USER = 'U0CUSTUSR1';

/**
 * The file's test app (Tuesday 2026-11-24 10:00 in Shanghai), and before each test a customer
 * whose channel CUST an admin links, AGENT the only agent of a closed desk; `say` a message there.
 */
export function useNextReplyApp() {
  const app = useTestApp({
    env: {
      TRIAGE_CHANNEL_ID: TRIAGE,
      ALERTS_CHANNEL_ID: ALERTS,
      DIGEST_CHANNEL_ID: DIGEST,
      ADMIN_USER_IDS: ADMIN,
    },
    now: '2026-11-24T02:00:00Z',
  });

  let events = 0;

  /** A message in the customer's channel (a reply in the ticket's thread), delivered by Slack. */
  function say(text: string, user: string, iso: string, thread?: string) {
    app.clock.set(iso);
    const ts = `${Date.parse(iso) / 1000}.000100`;
    return app.slack.eventDelivery(
      {
        type: 'message',
        channel_type: 'channel',
        channel: CUST,
        user,
        text,
        ts,
        ...(thread ? { thread_ts: thread } : {}),
      },
      { eventId: `Ev0NRT${String(++events).padStart(6, '0')}` },
    );
  }

  beforeEach(async () => {
    const { code } = await makeCustomer(app);
    await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
    await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
  });

  return { app, say };
}
