import type { AllMiddlewareArgs, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { withGuest, type Ctx, type CtxInput, type Guest } from '../context.js';
import { lazyChild, type Logger } from '../logger.js';
import { AppError, classifyError, FieldErrors, newErrorRef, USER_ERROR_CODES } from '../errors.js';
import type { ModalView } from '@slack/types';
import {
  listParams,
  tPlainText,
  translator,
  type Locale,
  type MessageParams,
} from '../i18n/index.js';
import { randomUUID } from 'node:crypto';
import {
  finishSaving,
  savingView,
  type SaveOutcome,
  type Saving,
  type SubmittedView,
} from '../ui/submit-states.js';
import { choiceParams } from '../forms/kinds.js';
import { errorModal } from '../ui/blocks.js';
import { escape, keep, mentionList, type Kept, type Mrkdwn } from '../ui/text.js';
import { holdsNoRole } from '../permissions.js';
import { SLACK_ID } from '../slack-ids.js';
import { problemsOf, someObject, type OrgWorkspaces } from './envelope.js';
import { parseViewSubmission } from './payloads.js';
import { checkedRespond, clickedThread, respondFallback } from './reply.js';
import { ofOtherOrganisation } from './organisation.js';

export { ofOtherOrganisation };

type AckFn = (response?: unknown) => Promise<void>;
/** Bolt's ack functions differ per payload type; `never` accepts them all. */
type AnyAck = (response?: never) => Promise<void>;

interface BoundaryArgs extends AllMiddlewareArgs {
  body: unknown;
  ack?: AnyAck;
  respond?: RespondFn;
}

export interface BoundaryDeps {
  log: Logger;
  clock: Clock;
  workspaces: {
    /** The locale to speak in when things fail; must not need the database. */
    localeFor(teamId: string): Locale;
    /** The request's context, with the workspace's settings (cached, else read once). */
    context(input: Omit<CtxInput, 'settings'>): Promise<Ctx>;
  };
  /** Listeners still working (after their ack too): shutdown waits for them. */
  inFlight: Set<Promise<void>>;
  /** Told of every request: the listener, `ok` or the error code, seconds to the ack. */
  observe?: (listener: string, outcome: string, ackSeconds: number | undefined) => void;
  /**
   * How long a modal submission may save before it is acked with a "saving" view and finished
   * with views.update (src/ui/submit-states.ts). Unset: the ack waits for the save. 0 (the
   * default, SLACK_SUBMIT_ACK_BUDGET_MS): acked with the saving view as soon as what was typed
   * passed its checks (`beforeSave`, by a listener registered `checksFirst`; a check that waits
   * for Slack or the database is in them, its refusal inline), at the latest at
   * `submitChecksDeadlineMs`; a listener not registered so, when it first waits. The save follows
   * the other requests' acks. With a budget (counted from when the request came in, so that
   * Slack's waits before the listener are in it), a save done within it closes the modal with the
   * ack and every refusal is inline, but the saves of a burst of submissions delay each other's
   * acks (#16: 4-7 times a bare app's p99).
   */
  submitAckBudgetMs?: number;
  /**
   * With a budget of 0, how long after a submission came in its checks may take before it is
   * acked with its saving view anyway (SUBMIT_CHECKS_DEADLINE_MS; tests shorten it).
   */
  submitChecksDeadlineMs?: number;
  /**
   * Resolves when a listener may go on with its work after its ack (src/slack/ack-first.ts:
   * once the requests still waiting for theirs are answered). Unset: after one yield.
   */
  afterAck?: () => Promise<void>;
  /**
   * Enterprise Grid: the workspaces of an org as the installs say. A person whose team is another
   * workspace of the org of an org-wide install is one of the org's own people, not a person of
   * another organisation. Unset: every other team is another organisation's.
   */
  orgs?: OrgWorkspaces;
  /**
   * Whether a person the roles name nowhere is a guest of the workspace, as Slack says
   * (src/slack/people.ts `GuestCheck`: remembered, else asked briefly), open desk or closed: the
   * open desk does not make a guest an agent, and a guest reads only what the requester's view
   * gives them (`Ctx.guest`, src/permissions.ts `assertReadsDesk`). Never asked of a person with
   * a role. Unset: not asked (everyone counts as a member).
   */
  guests?: (
    client: WebClient,
    teamId: string,
    userId: string,
    log: Logger,
  ) => Promise<'member' | Guest>;
  /**
   * Whether a failure was Slack refusing the bot token as dead, asked again of Slack (auth.test)
   * once: OAuth mode stops the workspace's install then (src/slack/installations.ts), single-token
   * mode keeps the refusal until a restart (src/slack/bot-token.ts: /readyz 503, the operator
   * told). The person is told so (`tokenRefusedMessage`), not to try again.
   */
  tokenRefused?: (teamId: string, client: WebClient, error: unknown) => Promise<boolean>;
  /**
   * What the person is told when `tokenRefused` says so: the desk is not connected to the
   * workspace (OAuth mode: an admin installs it again; the default), or, with one bot token,
   * the desk lost its connection and whoever runs it must set a new token.
   */
  tokenRefusedMessage?: 'install.notServed' | 'install.tokenRefused';
}

/**
 * With the default ack budget of 0, how long after a modal submission came in the checks of what
 * was typed may take (a users.info of a person picked for the first time, at most
 * PEOPLE_CHECK_MS; a database read) before the submission is acked with its saving view anyway,
 * a refusal found after that coming on the saving view ("Not saved", Back): Slack gives the ack
 * 3 s, and this leaves a second for the ack's way back and a loaded event loop.
 */
export const SUBMIT_CHECKS_DEADLINE_MS = 2_000;

const submittedView = z
  .object({
    id: z.string().min(1),
    callback_id: z.string().optional(),
    private_metadata: z.string().optional(),
    previous_view_id: z.string().nullish(),
    title: z.object({ type: z.literal('plain_text'), text: z.string() }).loose(),
    submit: z
      .object({ type: z.literal('plain_text'), text: z.string() })
      .loose()
      .optional(),
    close: z
      .object({ type: z.literal('plain_text'), text: z.string() })
      .loose()
      .optional(),
    // Echoed as Slack sent them (the envelope checked they are objects), not copied one by one.
    blocks: z.array(someObject).max(100),
  })
  .loose();

type AckResponse =
  { response_action?: string; view?: ModalView; errors?: Record<string, string> } | undefined;

/**
 * The workspace a request is about: its team id, or for an org-wide install without a team its
 * enterprise id (Bolt's team id is then absent, or the org's own id where Slack put it in
 * `user.team_id`); each of its own shape, so that neither an operator object nor one workspace's
 * id passed off as the other kind of id reaches a query.
 */
const workspaceId = z.union([
  z.object({ teamId: z.string().regex(SLACK_ID.team) }).transform((c) => c.teamId),
  z
    .object({
      teamId: z.string().regex(SLACK_ID.enterprise).optional(),
      enterpriseId: z.string().regex(SLACK_ID.enterprise),
    })
    .refine((c) => c.teamId === undefined || c.teamId === c.enterpriseId)
    .transform((c) => c.enterpriseId),
]);
const slackUserId = z.string().regex(SLACK_ID.user);

interface BodyShape {
  type?: string;
  command?: string;
  trigger_id?: string;
  channel?: { id?: string };
  view?: { type?: string; blocks?: { type?: string; block_id?: string }[] };
}

/** `work`, kept in the in-flight set until it settles: an instance that stops waits for it. */
export function inFlight(deps: Pick<BoundaryDeps, 'inFlight'>, work: Promise<void>): Promise<void> {
  deps.inFlight.add(work);
  return work.finally(() => deps.inFlight.delete(work));
}

/**
 * Wraps a listener so that it gets the request's context (workspace, user, time, settings, a
 * logger bound to the request) and so that any failure reaches the user in the right place with
 * a reference id that is also on the log line: the command's ephemeral reply, an inline modal
 * error, an ephemeral message, or an empty options list.
 */
export function boundary<A extends BoundaryArgs>(
  name: string,
  deps: BoundaryDeps,
  handler: (args: A, ctx: Ctx) => Promise<void>,
  options: {
    /** Who acts when Bolt found nobody (an edited or deleted message names its author inside). */
    actor?: (args: A) => unknown;
    /**
     * A modal submission's listener that says `beforeSave` once what was typed passed its checks:
     * with a budget of 0 it is acked with its saving view there (or at `submitChecksDeadlineMs`),
     * not at its first wait, so that a check that waits still refuses on the field in the ack.
     */
    checksFirst?: boolean;
    /**
     * A listener that only reads (a list and its pages, a card opened, a search, a history, a
     * modal opened): a failure at any point is said as "nothing was changed", never as "what
     * you did may not have been saved" (`readsOnly` marks one request of a listener that
     * sometimes writes: a command's read-only subcommand).
     */
    readOnly?: boolean;
  } = {},
): (args: A) => Promise<void> {
  return (args: A) => inFlight(deps, run(args));

  async function run(args: A): Promise<void> {
    const team = workspaceId.safeParse({
      teamId: args.context.teamId,
      enterpriseId: args.context.enterpriseId,
    });
    const user = slackUserId.safeParse(args.context.userId ?? options.actor?.(args));
    const teamId = team.success ? team.data : 'unknown';
    const userId = user.success ? user.data : 'unknown';
    const log = lazyChild(deps.log, { listener: name, teamId, userId });
    const ack = args.ack as AckFn | undefined;
    let acked = false;
    const t0 = performance.now();
    // When the request came in (the HTTP receiver says; else now): the submit budget's start.
    const receivedAt: unknown = args.context.receivedAt;
    const arrived = typeof receivedAt === 'number' && receivedAt <= t0 ? receivedAt : t0;
    let ackSeconds: number | undefined;
    // A modal submission whose save outlasts the budget is acked with a "saving" view; what the
    // listener then acks (closed, inline errors, a next view) or throws goes in by views.update.
    const body = args.body as BodyShape;
    const budget = ack && body.type === 'view_submission' ? deps.submitAckBudgetMs : undefined;
    const tr = () => translator(deps.workspaces.localeFor(teamId));
    const yieldToAcks = () =>
      deps.afterAck ? deps.afterAck() : new Promise<void>((resolve) => setImmediate(resolve));
    // (A holder: the timer's callback sets it, which the compiler's narrowing cannot see.)
    const slow: {
      deferred?: { acking: Promise<void>; view: SubmittedView; saving: Saving; done: boolean };
    } = {};
    const settle = async (outcome: SaveOutcome) => {
      const deferred = slow.deferred;
      if (!deferred || deferred.done) return;
      deferred.done = true;
      await deferred.acking;
      await yieldToAcks();
      // Its saving ack dropped by the stop (acked "restarting" instead): the form is what shows.
      const saving = restartingAnswers.has(body) ? { view: deferred.saving.view } : deferred.saving;
      for (const update of finishSaving(tr(), deferred.view, saving, outcome)) {
        await args.client.views.update(update);
      }
    };
    /** Acks with the saving view, unless acked already; the view is read only then. */
    const deferAck = (): boolean => {
      if (acked) return false;
      const view = submittedView.safeParse(body.view);
      if (!view.success) return false;
      acked = true;
      ackSeconds = (performance.now() - t0) / 1000;
      // The pushed view's own id: the ack's answer does not say the id Slack gives it.
      const saving = savingView(
        tr(),
        view.data,
        `${view.data.id}:saving:${randomUUID().slice(0, 8)}`,
      );
      slow.deferred = {
        view: view.data,
        saving,
        done: false,
        acking: ack!({
          response_action: saving.over ? 'push' : 'update',
          view: saving.view,
        }).catch((err: unknown) =>
          log.warn({ err }, 'could not ack a slow submission with its saving view'),
        ),
      };
      return true;
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The listener's respond, and the error reply's, take a refusal in a 200's body as failed.
    // A spent URL (404, 410, refused in the body): a new message is said by the bot instead, in
    // the request's channel (else by DM), so that the person is still told.
    const respond = args.respond
      ? checkedRespond(
          args.respond,
          log,
          user.success ? respondFallback(args.client, userId, args.body) : undefined,
        )
      : undefined;
    const wrapped = ack
      ? {
          ...args,
          ...(respond ? { respond } : {}),
          ack: async (response?: unknown) => {
            const deferred = slow.deferred;
            if (deferred) {
              const r = response as AckResponse;
              await settle(
                r?.response_action === 'errors'
                  ? {
                      refused: {
                        fields: r.errors,
                        text: escape(Object.values(r.errors ?? {}).join(' ')),
                      },
                    }
                  : r?.view && (r.response_action === 'update' || r.response_action === 'push')
                    ? { view: r.view }
                    : savedOutcome(wrapped),
              );
              return;
            }
            clearTimeout(timer);
            acked = true;
            ackSeconds = (performance.now() - t0) / 1000;
            try {
              await ack(response);
            } catch (err) {
              // Past 3 s Bolt answers Slack itself (404) and the ack can no longer be written:
              // what was saved stays saved, and the work after the ack (the card, the DMs) goes
              // on rather than waiting for the outbox job's repair.
              if ((err as { code?: string }).code !== 'ERR_HTTP_HEADERS_SENT') throw err;
              log.warn({ ackSeconds }, 'acked after Slack was answered without it (over 3 s)');
            }
            // What the listener does after its ack waits for the requests that arrived
            // meanwhile, so that under a burst their acks are not queued behind its work.
            await yieldToAcks();
          },
        }
      : respond
        ? { ...args, respond }
        : args;
    if (budget !== undefined) {
      // With no budget the checks are the ack: once they passed the save starts, after the acks;
      // acked before (at the deadline, or past a budget), the save still waits for them.
      savesAfterChecks.set(wrapped, async () => {
        if (budget === 0) {
          clearTimeout(timer);
          deferAck();
        }
        if (!slow.deferred) return;
        await slow.deferred.acking;
        await yieldToAcks();
      });
    }
    // Whether the listener began: a failure before it (reading the request's context) changed
    // nothing, one after may come after its writes (said as "may not have been saved").
    let started = false;
    try {
      // A request without a workspace or user of Slack's shape reads nothing.
      if (!team.success || !user.success) throw new AppError('INVALID_INPUT', 'error.unreadable');
      // A modal submission whose inputs' state does not read is refused as its listener would
      // refuse it, but first: before the open desk's guest check asks Slack who sent it.
      if (body.type === 'view_submission') parseViewSubmission(args.body);
      const read = await deps.workspaces.context({
        teamId,
        actor: userId,
        now: deps.clock.now(),
        log,
        origin: 'slack',
        // A person of another organisation (Slack Connect; the envelope check lets them through
        // only in a linked customer channel) acts as a customer, never as staff.
        ...((await otherOrganisation(args, teamId, userId, deps.orgs)) ? { external: true } : {}),
      });
      // A person the roles name nowhere is asked of Slack (remembered, else briefly), open desk
      // or closed: a guest of the workspace is no agent of the open desk, and reads only their
      // own tickets. A person with a role is never asked (the roles are read from the settings).
      const standing =
        deps.guests && !read.external && holdsNoRole(read.settings, userId)
          ? await deps.guests(args.client, teamId, userId, log)
          : 'member';
      const ctx = standing === 'member' ? read : withGuest(read, standing);
      // The budget counts from when the request came in, not from the listener: Slack's 3 s do,
      // and before the listener the envelope check and the Grid org lookup (ORG_LOOKUP_MS each)
      // and the guest check (GUEST_CHECK_MS) may each have waited for Slack, and a settings read
      // missing its cache for the database. What they took is the save's no more: at 2500 ms
      // the ack still comes within 2.5 s (more waits than the budget: at the listener's first
      // wait, as with a budget of 0). With a budget of 0 a listener that says `beforeSave` is
      // acked there, its checks' waits (and their refusals, inline) before it, but at the latest
      // at the checks' deadline, counted from the arrival too.
      const ackBy =
        budget === 0 && options.checksFirst
          ? (deps.submitChecksDeadlineMs ?? SUBMIT_CHECKS_DEADLINE_MS)
          : budget;
      if (ackBy !== undefined)
        timer = setTimeout(deferAck, Math.max(0, ackBy - (performance.now() - arrived)));
      started = true;
      await handler(wrapped as A, ctx);
      clearTimeout(timer);
      // Saved without a word to the modal (a submission seen before): it says saved.
      if (slow.deferred) await settle(savedOutcome(wrapped));
      deps.observe?.(name, 'ok', ackSeconds);
    } catch (error) {
      clearTimeout(timer);
      const locale = deps.workspaces.localeFor(teamId);
      const dead =
        team.success &&
        !!deps.tokenRefused &&
        (await deps.tokenRefused(teamId, args.client, error).catch((err: unknown) => {
          log.warn({ err }, 'could not check whether Slack refused the bot token for good');
          return false;
        }));
      const failure = dead
        ? new AppError(
            'SLACK_REFUSED',
            deps.tokenRefusedMessage ?? 'install.notServed',
            {},
            { cause: error },
          )
        : error;
      const { ref, text, plain, fields } = reportError(failure, log, locale, {
        unchanged: !started || !!options.readOnly || readOnlyRequests.has(wrapped),
      });
      try {
        if (slow.deferred && !slow.deferred.done) {
          await settle({ refused: { fields, text } });
        } else {
          await tellUser({
            args: respond ? { ...args, respond } : args,
            acked,
            text,
            plain,
            userId,
            fields,
            locale,
            log,
          });
        }
      } catch (presentError) {
        log.error({ err: presentError, ref }, 'could not tell the user about the failure');
      }
      // Not acked before the failure: the explanation was the ack.
      if (ack && ackSeconds === undefined) ackSeconds = (performance.now() - t0) / 1000;
      deps.observe?.(name, classifyError(failure).code, ackSeconds);
    }
  }
}

/**
 * `boundary` for a modal submission whose listener says `beforeSave` once what was typed passed
 * its checks (`checksFirst`): with the default ack budget of 0 it is acked with its saving view
 * there, a check that waits (users.info, the database) still refusing on its field in the ack,
 * or at the latest at the checks' deadline (SUBMIT_CHECKS_DEADLINE_MS from its arrival).
 */
export function checked<A extends BoundaryArgs>(
  name: string,
  deps: BoundaryDeps,
  handler: (args: A, ctx: Ctx) => Promise<void>,
): (args: A) => Promise<void> {
  return boundary(name, deps, handler, { checksFirst: true });
}

const savesAfterChecks = new WeakMap<object, () => Promise<void>>();
/** Requests whose listener said it only reads (`readsOnly`). */
const readOnlyRequests = new WeakSet<object>();

/**
 * Says that this request only reads (a command's list, search or card: `Subcommand.reads`): a
 * failure after it is said as "nothing was changed" (the boundary's `readOnly` for one request).
 */
export function readsOnly(args: object): void {
  readOnlyRequests.add(args);
}
/** What a submission's listener said it saved (`savedAs`), for its "Saved" view. */
const savedLines = new WeakMap<object, Mrkdwn>();

/** The requests Socket Mode's stop acked that the desk is restarting (their listener's ack dropped). */
const restartingAnswers = new WeakSet<object>();

/**
 * Said by Socket Mode's stop (src/app.ts trackAcks) of a request it acked that the desk is
 * restarting, its listener's own ack then dropped: a submission's "saving" view was never pushed,
 * the form is still shown (what was typed kept), so the save's outcome goes to the form by its
 * view id rather than to that view's external id (Slack: not_found).
 */
export function answeredRestarting(body: object): void {
  restartingAnswers.add(body);
}

/**
 * Says what a submission saved (e.g. the new customer's name and code), before its ack: the
 * "Saved" view of a submission acked before its save shows it. Without it, that view says only
 * saved. Does nothing for a submission acked after its save (the ack closes the modal).
 */
export function savedAs(args: object, line: Mrkdwn): void {
  savedLines.set(args, line);
}

function savedOutcome(args: object): SaveOutcome {
  const line = savedLines.get(args);
  return line ? { saved: true, line } : { saved: true };
}

/**
 * Said by a submission's listener (registered `checksFirst`) once its checks of what was typed
 * passed, before it saves: with an ack budget of 0 the modal is acked with its saving view here
 * (a refusal so far came back inline), unless the checks' deadline acked it already; either way
 * the save waits for the other requests' acks (src/slack/ack-first.ts). With a budget it waits
 * for them only when the budget ran out already (acked "Saving…"). Outside a submission nothing
 * happens.
 */
export function beforeSave(args: object): Promise<void> {
  return savesAfterChecks.get(args)?.() ?? Promise.resolve();
}

/**
 * Whether the payload says its actor belongs to another organisation than the workspace `teamId`
 * acted for (`ofOtherOrganisation`, with the request's org and install). The actor's team is the
 * payload's `user.team_id`, else the event's person's (`user_team`, `team`; an edit's in the
 * edited message).
 */
async function otherOrganisation(
  args: AllMiddlewareArgs & { body: unknown },
  teamId: string,
  userId: string,
  orgs: OrgWorkspaces | undefined,
): Promise<boolean> {
  const b = args.body as {
    user?: { team_id?: unknown };
    event?: {
      subtype?: unknown;
      user_team?: unknown;
      team?: unknown;
      message?: { user_team?: unknown; team?: unknown };
    };
  } | null;
  const e = b?.event;
  const edited = e?.subtype === 'message_changed' ? e.message : undefined;
  const team = b?.user?.team_id ?? edited?.user_team ?? edited?.team ?? e?.user_team ?? e?.team;
  const enterprise = args.context.enterpriseId;
  return ofOtherOrganisation(
    orgs,
    {
      teamId,
      request: {
        ...(typeof enterprise === 'string' ? { enterpriseId: enterprise } : {}),
        orgWide: args.context.isEnterpriseInstall === true,
      },
    },
    { team, userId },
  );
}

export interface ReportedError {
  ref: string;
  /** The message for the user (mrkdwn, its parameters escaped), with the reference id in it. */
  text: Mrkdwn;
  /**
   * The same message as plain text, for an inline modal error: no mrkdwn marks (`/desk roles`
   * bare, not in backticks), its parameters as they are.
   */
  plain: string;
  /** Per-field messages (block id -> plain text) when the error is about form fields. */
  fields: Record<string, string> | undefined;
}

/**
 * Logs an error once with a fresh reference id (user errors at info, failures at error) and
 * returns the localised message for the user carrying the same id. A failure of the desk's
 * (internal, the database, Slack refusing) is said as "may not have been saved: check before
 * trying again" unless `unchanged` says it came before anything could be written ("nothing was
 * changed"): the boundary cannot tell what a listener wrote before it failed.
 */
export function reportError(
  error: unknown,
  log: Logger,
  locale: Locale,
  { unchanged = false }: { unchanged?: boolean } = {},
): ReportedError {
  const ref = newErrorRef();
  const { code, messageKey, params, users = [], plainKey } = classifyError(error);
  if (USER_ERROR_CODES.has(code)) {
    // A payload that failed its listener's parse (`parsePayload`): where, never the values.
    const cause = error instanceof AppError ? error.cause : undefined;
    const problems = cause instanceof z.ZodError ? { problems: problemsOf(cause) } : {};
    log.info({ ref, code, messageKey, ...problems }, 'request refused');
  } else log.error({ err: error, ref, code }, 'listener failed');
  const fields =
    error instanceof FieldErrors
      ? Object.fromEntries(
          Object.entries(error.fields).map(([block, p]) => [
            block,
            tPlainText(locale, p.key, {
              ...choiceParams(p, locale),
              ...listParams(locale, p.lists),
            }),
          ]),
        )
      : undefined;
  // A field's problem outside a modal: its message, lists and all (a refused choice's accepted
  // values by their labels in the reader's language, not their ids).
  const first = error instanceof FieldErrors ? Object.values(error.fields)[0] : undefined;
  const lists = first ? { ...choiceParams(first, locale), ...listParams(locale, first.lists) } : {};
  return {
    ref,
    text: translator(locale)(messageKey, {
      ...params,
      ...lists,
      ...mentions(params, users, locale),
      ref,
      unchanged: unchanged ? 'yes' : 'no',
    }),
    plain: tPlainText(locale, plainKey ?? messageKey, {
      ...params,
      ...lists,
      ref,
      unchanged: unchanged ? 'yes' : 'no',
    }),
    fields,
  };
}

/**
 * The parameters that hold Slack user ids (`U1, U2`), as mentions in the reader's language:
 * `<@U1> or <@U2>`, `<@U1>或<@U2>` (whom to ask: any one of them).
 */
function mentions(
  params: MessageParams,
  users: readonly string[],
  locale: Locale,
): Record<string, Kept> {
  return Object.fromEntries(
    users.map((name) => {
      const ids = String(params[name] ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      return [name, keep(mentionList(ids, locale))];
    }),
  );
}

async function tellUser(input: {
  args: BoundaryArgs;
  acked: boolean;
  text: string;
  /** `text` as plain text: inline modal errors are plain_text (an `&` must not read `&amp;`). */
  plain: string;
  userId: string;
  /** Per-field messages (block id -> text) for inline modal errors. */
  fields: Record<string, string> | undefined;
  locale: Locale;
  log: Logger;
}): Promise<void> {
  const { args, acked, text, plain, userId, fields, locale, log } = input;
  const body = args.body as BodyShape;
  const ack = args.ack as AckFn | undefined;

  if (body.command !== undefined) {
    if (!acked && ack) return ack({ response_type: 'ephemeral', text });
    if (args.respond) {
      await args.respond({ response_type: 'ephemeral', replace_original: false, text });
    }
    return;
  }
  if (body.type === 'view_submission') {
    const inputs = new Set(
      (body.view?.blocks ?? [])
        .filter((b) => b.type === 'input' && b.block_id)
        .map((b) => b.block_id!),
    );
    const inline = Object.entries(fields ?? {}).filter(([block]) => inputs.has(block));
    if (!acked && ack && inline.length) {
      return ack({ response_action: 'errors', errors: Object.fromEntries(inline) });
    }
    const first = [...inputs][0];
    if (!acked && ack && first) {
      return ack({ response_action: 'errors', errors: { [first]: plain } });
    }
    if (!acked && ack) await ack();
    await directMessage(args.client, userId, text);
    return;
  }
  if (body.type === 'block_suggestion') {
    if (!acked && ack) await ack({ options: [] });
    return;
  }
  if (!acked && ack) await ack();
  if (body.type === 'block_actions' || body.type === 'message_action' || body.type === 'shortcut') {
    // A click inside a modal or on App Home: told over it, in a modal of its own, while the
    // click's trigger lives (unused: a listener that opened a modal shows its own errors there).
    if (body.view && body.trigger_id && (await overView(args.client, body, locale, text, log)))
      return;
    if (args.respond && !body.view) {
      await args.respond({ response_type: 'ephemeral', replace_original: false, text });
    } else if (body.channel?.id) {
      // In the thread of the message clicked, if any, where Slack's own reply would have been.
      const thread = clickedThread(args.body);
      await args.client.chat.postEphemeral({
        channel: body.channel.id,
        user: userId,
        text,
        ...(thread ? { thread_ts: thread } : {}),
      });
    } else {
      await directMessage(args.client, userId, text);
    }
  }
  // Events have no one waiting on them: the log line is the report.
}

/**
 * The error modal pushed over the modal clicked in, or opened over App Home. False when Slack
 * would not (the trigger expired or was used, a stack of three views): the caller says it
 * otherwise.
 */
async function overView(
  client: WebClient,
  body: BodyShape,
  locale: Locale,
  text: string,
  log: Logger,
): Promise<boolean> {
  const view = errorModal(translator(locale), text as Mrkdwn);
  const trigger_id = body.trigger_id!;
  try {
    if (body.view?.type === 'modal') await client.views.push({ trigger_id, view });
    else if (body.view?.type === 'home') await client.views.open({ trigger_id, view });
    else return false;
    return true;
  } catch (err) {
    log.info(
      { slackError: (err as { data?: { error?: unknown } }).data?.error },
      'error modal not shown: told by message instead',
    );
    return false;
  }
}

async function directMessage(client: WebClient, userId: string, text: string): Promise<void> {
  await client.chat.postMessage({ channel: userId, text });
}
