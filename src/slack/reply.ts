import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { Message } from '../ui/blocks.js';
import { maySlackHaveTaken, neverSent } from './call-limit.js';
import { postResponseUrl, type ResponseUrlPolicy } from './response-url.js';

/**
 * Slack's refusal in a response URL's answer: some failures come as HTTP 200 with
 * `{"ok":false,"error":"…"}` (a body that is not such JSON, Slack's plain `ok`, is taken as
 * done). Undefined when the body says nothing of a refusal; the error (or `unknown`) when it does.
 */
export async function refusedInBody(res: Response): Promise<string | undefined> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object' || (body as { ok?: unknown }).ok !== false)
    return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'string' ? error.slice(0, 100) : 'unknown';
}

/**
 * A response URL's refusal, by its HTTP status (`statusCode`, as Bolt's own `RespondError`
 * says it) or by `ok: false` in a 200's body (`refused`, Slack's error).
 */
export class ResponseUrlRefused extends Error {
  readonly code = 'slack_bolt_respond_error';
  constructor(
    readonly statusCode: number,
    readonly refused?: string,
  ) {
    super(`response URL refused: ${refused ?? statusCode}`);
  }
}

/** Where a request's person is, to be told privately when its response URL is spent. */
export interface RespondFallback {
  client: WebClient;
  userId: string;
  /** The channel the request came from (none from App Home or a modal): else a DM. */
  channelId?: string | undefined;
  /** The thread of the message clicked, when it is in one: said there, as Slack would have. */
  threadTs?: string | undefined;
}

/**
 * The thread the message clicked is a reply in (`thread_ts` of the payload's message, else of its
 * container: an ephemeral message has no `message`), where Slack's own response_url ephemeral
 * would have been said. Undefined for a message at the channel's top level, a thread's parent
 * included (its `thread_ts` is its own `ts`): said in the channel then, as Slack would.
 */
export function clickedThread(body: unknown): string | undefined {
  const b = body as {
    message?: { ts?: unknown; thread_ts?: unknown } | null;
    container?: { message_ts?: unknown; thread_ts?: unknown } | null;
  } | null;
  const thread = b?.message?.thread_ts ?? b?.container?.thread_ts;
  const ts = b?.message?.ts ?? b?.container?.message_ts;
  return typeof thread === 'string' && thread !== ts ? thread : undefined;
}

/**
 * Where the person of a request is told privately when its response URL is spent (the one
 * fallback of every reply by response URL): the request's channel (a click's, a shortcut's, a
 * command's), in the thread of the message clicked, if any.
 */
export function respondFallback(client: WebClient, userId: string, body: unknown): RespondFallback {
  const b = body as {
    channel?: { id?: unknown } | null;
    channel_id?: unknown;
    container?: { channel_id?: unknown } | null;
  } | null;
  const channelId = b?.channel?.id ?? b?.channel_id ?? b?.container?.channel_id;
  const threadTs = clickedThread(body);
  return {
    client,
    userId,
    ...(typeof channelId === 'string' ? { channelId } : {}),
    ...(threadTs ? { threadTs } : {}),
  };
}

/**
 * Bolt's `respond`, checked: it throws on a non-2xx status only, so a refusal in a 200's body
 * (`{"ok":false,"error":"expired_url"}`) throws here too (`ResponseUrlRefused`, logged), for the
 * caller's fallback or the boundary's error reply to take over as for a 404. Every listener's
 * `respond` is this one (src/slack/boundary.ts). With `fallback`, a new message (not a
 * replacement nor a deletion of the one clicked, which the caller answers in its own way) that
 * the spent URL (`responseUrlSpent`: 404, 410, a refusal in the body) will not take, or that
 * never left (`neverSent`: the connection refused, the host not found), is said by the bot
 * instead, as an ephemeral message in the request's channel (in the thread of the message
 * clicked, if any), else by DM: the person is
 * told what they asked, or why it failed (the boundary's error reply goes through here too),
 * rather than nothing. Still throws the URL's refusal when neither way worked. A message the URL
 * did not answer (`respondUnanswered`: a 5xx, its time limit) may have been shown: logged, and
 * not followed by anything (the boundary's error reply would be a second, wrong, answer). Nor is
 * that URL posted to again by the request (it may hang for another time limit, or be spent by
 * then): a later new message (the listener's next one, or the boundary's error reply when the
 * listener fails after it) goes by the ephemeral message or the DM, a replacement or deletion
 * nowhere (logged).
 */
export function checkedRespond(
  respond: RespondFn,
  log: Logger,
  fallback?: RespondFallback,
): RespondFn {
  /** The URL gave no answer to an earlier message of this request. */
  let unanswered = false;
  return async (message) => {
    if (unanswered) return afterNoAnswer(message, log, fallback);
    let res;
    try {
      res = await respond(message);
    } catch (err) {
      // Spent, or never sent (the connection refused, the host not found: Slack has nothing, and
      // the error reply would go the same way): said another way, as for a refusal.
      const unsent = !responseUrlSpent(err) && neverSent(err);
      if (
        fallback &&
        (responseUrlSpent(err) || unsent) &&
        (await saidAnotherWay(message, fallback, log, unsent ? 'not reached' : 'spent'))
      )
        return saidElsewhere();
      if (respondUnanswered(err)) {
        // It may have been shown: not said again, nor followed by an error notice.
        unanswered = true;
        log.warn(
          { reason: respondReason(err) },
          'response URL did not answer the message (it may have been shown); not sent again',
        );
        return saidElsewhere();
      }
      throw err;
    }
    const refused =
      res && typeof (res as Partial<Response>).text === 'function'
        ? await refusedInBody(res as Response)
        : undefined;
    if (refused === undefined) return res;
    log.info({ error: refused }, 'response URL refused the message in its body');
    if (fallback && (await saidAnotherWay(message, fallback, log))) return res;
    throw new ResponseUrlRefused(res.status, refused);
  };
}

/**
 * A message for a response URL that did not answer an earlier one of the request: not posted
 * there. A new message is said by the ephemeral message or the DM (throws when both were
 * refused); a replacement or deletion of the message clicked, or a message with nowhere else to
 * go, is not sent (logged).
 */
async function afterNoAnswer(
  message: Parameters<RespondFn>[0],
  log: Logger,
  fallback: RespondFallback | undefined,
): Promise<Awaited<ReturnType<RespondFn>>> {
  const m = typeof message === 'string' ? { text: message } : message;
  if (fallback && !m.replace_original && !m.delete_original) {
    if (await saidAnotherWay(message, fallback, log, 'not answering')) return saidElsewhere();
    throw new Error('response URL did not answer, and the ephemeral message and the DM failed');
  }
  log.warn('response URL did not answer an earlier message: not used again, message not sent');
  return saidElsewhere();
}

/**
 * Whether a failed `respond` ended with no answer from Slack, so the message may have been shown
 * (`maySlackHaveTaken`): an HTTP 5xx (a gateway's, after Slack may have taken the POST), its time
 * limit (SLACK_CALL_TIMEOUT_MS, src/app.ts), another request error once the request may have
 * gone, an error of any other shape. Not a refusal (4xx), nor a request that never left
 * (`neverSent`: the connection refused, the host not found).
 */
function respondUnanswered(err: unknown): boolean {
  return maySlackHaveTaken(err);
}

/** Why `respond` got no answer: its HTTP status, else the error's name (nothing of the message). */
function respondReason(err: unknown): string {
  const e = err as { statusCode?: unknown; name?: unknown } | null;
  return typeof e?.statusCode === 'number' ? `HTTP ${e.statusCode}` : String(e?.name ?? 'unknown');
}

/** What `respond` answers for a message the bot said in its place (Slack's plain `ok`). */
function saidElsewhere(): Awaited<ReturnType<RespondFn>> {
  return new Response('ok', { status: 200 }) as unknown as Awaited<ReturnType<RespondFn>>;
}

/**
 * A message a spent response URL would not take, posted by the bot: ephemeral in the request's
 * channel (the bot must be able to post there), else a DM. False for a replacement or deletion of
 * the original (not said elsewhere), or when Slack refused both (logged, Slack's reason only).
 * True, logged, when a call got no answer from Slack (it may have been shown): nothing more.
 */
async function saidAnotherWay(
  message: Parameters<RespondFn>[0],
  to: RespondFallback,
  log: Logger,
  /** What became of the response URL, for the log. */
  why: 'spent' | 'not reached' | 'not answering' = 'spent',
): Promise<boolean> {
  const m = typeof message === 'string' ? { text: message } : message;
  if (m.replace_original || m.delete_original) return false;
  const blocks = (m as { blocks?: unknown }).blocks;
  const content = { text: m.text ?? '', ...(blocks ? { blocks } : {}) } as {
    text: string;
    blocks?: never;
  };
  const said = await ephemeralElseDm(to.client, to, content);
  if ('via' in said) {
    log.info(
      said.via === 'ephemeral'
        ? `response URL ${why}: said as an ephemeral message instead`
        : `response URL ${why}: said by DM instead`,
    );
    return true;
  }
  if ('unsure' in said) {
    // It may have been shown: not said again, nor followed by an error notice.
    log.warn(
      { reason: said.unsure },
      `response URL ${why}: Slack did not answer the message said instead (it may have been shown); not sent again`,
    );
    return true;
  }
  log.warn(
    { reason: said.failed },
    `response URL ${why}, and the ephemeral message and the DM failed too`,
  );
  return false;
}

/**
 * Whether a Web API call surely posted nothing (`maySlackHaveTaken` says no): Slack's refusal
 * (`ok: false`, such as channel_not_found, not_in_channel, user_not_in_channel, is_archived), a
 * 429, or a request that never left this host (`neverSent`: the connection refused, the host not
 * found). A time limit, another request error, an HTTP 5xx or an error of any other shape is not:
 * Slack may have taken the call, and only its answer be lost.
 */
function refusedBySlack(err: unknown): boolean {
  return !maySlackHaveTaken(err);
}

/** Slack's reason a call failed, else the error's code (the message and the person stay out). */
function reasonOf(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string } | null;
  return e?.data?.error ?? e?.code ?? 'unknown';
}

/**
 * Says `message` to `to.userId` privately: an ephemeral message in `to.channelId` (in the thread
 * `to.threadTs`, if any; the bot must be able to post there), else a DM. Which way it went; or
 * Slack's reason the DM failed (the message and the person stay out of it); or `unsure` when a
 * call ended with no answer from Slack (a time limit, a request error, an HTTP 5xx): it may have
 * been shown, so nothing more is sent (a DM after an ephemeral Slack took would be a second copy).
 */
async function ephemeralElseDm(
  client: WebClient,
  to: { channelId?: string | undefined; userId: string; threadTs?: string | undefined },
  message: Message | { text: string; blocks?: never },
): Promise<{ via: 'ephemeral' | 'dm' } | { failed: string } | { unsure: string }> {
  if (to.channelId) {
    try {
      await client.chat.postEphemeral({
        channel: to.channelId,
        user: to.userId,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
        ...message,
      } as Parameters<WebClient['chat']['postEphemeral']>[0]);
      return { via: 'ephemeral' };
    } catch (err) {
      // Slack said no (not in the channel, a DM the bot is not part of...): a DM then. Any
      // other failure may have been shown: stop there.
      if (!refusedBySlack(err)) return { unsure: reasonOf(err) };
    }
  }
  try {
    await client.chat.postMessage({ channel: to.userId, ...message });
    return { via: 'dm' };
  } catch (err) {
    return refusedBySlack(err) ? { failed: reasonOf(err) } : { unsure: reasonOf(err) };
  }
}

/**
 * Whether a failed `respond` means the URL takes nothing more (Slack's 404 or 410 after 30
 * minutes or 5 uses, or a refusal in the body): the caller says it another way.
 */
export function responseUrlSpent(err: unknown): boolean {
  if (err instanceof ResponseUrlRefused && err.refused !== undefined) return true;
  // Bolt's respond says Slack's HTTP status as `statusCode` (older: an axios error's `response`).
  const e = err as { statusCode?: number; response?: { status?: number } } | null;
  const status = e?.statusCode ?? e?.response?.status;
  return status === 404 || status === 410;
}

/**
 * Tells a user something privately after a modal closed (the work is saved by then): through
 * the response_url of the command or button that opened it (it works in any channel, even ones
 * the bot is not in; when it refused, or the request never left), else as an ephemeral message
 * in `channelId` when given (the bot must be in it), else by DM; after a call Slack did not
 * answer (the URL's 5 s limit, a request error, an HTTP 5xx) nothing more (it may have been
 * shown; logged, true). Never throws: a
 * confirmation that cannot be delivered must not turn a saved change into an error message.
 * False when every way was refused (logged). A URL that is not one of Slack's response URLs
 * (`urls`) is never posted to.
 */
export async function replyPrivately(
  client: WebClient,
  target: {
    responseUrl?: string | undefined;
    channelId?: string | undefined;
    /** The thread in `channelId` the ephemeral message goes to (`clickedThread`), if any. */
    threadTs?: string | undefined;
    userId: string;
  },
  message: Message,
  guard: { urls: ResponseUrlPolicy; log: Logger },
): Promise<boolean> {
  if (target.responseUrl && !guard.urls.allows(target.responseUrl)) {
    guard.log.warn('response URL in the modal is not Slack’s: not used');
  } else if (target.responseUrl) {
    const posted = await postToResponseUrl(target.responseUrl, message, false, guard.urls);
    if (posted.result === 'taken') return true;
    // A 5xx (a gateway's, after Slack may have taken the POST) or no answer (the 5 s limit once
    // connected, a connection dropped) may have been shown (`maySlackHaveTaken`): not said again
    // another way. Only a refusal (its 4xx status, `ok: false` in a 200's body), or a request
    // that never left (the connection not made within the limit, refused, a certificate
    // refused), falls back.
    if (posted.result === 'unsure') {
      if (posted.status)
        guard.log.warn(
          { status: posted.status },
          'response URL answered 5xx (it may have been shown): not said another way',
        );
      else
        guard.log.warn(
          'response URL did not answer (it may have been shown): not said another way',
        );
      return true;
    }
    if (posted.result === 'unsent')
      guard.log.info('response URL not reached (the request never left): said another way');
  }
  const said = await ephemeralElseDm(client, target, message);
  if ('via' in said) return true;
  if ('unsure' in said) {
    guard.log.warn(
      { reason: said.unsure },
      'Slack did not answer the private message (it may have been shown): not sent again',
    );
    return true;
  }
  guard.log.warn(
    { reason: said.failed },
    'could not tell the user privately: response URL and DM both failed',
  );
  return false;
}

/**
 * What became of `replaceOriginal`: `replaced`; `refused` (the URL expired or used up, Slack
 * refusing the message, by its 4xx status or by `ok: false` in a 200's body, a URL that is not
 * one of Slack's: nothing shown, the caller says it another way); `unsent` (the request never
 * left this host, `neverSent`: nothing shown, but the URL is not posted to again, the caller says
 * it by the bot); `unsure` (a 5xx, the time limit, a connection dropped once the request went:
 * `maySlackHaveTaken`, it may have been shown, so nothing more).
 */
export type Replaced = 'replaced' | 'refused' | 'unsent' | 'unsure';

/**
 * Replaces the ephemeral message a click came from (its response_url, `replace_original`), as a
 * change saved from a modal it opened makes it stale (a list with a row done). Never throws: says
 * what became of it (`Replaced`), logged when not replaced.
 */
export async function replaceOriginal(
  responseUrl: string,
  message: Message,
  guard: { urls: ResponseUrlPolicy; log: Logger },
): Promise<Replaced> {
  if (!guard.urls.allows(responseUrl)) {
    guard.log.warn('response URL in the modal is not Slack’s: not used');
    return 'refused';
  }
  const posted = await postToResponseUrl(responseUrl, message, true, guard.urls);
  switch (posted.result) {
    case 'taken':
      return 'replaced';
    case 'unsure':
      if (posted.status)
        guard.log.warn(
          { status: posted.status },
          'message replacement answered 5xx (it may have been shown): nothing more',
        );
      else
        guard.log.warn('message replacement not answered (it may have been shown): nothing more');
      return 'unsure';
    case 'refused':
      guard.log.info(
        { status: posted.status, ...(posted.error ? { error: posted.error } : {}) },
        'message not replaced: its response URL refused',
      );
      return 'refused';
    case 'unsent':
      guard.log.info('message not replaced: its response URL not reached (the request never left)');
      return 'unsent';
  }
}

/**
 * One POST of the desk's own to an allowed response URL (`postResponseUrl`, its 5 s limit), as
 * `replyPrivately` and `replaceOriginal` send theirs: `taken`; `refused` (its 4xx status, or
 * `ok: false` in a 200's body); `unsent` (the request never left, `neverSent`); `unsure` (a 5xx,
 * with its status, or no answer once sent: `maySlackHaveTaken`, it may have been shown).
 */
async function postToResponseUrl(
  responseUrl: string,
  message: Message,
  replace: boolean,
  urls: ResponseUrlPolicy,
): Promise<
  | { result: 'taken' | 'unsent' }
  | { result: 'unsure'; status?: number }
  | { result: 'refused'; status: number; error?: string }
> {
  try {
    const res = await postResponseUrl(
      responseUrl,
      JSON.stringify({ response_type: 'ephemeral', replace_original: replace, ...message }),
      urls.timeLimit(5000),
    );
    if (res.status >= 500) return { result: 'unsure', status: res.status };
    const refused = res.ok ? await refusedInBody(res) : undefined;
    if (res.ok && !refused) return { result: 'taken' };
    return { result: 'refused', status: res.status, ...(refused ? { error: refused } : {}) };
  } catch (err) {
    return maySlackHaveTaken(err) ? { result: 'unsure' } : { result: 'unsent' };
  }
}

/**
 * Redraws an open modal after a change already saved (the Contacts list, the settings chooser).
 * Never throws: Slack refusing the redraw (a 429, the modal closed meanwhile, a stale hash) must
 * not turn a saved change into "nothing was changed"; logged with Slack's reason only. False when
 * the modal was not redrawn, for the caller to confirm the change another way.
 */
export async function redrawAfterSave(
  client: WebClient,
  update: Parameters<WebClient['views']['update']>[0],
  log: Logger,
): Promise<boolean> {
  try {
    await client.views.update(update);
    return true;
  } catch (err) {
    const e = err as { code?: unknown; data?: { error?: unknown } };
    log.warn(
      { reason: typeof e.data?.error === 'string' ? e.data.error : e.code },
      'modal not redrawn after a saved change',
    );
    return false;
  }
}
