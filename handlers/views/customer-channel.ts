import type { WebClient } from '@slack/web-api';
import {
  emojiName,
  INTAKE_MODES,
  sharedOutside,
  type ChannelSharing,
  type IntakeMode,
} from '../../src/channel/types.js';
import { FieldErrors } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { boundary } from '../../src/slack/boundary.js';
import { SLACK_ID } from '../../src/slack-ids.js';
import { linkedMessage } from '../../src/ui/channel.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * What Slack says of a channel about to be linked to a customer (`/desk channel link` and the
 * card's Link a channel): its sharing, whether the app is in it, whether it is a direct message.
 * Undefined when Slack refuses to say (channel_not_found for a private channel the app is not
 * in): taken as not a member.
 */
export async function channelToLink(
  client: WebClient,
  channelId: string,
  log: Logger,
): Promise<
  (ChannelSharing & { is_member?: boolean; is_im?: boolean; is_mpim?: boolean }) | undefined
> {
  try {
    return (await client.conversations.info({ channel: channelId })).channel;
  } catch (err) {
    const error = (err as { data?: { error?: string } }).data?.error;
    log.info({ error }, 'conversations.info refused: taken as not a member');
    return undefined;
  }
}

/**
 * Submit of the customer card's Link a channel (#10): the form is checked, the modal closes,
 * then Slack says whether the app is a member (else the admin is told to invite it) and
 * whether the channel is shared; the link is saved and confirmed, once per submission (a repeat
 * finds it linked and says nothing).
 */
export function customerChannel(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${CUSTOMER.channelView}`, deps.boundary, async (args, ctx) => {
    deps.services.channels.assertMayLink(ctx);
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta } = submission;
    const code = customerCodeOf(meta);
    const channelId = form.channel ?? '';
    const intake = (form.intake ?? 'all') as IntakeMode;
    const emoji = emojiName(form.emoji || 'ticket');
    if (!SLACK_ID.channel.test(channelId))
      throw new FieldErrors({ channel: { key: 'form.error.required' } });
    const refusal = deps.services.channels.linkRefusal(ctx, channelId);
    if (refusal)
      throw new FieldErrors({
        channel: { key: refusal === 'direct' ? 'channel.error.direct' : 'channel.error.own' },
      });
    if (!INTAKE_MODES.includes(intake))
      throw new FieldErrors({ intake: { key: 'form.error.required' } });
    if (!emoji) throw new FieldErrors({ emoji: { key: 'channel.error.emoji' } });
    await args.ack();
    const info = await channelToLink(args.client, channelId, ctx.log);
    // Not a member: nothing linked, the admin told to invite the app; else linked and confirmed.
    let text = ctx.t('channel.notMember', { channel: channelId });
    if (info?.is_member) {
      const link = await deps.services.channels.link(ctx, {
        channelId,
        customerCode: code,
        intake,
        emoji,
        // Judged as `/desk channel link` judges it (`sharedOutside`): an invitation to another
        // organisation pending counts (not taken back by events), the Grid org's own sharing not.
        shared: sharedOutside(info),
        pending: Boolean(info.is_pending_ext_shared && !info.is_ext_shared),
        direct: Boolean(info.is_im || info.is_mpim),
      });
      ctx.log.info({ channel: channelId, customer: link.customerCode }, 'channel linked');
      text = linkedMessage(ctx.t, link).text;
    }
    await oncePerSubmission(deps, ctx, submission, CUSTOMER.channelView, () =>
      confirm(deps, args, ctx, meta, text),
    );
  });
}
