// A customer's message edited in their channel, as Slack delivers the edit.

/**
 * The `message_changed` event of `channel` (at `ts`) for the root `root` that `user` wrote as
 * "Our scanner does not start" and edited to "Our scanner 2 does not start".
 */
export function scannerEdited(channel: string, user: string, root: string, ts: string) {
  return {
    type: 'message',
    subtype: 'message_changed',
    channel,
    hidden: true,
    ts,
    message: { type: 'message', user, text: 'Our scanner 2 does not start', ts: root },
    previous_message: { type: 'message', user, text: 'Our scanner does not start', ts: root },
  };
}
