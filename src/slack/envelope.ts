import type { App } from '@slack/bolt';
import { z } from 'zod';
import { SLACK_ID, SLACK_NAMED_ID_MAX } from '../slack-ids.js';
import { namedConstraint, stateless, type IdField } from './listener-constraint.js';
import type { ResponseUrlPolicy } from './response-url.js';

/**
 * The envelope check: what every request to /slack/events must look like before Bolt and the
 * listeners see it. It checks the envelope only (the kind of request, who sent it, from which
 * workspace, which of the app's ids it is for, where answers may go, and that each of these is
 * a string of the right shape and size); each listener still parses the fields it reads.
 */

/** The ids the app registered listeners for, per kind (recorded by `recordListenerIds`). */
export interface ListenerIds {
  commands: Set<string>;
  actions: Set<string>;
  views: Set<string>;
  options: Set<string>;
  shortcuts: Set<string>;
  /** Ids registered by a pattern (a RegExp, or `{ action_id: RegExp }`): an id one matches passes. */
  patterns: Map<ListenerKind, RegExp[]>;
  /** Kinds with a listener whose constraint names no id (a block id with it): any id passes. */
  open: Set<ListenerKind>;
}

export function emptyListenerIds(): ListenerIds {
  return {
    commands: new Set(),
    actions: new Set(),
    views: new Set(),
    options: new Set(),
    shortcuts: new Set(),
    patterns: new Map(),
    open: new Set(),
  };
}

const RECORDED = {
  command: 'commands',
  action: 'actions',
  view: 'views',
  options: 'options',
  shortcut: 'shortcuts',
} as const;
type Registering = keyof typeof RECORDED;
/** The field of a constraint object that names each recorded kind's id. */
const ID_FIELD: Record<Registering, IdField | undefined> = {
  command: undefined,
  action: 'action_id',
  view: 'callback_id',
  options: 'action_id',
  shortcut: 'callback_id',
};
type ListenerKind = (typeof RECORDED)[Registering];

/**
 * The app as handlers see it while they register, noting the id each listener is registered
 * for: the envelope check then refuses ids no listener answers (Bolt would hold such a request
 * 3 s and answer 404) from what was registered, not from a second list that could drift.
 */
export function recordListenerIds(app: App, ids: ListenerIds): App {
  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method =
        typeof prop === 'string' && Object.hasOwn(RECORDED, prop)
          ? (prop as Registering)
          : undefined;
      return (...args: unknown[]) => {
        if (method === 'view' && (args[0] as { type?: unknown } | null)?.type === 'view_closed') {
          // Refused as an unknown type below, it would never be called: say so at start-up.
          throw new Error('the envelope check does not accept view_closed payloads yet');
        }
        if (method) {
          const kind = RECORDED[method];
          // A constraint with a block id is matched on more than its id: its kind stays open.
          const named = namedConstraint(args[0], ID_FIELD[method]);
          const id = named && !named.byBlock ? named.id : undefined;
          if (id === undefined) ids.open.add(kind);
          else if (typeof id === 'string') ids[kind].add(id);
          else ids.patterns.set(kind, [...(ids.patterns.get(kind) ?? []), stateless(id)]);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const MAX_ID = SLACK_NAMED_ID_MAX;
const id = (shape: RegExp) => z.string().regex(shape);
const text = (max: number) => z.string().max(max);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * An object whose fields are not looked into here (a block, an input's state): checked to be
 * one and passed on as it is, not copied key by key as a loose object would be.
 */
export const someObject = z.custom<Record<string, unknown>>(isObject);

/**
 * A workspace id as Slack puts one in a payload of Enterprise Grid: a workspace's (T…), or the
 * org's own (E…: a person or a view of the org rather than of one of its workspaces). An E id is
 * taken only where it is the payload's enterprise (`enterpriseIdsAgree`).
 */
const place = z
  .string()
  .refine((v) => SLACK_ID.team.test(v) || SLACK_ID.enterprise.test(v), { message: 'not an id' });
/** A team or enterprise as interactive payloads carry them; null for org-wide installs. */
const team = z.looseObject({ id: place }).nullish();
const enterprise = z.looseObject({ id: id(SLACK_ID.enterprise) }).nullish();
const user = z.looseObject({ id: id(SLACK_ID.user), team_id: place.optional() });
// Absent or an object: Bolt reads `channel.id` whenever `channel` is not undefined.
const channel = z.looseObject({ id: id(SLACK_ID.channel) }).optional();
const viewRef = z.looseObject({
  id: id(SLACK_ID.view),
  team_id: place.nullish(),
  app_installed_team_id: place.nullish(),
  callback_id: text(MAX_ID).optional(),
  private_metadata: text(3000).optional(),
  // What the inputs hold is the listeners' to parse (viewSubmissionSchema): Bolt does not read it.
  state: z.looseObject({ values: someObject }).optional(),
  blocks: z.array(someObject).max(100).optional(),
});
const container = z
  .looseObject({
    type: text(50),
    channel_id: id(SLACK_ID.channel).optional(),
    view_id: id(SLACK_ID.view).optional(),
    message_ts: text(40).optional(),
  })
  .optional();

/** What every interactive payload has: who, from which workspace (team, else enterprise). */
const interactive = {
  team,
  enterprise,
  user,
  api_app_id: text(40).optional(),
  trigger_id: text(200).optional(),
  container,
};
const someWorkspace = (p: { team?: unknown; enterprise?: unknown }) =>
  Boolean(p.team) || Boolean(p.enterprise);
const workspaceProblem = { message: 'no team or enterprise', path: ['team'] };

interface WorkspaceIds {
  team?: { id?: string } | null;
  enterprise?: { id?: string } | null;
  user?: { team_id?: string };
  view?: { team_id?: unknown; app_installed_team_id?: unknown };
  type?: unknown;
}

const someId = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The workspace Bolt acts for (its `buildSource`): a submission's `view.app_installed_team_id`,
 * else `team.id`, else (an org-wide install's payload, whose `team` is null) `user.team_id`.
 */
function boltWorkspace(p: WorkspaceIds): string | undefined {
  const installed = p.type === 'view_submission' ? p.view?.app_installed_team_id : undefined;
  if (someId(installed)) return installed;
  if (p.team) return p.team.id;
  return p.user?.team_id;
}

/** The payload's workspace ids but the person's: the team, the view's and its installer's. */
function placeIds(p: WorkspaceIds): string[] {
  return [p.team?.id, p.view?.team_id, p.view?.app_installed_team_id].filter(someId);
}

/**
 * An org's own id (E…) stands where a workspace id is (`team.id`, `user.team_id`, the view's)
 * only as the payload's enterprise: a person or a view of another org is never taken for ours.
 */
function enterpriseIdsAgree(p: WorkspaceIds): boolean {
  const ids = [...placeIds(p), p.user?.team_id].filter(someId);
  return ids.every((v) => !SLACK_ID.enterprise.test(v) || v === p.enterprise?.id);
}
const otherEnterprise = { message: 'enterprise ids disagree', path: ['enterprise', 'id'] };

/**
 * The workspace ids an interactive payload carries (the team, the user's team, the view's team
 * and the team that installed the app where the view was opened): Bolt takes the first present
 * of `view.app_installed_team_id`, `team.id`, `user.team_id` as the workspace the listeners act
 * for. They must agree, so that no request reads one workspace's records while it says it comes
 * from another. (A person of another organisation in a Slack Connect channel carries their own
 * team: the desk serves its own workspace's people only.) The org's own id (the payload's
 * enterprise, `enterpriseIdsAgree`) agrees with any workspace of it, but for the one Bolt acts
 * for: a request it would serve as the org's own while the payload names a workspace does not
 * agree. (An org-wide install's person of another workspace of the org: `orgPerson`.)
 */
function oneWorkspace(p: WorkspaceIds): boolean {
  const ids = [...placeIds(p), p.user?.team_id].filter(someId);
  const workspaces = new Set(ids.filter((v) => SLACK_ID.team.test(v)));
  if (workspaces.size > 1) return false;
  const acted = boltWorkspace(p);
  return !(acted && SLACK_ID.enterprise.test(acted) && workspaces.size > 0);
}
const mixedWorkspaces = { message: 'team ids disagree', path: ['user', 'team_id'] };

/**
 * An interactive payload checked for its workspace ids, in this order: some workspace named, the
 * org's own id only as its enterprise (`enterpriseIdsAgree`), one workspace (`oneWorkspace`).
 */
const ofOneWorkspace = <S extends z.ZodType<WorkspaceIds>>(schema: S): S =>
  schema
    .refine(someWorkspace, workspaceProblem)
    .refine(enterpriseIdsAgree, otherEnterprise)
    .refine(oneWorkspace, mixedWorkspaces);

/**
 * Bolt tells a request's kind by the keys present (`event`, then `command`, then `name` or
 * block_suggestion, then `actions`), before `type`: a payload of one type carrying another
 * kind's key would reach Bolt's code for that kind unchecked. Such keys must be absent.
 */
const absent = (...keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, z.never().optional()])) as Record<
    string,
    z.ZodOptional<z.ZodNever>
  >;
const OTHER_KINDS = ['event', 'command', 'name'];

function schemas(ids: ListenerIds, urls: ResponseUrlPolicy) {
  const known = (kind: ListenerKind) =>
    text(MAX_ID).refine(
      (value) =>
        ids.open.has(kind) ||
        ids[kind].has(value) ||
        // (zod runs a refinement after a failed max too: patterns see only ids of Slack's size.)
        (value.length <= MAX_ID &&
          (ids.patterns.get(kind) ?? []).some((pattern) => pattern.test(value))),
      { message: 'no listener for this id' },
    );
  const responseUrl = z.string().refine((url) => urls.allows(url), {
    message: 'not a Slack response URL',
  });

  const command = z
    .looseObject({
      command: known('commands'),
      ...absent('event'),
      team_id: place,
      enterprise_id: z.union([z.literal(''), id(SLACK_ID.enterprise)]).optional(),
      user_id: id(SLACK_ID.user),
      channel_id: id(SLACK_ID.channel),
      // Text over COMMAND_TEXT_MAX is told so by the command's listener, in the workspace's
      // language, rather than refused here (Slack would show its own "failed with 400"); more than
      // Slack's message box takes (40,000) cannot be a person typing.
      text: text(40_000),
      trigger_id: text(200),
      response_url: responseUrl,
    })
    // The org's id for the workspace (an org-wide install): only the command's own enterprise.
    .refine((c) => !SLACK_ID.enterprise.test(c.team_id) || c.team_id === c.enterprise_id, {
      message: 'enterprise ids disagree',
      path: ['enterprise_id'],
    });

  const blockActions = z
    .looseObject({
      type: z.literal('block_actions'),
      ...interactive,
      ...absent(...OTHER_KINDS),
      trigger_id: text(200),
      response_url: responseUrl.optional(),
      channel,
      view: viewRef.optional(),
      actions: z
        .array(
          z.looseObject({
            action_id: known('actions'),
            block_id: text(MAX_ID).optional(),
            value: text(2000).optional(),
            type: text(50).optional(),
          }),
        )
        .min(1)
        .max(25),
    })
    .apply(ofOneWorkspace);

  const blockSuggestion = z
    .looseObject({
      type: z.literal('block_suggestion'),
      ...interactive,
      ...absent('event', 'command', 'actions'),
      channel,
      action_id: known('options'),
      block_id: text(MAX_ID).optional(),
      value: text(2000),
      view: viewRef.optional(),
    })
    .apply(ofOneWorkspace);

  const viewSubmission = z
    .looseObject({
      type: z.literal('view_submission'),
      ...interactive,
      ...absent(...OTHER_KINDS, 'actions'),
      view: viewRef.extend({
        callback_id: known('views'),
        state: z.looseObject({ values: someObject }),
      }),
      response_urls: z.array(z.looseObject({ response_url: responseUrl })).optional(),
    })
    .apply(ofOneWorkspace);

  const messageAction = z
    .looseObject({
      type: z.literal('message_action'),
      ...interactive,
      ...absent(...OTHER_KINDS, 'actions'),
      callback_id: known('shortcuts'),
      trigger_id: text(200),
      response_url: responseUrl,
      channel: z.looseObject({ id: id(SLACK_ID.channel) }),
      message_ts: text(40),
      message: z.looseObject({ text: z.string().optional() }),
    })
    .apply(ofOneWorkspace);

  const shortcut = z
    .looseObject({
      type: z.literal('shortcut'),
      ...interactive,
      ...absent(...OTHER_KINDS, 'actions'),
      callback_id: known('shortcuts'),
      trigger_id: text(200),
    })
    .apply(ofOneWorkspace);

  const eventCallback = z
    .looseObject({
      type: z.literal('event_callback'),
      team_id: id(SLACK_ID.team),
      enterprise_id: id(SLACK_ID.enterprise).nullish(),
      api_app_id: text(40),
      event_id: text(100),
      // Bolt looks into `user`, `channel`, `item` and `subteam` when present: objects or ids only.
      event: z
        .looseObject({
          type: text(100),
          user: z.union([text(MAX_ID), z.looseObject({ id: text(MAX_ID).optional() })]).optional(),
          channel: z.union([text(MAX_ID), z.looseObject({})]).optional(),
          item: z.looseObject({}).optional(),
          subteam: z.looseObject({}).optional(),
        })
        .refine(
          // app_home_opened (the one event the app listens to) names the user as a string id.
          (e) =>
            e.type !== 'app_home_opened' ||
            (typeof e.user === 'string' && SLACK_ID.user.test(e.user)),
          { message: 'no user', path: ['user'] },
        ),
      authorizations: z
        .array(
          z.looseObject({
            team_id: id(SLACK_ID.team).nullable(),
            enterprise_id: id(SLACK_ID.enterprise).nullish(),
            user_id: id(SLACK_ID.user),
          }),
        )
        .max(10)
        .optional(),
    })
    // Bolt acts for the first authorization's team: it must be the team the event is from, and
    // the team of the person in it (user_team, team) too, but in a linked customer channel. A
    // person of an Enterprise Grid org at the org's level carries the org's own id (E…) there:
    // it agrees, as in interactive payloads, only as the event's own enterprise (the envelope's
    // and its authorization's); whether the install is of that org is the boundary's to say.
    .refine(
      (e) => {
        const ev = e.event as { user_team?: unknown; team?: unknown };
        const org = e.enterprise_id ?? undefined;
        const authOrg = e.authorizations?.[0]?.enterprise_id ?? undefined;
        const theirOrg = (v: unknown) =>
          typeof v === 'string' &&
          SLACK_ID.enterprise.test(v) &&
          v === org &&
          (authOrg === undefined || v === authOrg);
        const ids = [e.authorizations?.[0]?.team_id, e.team_id, ev.user_team, ev.team];
        const places = ids.filter((v) => typeof v === 'string' && v !== '' && !theirOrg(v));
        return new Set(places).size <= 1;
      },
      { message: 'team ids disagree', path: ['authorizations', 0, 'team_id'] },
    );

  const urlVerification = z.looseObject({
    type: z.literal('url_verification'),
    challenge: text(200),
  });

  const interactiveTypes = {
    block_actions: blockActions,
    block_suggestion: blockSuggestion,
    view_submission: viewSubmission,
    message_action: messageAction,
    shortcut,
  };
  const eventTypes = { event_callback: eventCallback, url_verification: urlVerification };
  return { command, interactiveTypes, eventTypes };
}

export interface EnvelopeProblem {
  /** Where it is wrong, e.g. `user.id` (never the value). */
  path: string;
  code: string;
}

export interface EnvelopeVerdict {
  /** The kind of request, as far as it could be told: a payload type, `command`, `form`, `json`. */
  kind: string;
  problems: EnvelopeProblem[];
  /**
   * Nothing wrong, and nothing to do (no problems then): a message or reaction of a person of
   * another organisation in a Slack Connect channel linked to no customer (`unlinkedShared`).
   * Acked and dropped before any listener, so that Slack neither retries it nor counts it as a
   * failure.
   */
  drop?: 'unlinkedShared';
}

export interface EnvelopeCheck {
  /** Refusal reasons for a parsed body (empty when the envelope is fine). */
  check(body: unknown, contentType: string | undefined): Promise<EnvelopeVerdict>;
}

/**
 * The customer channels (#10) of a workspace: in one of these, and only there, a person of
 * another organisation (Slack Connect) may be in a request of the workspace's.
 */
export interface CustomerChannels {
  isLinked(teamId: string, channelId: string): Promise<boolean>;
}

/**
 * Enterprise Grid: which workspaces the desk knows to be of an org, and which it serves with the
 * org's org-wide install (src/install/service.ts).
 */
export interface OrgWorkspaces {
  /** Whether requests from `teamId` of org `enterpriseId` are served by the org-wide install. */
  orgWide(enterpriseId: string, teamId: string): Promise<boolean>;
  /**
   * Whether `teamId` is a workspace of org `enterpriseId`: one an install of the org serves, or,
   * given the person (`userId`) whose home workspace it is, the home workspace of a person Slack
   * says is of the org (asked only then, with the org's token and a short wait; a failure is
   * "no").
   */
  inOrg(enterpriseId: string, teamId: string, userId?: string): Promise<boolean>;
  /**
   * The org the install serving `teamId` (a workspace, or an org-wide install's own id) is of:
   * what a payload's enterprise is checked against. Undefined for a workspace of no org.
   */
  enterpriseOf(teamId: string): Promise<string | undefined>;
}

/**
 * Where a request says it comes from, read alike from an interactive payload and an event: the
 * org, the workspace ids of the place (an interactive payload's team and view's, an event's
 * envelope and authorization's), the one Bolt acts for, the person's team (`user.team_id`; an
 * event's `user_team`, `team`) and id, and whether the payload says the install is org-wide.
 */
interface OrgRequest {
  enterprise: unknown;
  places: string[];
  acted: string | undefined;
  persons: unknown[];
  userId: unknown;
  orgWide: boolean;
}

function orgRequestOf(body: unknown): OrgRequest | undefined {
  if (!isObject(body)) return undefined;
  if (body.type === 'event_callback') {
    const e = body as {
      team_id?: unknown;
      enterprise_id?: unknown;
      event?: { user?: unknown; user_team?: unknown; team?: unknown };
      authorizations?: {
        team_id?: unknown;
        enterprise_id?: unknown;
        is_enterprise_install?: unknown;
      }[];
    };
    const auth = Array.isArray(e.authorizations) ? e.authorizations[0] : undefined;
    // Its authorization of another org than the envelope's: not a request of one org.
    if (auth?.enterprise_id != null && auth.enterprise_id !== e.enterprise_id) return undefined;
    const places = [auth?.team_id, e.team_id].filter(someId);
    return {
      enterprise: e.enterprise_id,
      places,
      // Bolt's buildSource for an event: the authorization's team, else the envelope's.
      acted: someId(auth?.team_id) ? auth.team_id : someId(e.team_id) ? e.team_id : undefined,
      persons: [e.event?.user_team, e.event?.team].filter((v) => v !== undefined),
      userId: e.event?.user,
      orgWide: auth?.is_enterprise_install === true,
    };
  }
  const p = body as WorkspaceIds & { is_enterprise_install?: unknown; user?: { id?: unknown } };
  return {
    enterprise: p.enterprise?.id,
    places: placeIds(p),
    acted: boltWorkspace(p),
    persons: [p.user?.team_id],
    userId: p.user?.id,
    orgWide: p.is_enterprise_install === true,
  };
}

/**
 * Whether a person's team (`user.team_id`, an event's `user_team`) is another workspace of the
 * org the request comes from, for an org-wide install: a person of several workspaces of an
 * Enterprise Grid org carries their home workspace in every one of them (a click, a submission,
 * a direct message to the app). True when the payload's other workspace ids agree on the
 * workspace Bolt acts for, the install serving it is org-wide (the payload says so, or the desk
 * knows it), and the person's team is a workspace of the same org (as the installs say; for a
 * home workspace no install has seen, as Slack says of the person: `inOrg`). A person of another
 * organisation (another enterprise, or none) is not one. The one rule for interactions and
 * events alike, modal submissions too (`ownPeopleSubmitOnly`, src/slack/served.ts).
 */
export async function orgPerson(
  body: unknown,
  orgs: OrgWorkspaces,
): Promise<{ workspace: string; enterprise: string } | undefined> {
  const r = orgRequestOf(body);
  if (!r) return undefined;
  const { enterprise } = r;
  const persons = new Set(r.persons);
  const [person] = [...persons];
  const userId = typeof r.userId === 'string' ? r.userId : undefined;
  const places = new Set(r.places.filter((v) => SLACK_ID.team.test(v)));
  const [workspace] = [...places];
  if (
    !someId(enterprise) ||
    !SLACK_ID.enterprise.test(enterprise) ||
    persons.size !== 1 ||
    !someId(person) ||
    !SLACK_ID.team.test(person) ||
    places.size !== 1 ||
    !workspace ||
    r.acted !== workspace
  )
    return undefined;
  const orgWide = r.orgWide || (await orgs.orgWide(enterprise, workspace));
  return orgWide && (await orgs.inOrg(enterprise, person, userId))
    ? { workspace, enterprise }
    : undefined;
}

/** The paths of the team-mismatch problems (nothing else wrong): what a linked channel allows. */
const MIXED_PATHS = new Set(['authorizations.0.team_id', 'user.team_id']);

/**
 * The one case where team ids may disagree: a message or reaction event, or a click on a
 * message, in a channel the installation's workspace linked to a customer, where the other
 * team is the person's (a Slack Connect customer). The workspace acted for is the
 * installation's (Bolt's choice: the authorization's team, the payload's `team`), never the
 * person's; the listener marks the person as external (a customer, never staff).
 */
function linkedChannelOf(body: Record<string, unknown>): { teamId?: string; channel?: string } {
  if (body.type === 'event_callback') {
    const auth = (body.authorizations as { team_id?: string | null }[] | undefined)?.[0];
    const event = body.event as { type?: string; channel?: unknown; item?: { channel?: unknown } };
    if (event.type !== 'message' && event.type !== 'reaction_added') return {};
    const channel = typeof event.channel === 'string' ? event.channel : event.item?.channel;
    // Without an authorization Bolt would act for the envelope's team, which may be theirs.
    return {
      ...(auth?.team_id ? { teamId: auth.team_id } : {}),
      ...(typeof channel === 'string' ? { channel } : {}),
    };
  }
  if (body.type === 'block_actions' && !body.view) {
    const team = (body.team as { id?: string } | null | undefined)?.id;
    const channel = (body.channel as { id?: string } | undefined)?.id;
    const container = (body.container as { channel_id?: string } | undefined)?.channel_id;
    if (container !== undefined && container !== channel) return {};
    return { ...(team ? { teamId: team } : {}), ...(channel ? { channel } : {}) };
  }
  return {};
}

/**
 * Whether an event is a message or reaction in a channel Slack says is shared with another
 * organisation (`is_ext_shared_channel`), delivered to an installation (its authorization's
 * team) by a person of exactly one other team (the envelope's `team_id`, the event's
 * `user_team` and `team` are that team or the installation's): what Slack sends for every
 * message of a Slack Connect channel the app is in. In a channel not linked to a customer, it is
 * the desk's to drop, not a forged envelope to refuse.
 */
function slackConnectEvent(body: Record<string, unknown>): boolean {
  if (body.type !== 'event_callback' || body.is_ext_shared_channel !== true) return false;
  const auth = (body.authorizations as { team_id?: unknown }[] | undefined)?.[0];
  const event = body.event as { type?: unknown; user_team?: unknown; team?: unknown };
  if (event.type !== 'message' && event.type !== 'reaction_added') return false;
  const ours = auth?.team_id;
  if (typeof ours !== 'string' || !SLACK_ID.team.test(ours)) return false;
  const others = new Set(
    [body.team_id, event.user_team, event.team].filter((v) => v !== undefined && v !== ours),
  );
  const [other] = [...others];
  return others.size === 1 && typeof other === 'string' && SLACK_ID.team.test(other);
}

const MAX_PROBLEMS = 5;

/** Where a parse failed (at most five places), never the values: for a log line. */
export function problemsOf(error: z.ZodError): EnvelopeProblem[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    code: issue.code,
  }));
}

/** The schema for a payload type (own keys only: `constructor` is not a type). */
function pick<T extends object>(table: T, type: string | undefined): T[keyof T] | undefined {
  return type !== undefined && Object.hasOwn(table, type) ? table[type as keyof T] : undefined;
}

/** The kind to log: a type the app knows, else `fallback` or `other` (never the sender's text). */
function kindOf(type: string | undefined, table: object, fallback: string): string {
  if (type === undefined) return fallback;
  return Object.hasOwn(table, type) ? type : 'other';
}

/** The envelope check for the listeners `ids` and the response URLs `urls` allows. */
export function envelopeCheck(
  ids: ListenerIds,
  urls: ResponseUrlPolicy,
  customerChannels?: CustomerChannels,
  orgs?: OrgWorkspaces,
): EnvelopeCheck {
  const { command, interactiveTypes, eventTypes } = schemas(ids, urls);
  /**
   * A verdict refusing only mixed team ids, let through for a person of another workspace of
   * the org of an org-wide install (a click or a submission, an event such as a direct message:
   * `orgPerson`), and in a linked customer channel.
   */
  const relaxed = async (body: unknown, v: EnvelopeVerdict): Promise<EnvelopeVerdict> => {
    if (!v.problems.length) return v;
    if (!v.problems.every((p) => p.code === 'custom' && MIXED_PATHS.has(p.path))) return v;
    if (
      orgs &&
      (Object.hasOwn(interactiveTypes, v.kind) || v.kind === 'event_callback') &&
      (await orgPerson(body, orgs))
    )
      return { ...v, problems: [] };
    // A modal submitted by a person of another organisation (Slack Connect) in a view the app
    // opened in the host's workspace: no listener sees it, the person is told why
    // (`ownPeopleSubmitOnly`, src/slack/served.ts), not answered 400 ("We had some trouble
    // connecting").
    if (v.kind === 'view_submission') return { ...v, problems: [] };
    if (!customerChannels) return v;
    const { teamId, channel } = linkedChannelOf(body as Record<string, unknown>);
    if (!teamId || !channel || !SLACK_ID.team.test(teamId) || !SLACK_ID.channel.test(channel))
      return v;
    if (await customerChannels.isLinked(teamId, channel)) return { ...v, problems: [] };
    // A Slack Connect channel the app is in but linked to no customer (a partner's, one not
    // linked yet, a desk channel cleared as shared): Slack sends its every message; acked and
    // dropped, not refused (Slack would retry each one and count the failures).
    return slackConnectEvent(body as Record<string, unknown>)
      ? { ...v, problems: [], drop: 'unlinkedShared' }
      : v;
  };
  const verdict = (kind: string, schema: z.ZodType | undefined, body: unknown): EnvelopeVerdict => {
    if (!schema) return { kind, problems: [{ path: 'type', code: 'unknown_type' }] };
    const parsed = schema.safeParse(body);
    return { kind, problems: parsed.success ? [] : problemsOf(parsed.error) };
  };
  const sync = (body: unknown, contentType: string | undefined): EnvelopeVerdict => {
    const form = contentType === 'application/x-www-form-urlencoded';
    if (!isObject(body)) {
      return { kind: form ? 'form' : 'json', problems: [{ path: '(body)', code: 'not_object' }] };
    }
    const type = typeof body.type === 'string' ? body.type : undefined;
    if (form) {
      // Slack's SSL check is answered by Bolt; it carries nothing else (Bolt drops the rest).
      if (body.ssl_check === '1') return { kind: 'ssl_check', problems: [] };
      if ('command' in body) return verdict('command', command, body);
      // An interactive payload (the `payload` field, already decoded by Bolt's parser).
      return verdict(kindOf(type, interactiveTypes, 'payload'), pick(interactiveTypes, type), body);
    }
    return verdict(kindOf(type, eventTypes, 'json'), pick(eventTypes, type), body);
  };
  return {
    async check(body, contentType) {
      return relaxed(body, sync(body, contentType));
    },
  };
}
