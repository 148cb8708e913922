import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { SLACK_ID } from '../../src/slack-ids.js';
import { boundary } from '../../src/slack/boundary.js';
import { parsePayload, messageShortcutSchema } from '../../src/slack/payloads.js';
import { clip } from '../../src/text/clip.js';
import { messagePlainText } from '../../src/ui/ticket.js';
import { TASK } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { newTaskView } from '../views/task-new.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** What to do, as New task's field takes it (src/task/form.ts). */
const CONTENT_MAX = 2000;

/**
 * "Create task" on a message: New task with the message's words as what to do (as people read
 * them, cut to fit) and its link under them; in a channel linked to a customer, that customer
 * picked, else the picker empty. Refused before the modal, as `/task new` is, to whoever may
 * plan no task (of that customer). A message of a person erased since they wrote it fills in
 * none of their words (the ticket shortcut's rule). The words are the planner's to change; they
 * are stored as typed and escaped where shown, as every task's.
 */
export function taskFromMessage(deps: HandlerDeps) {
  return boundary<Args>(
    `shortcut:${TASK.fromMessage}`,
    deps.boundary,
    async ({ ack, body, client }, ctx) => {
      await ack();
      const shortcut = parsePayload(messageShortcutSchema, body);
      const author = shortcut.message.user;
      const person = author !== undefined && SLACK_ID.user.test(author) ? author : undefined;
      const [linked, erased, permalink] = await Promise.all([
        deps.services.channels.forChannel(ctx, shortcut.channel.id),
        person
          ? deps.services.privacyLog.erasedSinceWritten(ctx, person, shortcut.message_ts)
          : false,
        // Its link, for whoever does the task to read it in its place (none if Slack says none).
        client.chat
          .getPermalink({ channel: shortcut.channel.id, message_ts: shortcut.message_ts })
          .then((r) => (typeof r.permalink === 'string' ? r.permalink : undefined))
          .catch(() => undefined),
      ]);
      // Asked first, as `/task new` asks: someone who may not gets no form to fill.
      const customer = linked
        ? await deps.services.tasks.customerToPlanFor(ctx, linked.customerCode)
        : await deps.services.tasks.assertMayPlanSome(ctx);
      const link = permalink && permalink.length < 500 ? permalink : undefined;
      const words = erased ? '' : messagePlainText(shortcut.message.text).trim();
      const room = CONTENT_MAX - (link ? link.length + 1 : 0);
      const content = [words ? clip(words, room) : '', link ?? ''].filter(Boolean).join('\n');
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: newTaskView(ctx, {
          ...(shortcut.response_url ? { responseUrl: shortcut.response_url } : {}),
          ...(customer ? { customer: { code: customer.code, name: customer.name } } : {}),
          ...(content ? { content } : {}),
        }),
      });
    },
    // A modal opened: the save is the modal's own listener.
    { readOnly: true },
  );
}
