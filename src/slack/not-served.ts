import { translator, type Locale, type Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { errorModal } from '../ui/blocks.js';
import type { Mrkdwn } from '../ui/text.js';
import type { EmptyAck } from './receiver.js';
import type { ResponseUrlPolicy } from './response-url.js';
import { refusedInBody } from './reply.js';

/**
 * The ack that tells a person why nothing was done (`text`), for the requests whose ack can say
 * it: a command's ephemeral reply, a modal's error view, empty options. Undefined for the others
 * (a click, a shortcut: acked empty, then told by their response_url).
 */
export function refusalAck(
  body: { type?: unknown; command?: unknown },
  tr: Translate,
  text: Mrkdwn,
): unknown {
  if (typeof body.command === 'string') return { response_type: 'ephemeral', text };
  if (body.type === 'view_submission')
    return { response_action: 'update', view: errorModal(tr, text) };
  if (body.type === 'block_suggestion') return { options: [] };
  return undefined;
}

/**
 * The ack of a request that the desk, restarting, answers for its listener (Socket Mode's stop):
 * as refusalAck, but a modal submission keeps its form and what was typed, `plain` shown on its
 * first input (`response_action: 'errors'`), so that it can be sent again as it is. Sent again,
 * it is not saved twice: the saves are keyed by the view's id, which stays the form's (New
 * customer's `createdIn`, New ticket's and a task's `submissionId`, an order's, a logged
 * interaction's `source`). A form with no input gets refusalAck's error view.
 */
export function restartingAck(
  body: { type?: unknown; command?: unknown; view?: unknown },
  tr: Translate,
  text: Mrkdwn,
  plain: string,
): unknown {
  if (body.type === 'view_submission') {
    const blocks = (body.view as { blocks?: unknown } | undefined)?.blocks;
    const first = Array.isArray(blocks)
      ? (blocks as { type?: unknown; block_id?: unknown }[]).find(
          (b) => b?.type === 'input' && typeof b.block_id === 'string' && b.block_id,
        )
      : undefined;
    if (first) return { response_action: 'errors', errors: { [first.block_id as string]: plain } };
  }
  return refusalAck(body, tr, text);
}

/**
 * OAuth mode: what a request from a workspace no install serves (never installed, uninstalled,
 * revoked; a person of another organisation whose own workspace has the app's commands) is
 * answered, since no listener runs for it: why nothing happened, in `locale`, where Slack lets
 * it be said. A command's ephemeral reply, a modal's error view, empty options; a click or a
 * shortcut an ephemeral by its response_url once acked (one of Slack's URLs only). Nothing for an
 * event, or for a click that has no response_url (in a modal, on App Home: no token to answer
 * with). `neverInstalled`: no install was ever the app's there (a Slack Connect customer's own
 * workspace, most likely): the person is told the desk serves them through the team they work
 * with, in the channel they share (as single-token mode tells them), not to install the app.
 * A URL that refuses the line (spent, `ok: false`) is logged, not said another way as every other
 * reply by response URL is (src/slack/reply.ts checkedRespond): no install serves the workspace,
 * so there is no token to post it with.
 */
export function notServedAck(
  body: Record<string, unknown>,
  locale: Locale,
  urls: ResponseUrlPolicy,
  log: Logger,
  neverInstalled = false,
): EmptyAck | undefined {
  const tr = translator(locale);
  const text = tr(neverInstalled ? 'install.otherWorkspace' : 'install.notServed');
  const response = refusalAck(body, tr, text);
  if (response) return { response };
  const url = body.response_url;
  if (typeof url !== 'string' || !urls.allows(url)) return undefined;
  return {
    after: async () => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
          signal: urls.timeLimit(5000),
        });
        const refused = res.ok ? await refusedInBody(res) : undefined;
        if (!res.ok || refused)
          log.warn(
            { status: res.status, ...(refused ? { error: refused } : {}) },
            'could not tell why nothing was done',
          );
      } catch (err) {
        log.warn({ err }, 'could not tell why nothing was done');
      }
    },
  };
}
