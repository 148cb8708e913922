import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { boundary } from '../../src/slack/boundary.js';
import { maySlackHaveTaken } from '../../src/slack/call-limit.js';
import { parsePayload, directMessageSchema } from '../../src/slack/payloads.js';
import { directMessageHelp } from '../../src/ui/help.js';
import { messagePlainText } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { commandSpecs } from '../commands/index.js';
import { commandUsages, usableBy } from '../commands/router.js';
import { once } from './once.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * A message typed in the app's Messages tab (where its reminders and alerts arrive) is answered
 * there, in its thread if it was in one, with what the app understands: its commands; but for a
 * requester whose ticket waits on their answer there, it is that answer (the ticket resumes).
 * Other messages (in channels, edits, bots) are left alone. Each message is answered once,
 * however often Slack delivers it (`once`).
 */
export function directMessage(deps: HandlerDeps) {
  const answer = boundary<Args>(
    'event:message.im',
    deps.boundary,
    async ({ event, body, client }, ctx) => {
      const parsed = parsePayload(directMessageSchema, event);
      // Once per event: Slack's retry (or another instance's copy) of this message answers
      // nothing more; after an attempt that failed, the next delivery does it again.
      await once(deps, ctx, body, 'message.im', async (redo) => {
        // A requester's answer to the question of a ticket waiting on them in this conversation:
        // answered through the outbox (written with the resume, once per message).
        const answered = parsed.ts
          ? await deps.flows.requester.answerByDm(ctx, {
              channel: parsed.channel,
              ts: parsed.ts,
              text: messagePlainText(parsed.text ?? ''),
              thread: parsed.thread_ts,
              redo,
            })
          : null;
        if (answered) return;
        // The help changes nothing: posted directly (the claim keeps it to one post).
        // A customer's owner may plan its tasks without a role (`UsableBy`).
        const help = directMessageHelp(
          ctx.t,
          commandUsages(commandSpecs(deps), ctx, await usableBy(deps.services.customers, ctx)),
        );
        try {
          await client.chat.postMessage({
            channel: parsed.channel,
            ...(parsed.thread_ts ? { thread_ts: parsed.thread_ts } : {}),
            ...help,
          });
        } catch (err) {
          // Slack refused it, or it never left: thrown, so that Slack's next delivery tries
          // again. One Slack may have taken (no answer within its limit, a 5xx) is done: a
          // delivery again (Slack's retry) would post a second help.
          if (!maySlackHaveTaken(err)) throw err;
          ctx.log.warn(
            { reason: (err as { code?: unknown }).code },
            'help DM got no answer from Slack (it may have been shown): not sent again',
          );
          return;
        }
        ctx.log.debug('answered a direct message with the help');
      });
    },
  );
  // Checked before the boundary: what is not a person's message here reads and says nothing.
  return async (args: Args) => {
    if (directMessageSchema.safeParse(args.event).success) await answer(args);
  };
}
