import type { WebClient } from '@slack/web-api';
import { sharedOutside } from '../../src/channel/types.js';
import { makeCtx } from '../../src/context.js';
import { AppError, FieldErrors } from '../../src/errors.js';
import type { ChannelStanding } from '../../src/flows/settings.js';
import type { Logger } from '../../src/logger.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { orLate } from '../../src/slack/people.js';
import { redrawAfterSave } from '../../src/slack/reply.js';
import { SETTINGS } from '../../src/ui/ids.js';
import { listsAsShown } from '../../src/workspace/form.js';
import { settingsGroupTitle } from '../../src/ui/settings.js';
import { join } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { chooserView } from '../settings.js';
import { confirm, parentViewOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Whether the app can post in `channelId`, as conversations.info says with the request's token:
 * a private channel it is not a member of is `closed`; so is one Slack says it cannot find, which
 * is what it answers a bot about a private channel the bot is not in. A channel shared with
 * another organisation, or with an invitation to be pending, is `shared`. Not said within
 * `check.ms` (the Web client retries a failing call for many minutes): `unknown`, taken as
 * picked.
 */
async function channelStanding(
  client: WebClient,
  channelId: string,
  log: Logger,
  check: HandlerDeps['channelCheck'],
): Promise<ChannelStanding> {
  try {
    const asked = client.conversations.info({ channel: channelId });
    // The loser of the race: a failure after the wait is not this request's.
    asked.catch(() => undefined);
    const answer = await orLate(asked, check.ms, check.deadline);
    if (answer === 'late') {
      log.warn({ waitMs: check.ms }, 'conversations.info late: the channel is taken as picked');
      return 'unknown';
    }
    const { channel } = answer;
    if (sharedOutside(channel)) return 'shared';
    return channel?.is_private && !channel.is_member ? 'closed' : 'postable';
  } catch (err) {
    const error = (err as { data?: { error?: string } }).data?.error;
    if (error === 'channel_not_found') return 'closed';
    log.info({ error }, 'conversations.info failed: the channel is taken as picked');
    return 'unknown';
  }
}

/**
 * Save of a settings group's modal: the service refuses anyone but an admin and names each bad
 * value on its field (what was typed stays in the modal); saved, the change applies on every
 * instance, is in the settings history, and moves open tickets' clocks when it moved the
 * calendar. The picker it was opened from is drawn again with a "saved" line.
 */
export function settingsGroupSave(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${SETTINGS.groupView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, initial } = readSubmission(args.body);
    const group = meta.settingsGroup;
    if (!group) throw new AppError('INVALID_INPUT', 'error.unreadable');
    // A redrawn modal's inputs carry its revision (`holidays~1`): read and answer by field.
    const suffix = meta.revision ? `~${meta.revision}` : '';
    const byField = (data: typeof form) =>
      Object.fromEntries(
        Object.entries(data).map(([block, text]) => [block.replace(/~\d+$/, ''), text]),
      );
    const fields = byField(form);
    /**
     * What its inputs were drawn with: the fields the admin changed, and the lists as shown; a
     * list a redraw filled (Load public holidays, Restore the default days) as it was shown when
     * the modal opened (its metadata), what was loaded being the admin's change.
     */
    const shownText = { ...byField(initial), ...listsAsShown(meta.listsShown) };
    /** A refusal named on the fields as this modal's blocks are (with their revision). */
    const onItsFields = (err: unknown) => {
      if (!(err instanceof FieldErrors) || !suffix) return err;
      return new FieldErrors(
        Object.fromEntries(Object.entries(err.fields).map(([f, p]) => [`${f}${suffix}`, p])),
      );
    };
    // What was typed, checked before anything is read: a bad value comes back on its field.
    let postable: ReadonlySet<string> | undefined;
    try {
      deps.flows.settings.check(ctx, group, fields, shownText);
      // A channel linked to a customer, or a private one the app is not in (asked of Slack): on
      // its field in the ack too.
      if (group === 'channels')
        postable = await deps.flows.settings.refuseUnfitChannels(
          ctx,
          fields,
          (channelId) => channelStanding(args.client, channelId, ctx.log, deps.channelCheck),
          meta.settingsShown,
        );
    } catch (err) {
      throw onItsFields(err);
    }
    await beforeSave(args);
    let saved;
    try {
      saved = await deps.flows.settings.save(ctx, group, fields, {
        shown: meta.settingsShown,
        shownText,
        postable,
      });
    } catch (err) {
      throw onItsFields(err);
    }
    await args.ack();
    // Answered in the language just saved: an admin who switched the desk to Chinese reads its
    // confirmation (and the picker under it) in Chinese, as everything after it.
    const asSaved = makeCtx({ ...ctx, settings: saved.after });
    const count = Object.keys(saved.changed.new).length;
    // Changed from the inputs as they were drawn (`shownText`: a list a redraw filled, as the
    // modal opened), yet nothing to write: the settings hold it already (this submission
    // delivered again, or Submit pressed again after a lost ack). Closed as saved, not "Nothing
    // changed": the first delivery said what it saved (savedBefore's rule, on the inputs as drawn).
    if (!count && Object.entries(fields).some(([f, v]) => (shownText[f] ?? '') !== (v ?? '')))
      return;
    const name = settingsGroupTitle(asSaved.t, group);
    const done = asSaved.t(count ? 'settings.saved' : 'settings.unchanged', { group: name, count });
    const recomputed = count ? await deps.flows.settings.applyClocks(ctx, saved) : undefined;
    const review = count ? deps.flows.settings.nextTierReview(ctx, saved) : undefined;
    const text = join(
      [
        done,
        ...(recomputed === undefined
          ? []
          : [asSaved.t('settings.recomputed', { count: recomputed })]),
        ...(review === undefined ? [] : [asSaved.t('settings.tiersAtReview', { date: review })]),
      ],
      asSaved.t.plain('common.sentenceSeparator'),
    );
    // The chooser under it shows the result; not redrawn (Slack refused), it is said the other way.
    const parent = parentViewOf(deps, ctx, meta, `view:${SETTINGS.groupView}`);
    const redrawn =
      !!parent &&
      (await redrawAfterSave(
        args.client,
        {
          view_id: parent,
          view: chooserView(asSaved, { responseUrl: meta.responseUrl }, text),
        },
        ctx.log,
      ));
    if (meta.responseUrl || !redrawn) await confirm(deps, args, asSaved, meta, text);
  });
}
