import type { ModalView } from '@slack/types';
import type { Ctx } from '../../src/context.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { neverSent } from '../../src/slack/call-limit.js';
import { openWithLoading } from '../../src/slack/modal.js';
import { parsePayload, blockActionSchema, type BlockAction } from '../../src/slack/payloads.js';
import { clickedThread, replyPrivately, responseUrlSpent } from '../../src/slack/reply.js';
import { markdown, type Message } from '../../src/ui/blocks.js';
import type { Mrkdwn } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

export interface CardButtonInput {
  args: ActionArgs;
  action: BlockAction;
  /** What the button carries: a customer code, a ticket number or a task id. */
  value: string;
}

/** A button on a card or reminder: acked at once, payload parsed, the button's value read. */
export function cardButton(
  name: string,
  deps: HandlerDeps,
  run: (input: CardButtonInput, ctx: Ctx) => Promise<void>,
  /** `readOnly`: it only reads (a card, a list's page): a failure says nothing was changed. */
  options: { readOnly?: boolean } = {},
) {
  return boundary<ActionArgs>(
    `action:${name}`,
    deps.boundary,
    async (args, ctx) => {
      await args.ack();
      const action = parsePayload(blockActionSchema, args.body);
      await run({ args, action, value: action.actions[0]?.value ?? '' }, ctx);
    },
    options,
  );
}

/**
 * A button that only reads (a card opened, a list's page, a history) or opens, pushes or redraws a
 * modal (its save is the modal's own listener): a failure says that nothing was changed (the
 * boundary's `readOnly`), not "check before trying again".
 */
export function readButton(
  name: string,
  deps: HandlerDeps,
  run: (input: CardButtonInput, ctx: Ctx) => Promise<void>,
) {
  return cardButton(name, deps, run, { readOnly: true });
}

/**
 * Previous / Next on a list: `page` shown in place of the list clicked. When the list's
 * response_url is spent (404 after 30 min or 5 uses, or a refusal in a 200's body), the same URL
 * cannot say so either: the person is told by the bot, privately (in the clicked message's
 * channel, in its thread if any, else by DM), that the list expired (`expired.text`), not an
 * internal error for a page flip that saves nothing. A response URL never reached (`neverSent`:
 * the connection refused, the host not found) is told the same way, in its own line
 * (`expired.unreached`: Slack could not be reached, try again), not as expired: the page cannot be
 * shown there either, and an error reference would name a failure of the desk's. (A page Slack did not answer,
 * a 5xx or its time limit, may have been shown: `checkedRespond` logs it and nothing follows.)
 */
export async function showListPage(
  deps: HandlerDeps,
  { args, action }: CardButtonInput,
  ctx: Ctx,
  page: Message,
  expired: { list: 'ticket' | 'task'; text: Mrkdwn; unreached: Mrkdwn },
): Promise<void> {
  try {
    await args.respond({ response_type: 'ephemeral', replace_original: true, ...page });
  } catch (err) {
    const spent = responseUrlSpent(err);
    if (!spent && !neverSent(err)) throw err;
    const e = err as { statusCode?: number; refused?: string };
    const told = spent ? expired.text : expired.unreached;
    ctx.log.info(
      { status: e.statusCode, ...(e.refused ? { error: e.refused } : {}) },
      spent
        ? `${expired.list} list page: response URL refused, list expired`
        : `${expired.list} list page: response URL not reached, told Slack could not be reached`,
    );
    await replyPrivately(
      args.client,
      {
        channelId: action.channel?.id ?? action.container.channel_id,
        threadTs: clickedThread(args.body),
        userId: ctx.actor,
      },
      { text: told, blocks: [markdown(told)] },
      { urls: deps.responseUrls, log: ctx.log },
    );
  }
}

/**
 * A button that opens a modal at once in a loading state (the trigger lives 3 s) and fills it
 * in when `build` has read what it needs; a refusal shows in the modal.
 */
export function modalButton(
  name: string,
  deps: HandlerDeps,
  title: MessageKey,
  build: (input: CardButtonInput, ctx: Ctx) => Promise<ModalView>,
) {
  // Opening a modal changes nothing: a failure says so.
  return cardButton(
    name,
    deps,
    async (input, ctx) => {
      await openWithLoading({
        client: input.args.client,
        triggerId: input.action.trigger_id,
        ctx,
        title,
        build: () => build(input, ctx),
      });
    },
    { readOnly: true },
  );
}
