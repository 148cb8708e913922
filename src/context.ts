import { translator, type Locale, type Translate } from './i18n/index.js';
import type { Logger } from './logger.js';
import { localDate } from './time.js';
import type { WorkspaceSettings } from './workspace/settings.js';

/** Who acts when the desk itself acts: an escalation on breach, a job's change. */
export const SYSTEM_ACTOR = 'care-desk';

/** What erased text (and an erased person's id) reads as (src/erased.ts). */
export { ERASED } from './erased.js';

/**
 * Where a change came from. A person in Slack is held to the permission rules; an import
 * (`npm run customers`) and the desk's own jobs act for the workspace.
 */
export type Origin = 'slack' | 'import' | 'job';

/**
 * One request or job run: who acts in which workspace, when, with the workspace's settings
 * (read once), its language and a logger bound to the request. Built once where a request
 * enters (the listener boundary, the job runner, a command-line tool) and passed as the first
 * argument to every service and flow.
 */
export interface Ctx {
  readonly teamId: string;
  /** The Slack user acting, or SYSTEM_ACTOR. */
  readonly actor: string;
  readonly now: Date;
  /** Today in the workspace's time zone (YYYY-MM-DD). */
  readonly today: string;
  readonly settings: WorkspaceSettings;
  readonly locale: Locale;
  readonly t: Translate;
  readonly log: Logger;
  readonly origin: Origin;
  /**
   * The actor is a person of another organisation (Slack Connect): a customer, never staff,
   * whatever the workspace's roles say (src/permissions.ts `outsider`).
   */
  readonly external?: boolean;
  /**
   * An actor who holds no role and whom the open desk does not make an agent (src/permissions.ts
   * `actorSettings`), and who reads only what the requester's view gives them (`assertReadsDesk`),
   * open desk or closed: Slack's users.info describes them as a guest of the workspace (`guest`:
   * multi- or single-channel), or did not describe them in time (`unknown`: refused what only the
   * open desk would let them do, and the staff reads, with a "try again"; `unchecked`: Slack
   * will never say with this install's token, no users:read: told to ask for a role or a
   * reinstall). Unset: a member, or it did not matter (the actor holds a role, or is of another
   * organisation), or nobody asked (not a Slack request).
   */
  readonly guest?: Guest;
  /**
   * A hand-over (`/desk handover`): the DMs each record's move writes to these people (whom it
   * was handed to, whom it was taken from) are written withheld, never sent: the receiver is
   * told once, in one DM listing everything (src/flows/handover.ts).
   */
  readonly quietTo?: readonly string[];
}

/** What the open desk makes of its actor when it does not make them an agent (`Ctx.guest`). */
export type Guest = 'guest' | 'unknown' | 'unchecked';

export interface CtxInput {
  teamId: string;
  actor: string;
  now: Date;
  settings: WorkspaceSettings;
  log: Logger;
  origin: Origin;
  external?: boolean;
  guest?: Guest;
}

export function makeCtx(input: CtxInput): Ctx {
  return Object.freeze({
    ...input,
    today: localDate(input.now, input.settings.timeZone),
    locale: input.settings.locale,
    t: translator(input.settings.locale),
  });
}

/**
 * The same request acted on by someone else (the desk itself, e.g. an automatic step). What the
 * open desk made of the request's actor (`guest`) stays theirs: kept only when they act again.
 */
export function actingAs(
  ctx: Ctx,
  actor: string,
  origin: Origin = ctx.origin,
  external = false,
): Ctx {
  const { external: _was, guest, ...rest } = ctx;
  void _was;
  return makeCtx({
    ...rest,
    actor,
    origin,
    ...(external ? { external } : {}),
    ...(guest && actor === ctx.actor && !external ? { guest } : {}),
  });
}

/** The request's context once Slack said what the open desk makes of its actor (`Ctx.guest`). */
export function withGuest(ctx: Ctx, guest: Guest): Ctx {
  return makeCtx({ ...ctx, guest });
}

/**
 * The same request at a later moment (`now`, and today with it): a request that waits (a merge
 * repeat waiting for its first delivery) judges what lapses meanwhile at the time it looks.
 */
export function asOf(ctx: Ctx, now: Date): Ctx {
  return makeCtx({ ...ctx, now });
}
