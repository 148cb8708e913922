import { z } from 'zod';
import { AppError } from '../errors.js';
import { messagePlainText } from '../i18n/plain.js';
import { needMarksBlock, needRowBlock, type NeedRowState } from '../customer/fields.js';
import { SLACK_ID, SLACK_NAMED_ID_MAX } from '../slack-ids.js';
import { REPLY_ID, SETTINGS_GROUPS } from '../workspace/settings.js';
import { TASK_KINDS } from '../task/types.js';

/**
 * The longest slash command text the desk reads: longer is answered with `command.tooLong`
 * before it is split into words (the longest field the desk keeps is shorter).
 */
export const COMMAND_TEXT_MAX = 4000;

/**
 * Parses what Slack sent (a payload, an event, a button's value, a view's state) with its
 * schema. What does not parse is the sender's fault, not the app's: refused as `INVALID_INPUT`
 * (logged at info, the user told Slack sent something unreadable), the zod error as its cause.
 * Our own stored data (settings, documents) is parsed with `schema.parse`: a failure there stays
 * `INTERNAL`.
 */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('INVALID_INPUT', 'error.unreadable', {}, { cause: parsed.error });
}

/** A slash command as Slack posts it (form fields). Only what the app reads is kept. */
export const slashCommandSchema = z.object({
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  command: z.string().startsWith('/'),
  text: z.string().max(COMMAND_TEXT_MAX).default(''),
  trigger_id: z.string().min(1),
  response_url: z.url(),
  enterprise_id: z.string().optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

export const appHomeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().min(1),
  tab: z.enum(['home', 'messages']),
  /**
   * The Home as Slack held it when the event was sent (none before a first publish); one not as
   * expected is left out (the Home is published without a hash, as before), never refused.
   */
  view: z
    .object({ hash: z.string().min(1).max(200).optional() })
    .optional()
    .catch(undefined),
});

/**
 * What a person typed in the app's Messages tab (a message.im event). Edits, deletions, bot
 * messages and other subtypes do not parse, and are left alone.
 */
export const directMessageSchema = z.object({
  type: z.literal('message'),
  channel_type: z.literal('im'),
  channel: z.string().regex(/^D[A-Z0-9]{2,}$/),
  user: z.string().min(1),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
  thread_ts: z.string().optional(),
  ts: z.string().optional(),
  text: z.string().optional(),
});

// Public and private channels only (C…, G…): SLACK_ID.channel admits DMs (D…) too.
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,31}$/);
const userId = z.string().regex(SLACK_ID.user);
/**
 * A person's team in a channel message: their workspace (T…), or for a person of an Enterprise
 * Grid org at the org's level, the org's own id (E…). Which organisation that is (ours, or a
 * Slack Connect customer's) is the boundary's one rule to say (`ofOtherOrganisation`).
 */
const personTeam = z
  .string()
  .refine((v) => SLACK_ID.team.test(v) || SLACK_ID.enterprise.test(v), { message: 'not a team' });
const messageTs = z.string().regex(/^\d{1,12}\.\d{1,8}$/);

/**
 * The longest message taken in, as people read it and as it is stored (`messagePlainText`):
 * Slack's message box takes 40,000 characters. A longer one is dropped, and the listener logs
 * that; one taken in is cut where it is stored (the description's limit).
 */
export const MESSAGE_PLAIN_MAX = 40_000;

/**
 * The longest message text taken in as Slack sends it, escaped (`&lt;` `&gt;` `&amp;`): five
 * times MESSAGE_PLAIN_MAX, what 40,000 `&` escape to, so a message the box took is never dropped
 * for its escapes (a long pasted log or code); checked before the text is read as people read it.
 */
export const MESSAGE_TEXT_MAX = 5 * MESSAGE_PLAIN_MAX;

/** A message's text: within both limits, the escaped one first. */
const messageText = z
  .string()
  .max(MESSAGE_TEXT_MAX)
  .superRefine((text, ctx) => {
    if (text.length > MESSAGE_PLAIN_MAX && messagePlainText(text).length > MESSAGE_PLAIN_MAX)
      ctx.addIssue({
        code: 'too_big',
        origin: 'string',
        maximum: MESSAGE_PLAIN_MAX,
        inclusive: true,
        input: text,
        message: 'longer than a message as people read it',
      });
  })
  .default('');

/**
 * A person's new message in a public or private channel (message.channels, message.groups):
 * top-level or a thread reply. Bots, edits, deletions and other subtypes do not parse here.
 * `user_team` is the author's workspace (another organisation's in a Slack Connect channel), or
 * their org's own id.
 */
export const channelMessageSchema = z.object({
  type: z.literal('message'),
  channel_type: z.enum(['channel', 'group']),
  channel: channelId,
  user: userId,
  ts: messageTs,
  thread_ts: messageTs.optional(),
  text: messageText,
  subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
  bot_id: z.undefined().optional(),
  user_team: personTeam.optional(),
  team: personTeam.optional(),
});

/**
 * A message edited in a channel: the message as it is now and as it was. A tombstone (what
 * Slack leaves of a deleted message that has thread replies) is not an edit.
 */
export const messageChangedSchema = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: channelId,
  message: z.object({
    subtype: z
      .string()
      .max(100)
      .refine((s) => s !== 'tombstone')
      .optional(),
    user: userId,
    ts: messageTs,
    text: messageText,
    bot_id: z.undefined().optional(),
    user_team: personTeam.optional(),
    team: personTeam.optional(),
  }),
  previous_message: z.object({ text: messageText }).optional(),
});

/**
 * A message with thread replies deleted in a channel: Slack sends message_changed with the
 * message turned into a tombstone ("This message was deleted.", by USLACKBOT). A deletion.
 */
export const messageTombstoneSchema = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: channelId,
  message: z.object({ subtype: z.literal('tombstone'), ts: messageTs }),
});

/** A message deleted in a channel. */
export const messageDeletedSchema = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_deleted'),
  channel: channelId,
  deleted_ts: messageTs,
});

/** A reaction added to a message in a channel. */
export const reactionAddedSchema = z.object({
  type: z.literal('reaction_added'),
  user: userId,
  reaction: z.string().min(1).max(100),
  item: z.object({ type: z.literal('message'), channel: channelId, ts: messageTs }),
  item_user: userId.optional(),
});

/** One message as conversations.history returns it (the one a reaction marked). */
export const historyMessageSchema = z.object({
  ts: messageTs,
  user: userId,
  text: messageText,
  thread_ts: messageTs.optional(),
  user_team: personTeam.optional(),
  team: personTeam.optional(),
  bot_id: z.undefined().optional(),
});

const actor = z.object({ id: z.string().min(1) });

/** One element's state in a submitted view. */
const elementState = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_conversation: z.string().nullish(),
  selected_channel: z.string().nullish(),
});

/**
 * A submitted view's blocks as it was opened, initial values included: read only by what
 * compares the submission with the opened view (`initialFormData`), not before every ack.
 */
const openedBlocksSchema = z.array(
  z.looseObject({
    type: z.string(),
    block_id: z.string().optional(),
    element: z
      .looseObject({
        initial_value: z.string().optional(),
        initial_option: z.object({ value: z.string() }).loose().optional(),
        initial_options: z
          .array(z.object({ value: z.string() }).loose())
          .max(100)
          .optional(),
        initial_date: z.string().optional(),
        initial_user: z.string().optional(),
        // No cap: Slack documents none for initial_users (nor for the selected_users the state
        // gives), and a role list may name more than 1,000 people, read back on every save.
        initial_users: z.array(z.string()).optional(),
        initial_time: z.string().optional(),
      })
      .optional(),
  }),
);

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: actor,
  view: z.object({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    // Block and action ids of Slack's length (the envelope check leaves the state to this parse).
    state: z.object({
      values: z.record(
        z.string().max(SLACK_NAMED_ID_MAX),
        z.record(z.string().max(SLACK_NAMED_ID_MAX), elementState),
      ),
    }),
    /** The view as it was opened (its inputs' initial values: `initialFormData`). */
    blocks: z.array(z.unknown()).default([]),
  }),
});
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

const viewSubmissions = new WeakMap<object, ViewSubmission>();

/**
 * A modal submission's body parsed with `viewSubmissionSchema` (refused as `parsePayload`
 * refuses), once per request: the boundary reads it before its checks (an unreadable one is
 * refused before Slack is asked who sent it), and the listener reads the same parse.
 */
export function parseViewSubmission(body: unknown): ViewSubmission {
  const key = typeof body === 'object' && body !== null ? body : undefined;
  const known = key && viewSubmissions.get(key);
  if (known) return known;
  const parsed = parsePayload(viewSubmissionSchema, body);
  if (key) viewSubmissions.set(key, parsed);
  return parsed;
}

export const blockActionSchema = z.object({
  type: z.literal('block_actions'),
  user: actor,
  trigger_id: z.string().min(1),
  response_url: z.url().optional(),
  channel: z.object({ id: z.string() }).nullish(),
  container: z.object({ type: z.string(), channel_id: z.string().optional() }).loose(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
        /** An overflow menu's or a select's choice. */
        selected_option: z
          .object({ value: z.string().max(150) })
          .loose()
          .nullish(),
      }),
    )
    .min(1),
});
export type BlockAction = z.infer<typeof blockActionSchema>;

/** A click inside a modal: the modal as it is now (what was typed so far in its state). */
/**
 * A block action's view as a modal update keeps it (a select that redraws the modal in place):
 * its frame and its blocks as Slack sent them.
 */
export const rawViewSchema = z.object({
  view: z.object({
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000).default(''),
    title: z.record(z.string(), z.unknown()),
    submit: z.record(z.string(), z.unknown()).optional(),
    close: z.record(z.string(), z.unknown()).optional(),
    blocks: z.array(z.record(z.string(), z.unknown())).max(100),
  }),
});

export const viewActionSchema = z.object({
  view: viewSubmissionSchema.shape.view.extend({
    id: z.string().regex(SLACK_ID.view),
    hash: z.string().max(200).optional(),
  }),
});

export const blockSuggestionSchema = z.object({
  type: z.literal('block_suggestion'),
  user: actor,
  action_id: z.string(),
  value: z.string().default(''),
});

/**
 * Flattens a submitted view's state into plain form data: block id -> the text of its element
 * (selected option values, dates and users included; multi-selects joined with commas).
 */
export function formData(view: ViewSubmission['view']): Record<string, string | undefined> {
  const form: Record<string, string | undefined> = {};
  for (const [blockId, elements] of Object.entries(view.state.values)) {
    const el = Object.values(elements)[0];
    if (!el) continue;
    form[blockId] =
      el.value ??
      el.selected_option?.value ??
      el.selected_date ??
      el.selected_time ??
      el.selected_user ??
      el.selected_users?.join(',') ??
      el.selected_conversation ??
      el.selected_channel ??
      el.selected_options?.map((o) => o.value).join(',') ??
      undefined;
  }
  return form;
}

/** The values a view's inputs were opened with, as form data (block id -> value). */
export function initialFormData(view: ViewSubmission['view']): Record<string, string | undefined> {
  const form: Record<string, string | undefined> = {};
  for (const block of parsePayload(openedBlocksSchema, view.blocks)) {
    if (block.type !== 'input' || !block.block_id) continue;
    const el = block.element;
    form[block.block_id] =
      el?.initial_value ??
      el?.initial_option?.value ??
      el?.initial_date ??
      el?.initial_user ??
      el?.initial_time ??
      // A multi-select opened with options or people chosen: joined like its state is (formData).
      el?.initial_options?.map((o) => o.value).join(',') ??
      el?.initial_users?.join(',');
  }
  return form;
}

/** The inputs a person changed from what the modal showed them. */
export function changedFormData(view: ViewSubmission['view']): Record<string, string | undefined> {
  const initial = initialFormData(view);
  const norm = (v: string | undefined) => (v ?? '').trim();
  return Object.fromEntries(
    Object.entries(formData(view)).filter(([block, value]) => norm(value) !== norm(initial[block])),
  );
}

/** What a modal carries from where it was opened to its submission (private_metadata). */
export const modalMetadataSchema = z.object({
  /** The customer the modal is about. */
  code: z.string().max(20).optional(),
  /** The contact a contact form edits (its key; absent when adding one), or a privacy erasure is about (its name). */
  contact: z.string().max(60).optional(),
  /**
   * The customer Edit modal's primary contact when it opened (its key; `''` when it had none):
   * the contact its contact fields change, wherever it is by the save.
   */
  primary: z.string().max(60).optional(),
  /** The Slack user a privacy erasure is about (an erasure by Slack user, not by customer). */
  subjectUser: userId.optional(),
  /** Where to confirm the result: the response_url of the command or button that opened it. */
  responseUrl: z.url().optional(),
  /** The ticket the modal acts on, and its level when the modal opened (Escalate). */
  ticket: z.string().max(20).optional(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** The Slack message a ticket is being made from (message shortcut). */
  sourceChannel: z.string().max(30).optional(),
  sourceTs: z.string().max(30).optional(),
  /** The thread it is in, when it is a thread reply (the conversation is the thread's). */
  sourceThreadTs: z.string().max(30).optional(),
  /** Its author, and whether they belong to another organisation (their team is not ours). */
  sourceUser: z.string().max(30).optional(),
  sourceExternal: z.boolean().optional(),
  /** The customer its channel is linked to, and whether it is shared (Slack Connect). */
  sourceCustomer: z.string().max(20).optional(),
  sourceShared: z.boolean().optional(),
  /**
   * What Slack's users.info said of its author of our workspace, asked in a Slack Connect channel
   * of one the roles name nowhere (`sideOf`): a guest (the customer's), or Slack did not say.
   */
  sourceGuest: z.enum(['guest', 'unknown', 'unchecked']).optional(),
  /**
   * Its author's Slack team (`user_team`, else `team`), in a channel shared with another
   * organisation: kept on the ticket whose conversation its thread becomes
   * (`TicketConversation.team`).
   */
  sourceTeam: z.string().regex(SLACK_ID.workspace).optional(),
  /**
   * The desk's signature of the source fields above (but `sourceGuest`) for the person it opened
   * the modal for; `sourceGuestProof`, of `sourceGuest` with them (its own, so that an older
   * instance, dropping both, still finds `sourceProof` holds).
   */
  sourceProof: z.string().max(64).optional(),
  sourceGuestProof: z.string().max(64).optional(),
  /** The desk's signature of `sourceTeam` with the source fields (its own, as `sourceGuestProof`). */
  sourceTeamProof: z.string().max(64).optional(),
  /** The ticket (by id) a requester's survey modal answers; the draft a Send modal confirms. */
  ticketId: z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .optional(),
  /**
   * The desk's signature of the survey modal's `ticketId` and `satisfaction` for the person it
   * opened the modal for (src/slack/modal-proof.ts): only with it is the submission an answer.
   */
  ticketProof: z.string().max(64).optional(),
  draft: z.enum(['delay', 'progress', 'reply']).optional(),
  /**
   * The satisfaction the survey modal's person clicked: sent again with their NPS and comment,
   * so that their answer is stored whole even if someone else answered meanwhile.
   */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** The follow-up or care task a Done modal completes, and its kind (what the form asks). */
  task: z.string().max(200).optional(),
  taskKind: z.enum(TASK_KINDS).optional(),
  /**
   * The `/task mine` page a Done modal was opened from (src/ui/task.ts `minePageRefText`: the
   * list and where the page was read from): its save draws that page again in its place.
   */
  minePage: z.string().max(260).optional(),
  /**
   * What an Edit task modal showed when it opened (src/task/form.ts `editShown`: the people,
   * the due date, the words' digest): its submission changes only the fields changed from these.
   */
  taskShown: z
    .object({
      assigneeId: z.string().max(40).optional(),
      helperId: z.string().max(40).optional(),
      approverId: z.string().max(40).optional(),
      dueDate: z.string().max(10).optional(),
      contentDigest: z.string().max(40).optional(),
    })
    .optional(),
  /** The settings group a modal edits, the group picker it was opened from, its redraws. */
  settingsGroup: z.enum(SETTINGS_GROUPS).optional(),
  parentView: z.string().regex(SLACK_ID.view).optional(),
  /**
   * The desk's signature of `parentView` for the person the form was pushed for: only with it
   * does their save redraw that view (src/slack/modal-proof.ts).
   */
  parentProof: z.string().max(64).optional(),
  revision: z.number().int().min(0).max(1000).optional(),
  /**
   * What a settings group's modal showed when it opened, field by field (src/workspace/form.ts
   * `settingsShown`: digests): its save writes only the fields changed from these.
   */
  settingsShown: z.record(z.string().regex(/^[a-z0-9_]{1,40}$/), z.string().max(16)).optional(),
  /**
   * The lists a settings group's modal redrawn (Load public holidays, Restore the default days)
   * showed when it opened (src/workspace/form.ts `carryListsShown`), or the `/desk roles` modal
   * redrawn as experts or managers are picked (src/workspace/roles.ts `carryRolesShown`, by
   * block): its save merges them item by item from these, as without a redraw.
   */
  listsShown: z
    .record(z.string().regex(/^[a-z0-9_]{1,40}(?::[A-Z0-9]{1,40})?$/), z.string().max(3000))
    .optional(),
  /**
   * What the `/desk roles` modal showed when it opened (src/workspace/roles.ts `rolesShown`:
   * digests): its save writes only what was changed from it.
   */
  rolesShown: z
    .object({
      lists: z.record(z.string().max(40), z.string().max(16)),
      skills: z.record(z.string().max(40), z.string().max(16)),
      manages: z.record(z.string().max(40), z.string().max(16)),
    })
    .optional(),
  /** The saved reply a reply modal edits (none: one added), the list's page under it. */
  reply: z.string().regex(REPLY_ID).optional(),
  page: z.number().int().min(0).max(10).optional(),
  /** The `hash` of the view under a pushed form when it was pushed: its redraw sends it. */
  parentHash: z.string().max(100).optional(),
  /**
   * The customer Edit modal's need rows (#11): their ids in order (block `need_<id>`), the next
   * id Add need gives, and the digest of the needs the modal opened with.
   */
  needRows: z.array(z.number().int().min(0).max(9999)).max(20).optional(),
  needNext: z.number().int().min(0).max(9999).optional(),
  needsWas: z.string().max(40).optional(),
  /**
   * Whether the customer Edit modal (or a contact's form) showed the phones and emails in the
   * notes, needs and contact masked when it opened (its reader then could not see personal data).
   */
  textMasked: z.boolean().optional(),
});
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

const PRIVACY_USER = /^user:(?:<@([UW][A-Z0-9]{2,31})(?:\|[^<>]{0,80})?>|([UW][A-Z0-9]{2,31}))$/i;

/**
 * The person `/desk privacy export|erase user:…` is about: their member ID or a mention as Slack
 * escapes it (`user:U0456EFGH`, `user:<@U0456EFGH>`, `user:<@U0456EFGH|wang>`), read as their
 * user id. A typed `@name` is no user id (the command's text is not escaped: Slack sends it as
 * typed) and fails.
 */
export const privacyUserArgSchema = z
  .string()
  .max(120)
  .regex(PRIVACY_USER)
  .transform((s) => {
    const [, fromMention, bare] = PRIVACY_USER.exec(s)!;
    return (fromMention ?? bare)!.toUpperCase();
  })
  .pipe(userId);

/**
 * A modal's `private_metadata` as this app wrote it, or `{}` for anything else (empty, not
 * JSON, the wrong shape): only a forged payload carries those, and each listener answers a
 * missing field as it would any modal without it.
 */
export function readMetadata(raw: string): ModalMetadata {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {};
  }
  const parsed = modalMetadataSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

/** The "Create ticket" message shortcut. */
export const messageShortcutSchema = z.object({
  type: z.literal('message_action'),
  user: actor,
  trigger_id: z.string().min(1),
  response_url: z.url().optional(),
  channel: z.object({ id: z.string() }),
  message_ts: z.string(),
  message: z.looseObject({
    text: z.string().default(''),
    /** The author; absent for a bot's message. */
    user: z.string().optional(),
    /** The thread it is in (a reply's parent; a thread's first message has its own ts). */
    thread_ts: z.string().max(30).optional(),
    /** The author's workspace (another organisation's in a Slack Connect channel). */
    user_team: z.string().optional(),
    team: z.string().optional(),
  }),
});

/**
 * Who an install event (app_uninstalled, tokens_revoked) is about, from Bolt's context: the
 * workspace, or the org for an org-wide install.
 */
export const installEventContextSchema = z.object({
  teamId: z.string().regex(SLACK_ID.team).optional(),
  enterpriseId: z.string().regex(SLACK_ID.enterprise).optional(),
  isEnterpriseInstall: z.boolean().optional(),
});

/**
 * When Slack sent an event: the envelope's `event_time` (Unix seconds, the same on each of its
 * retries).
 */
export const eventEnvelopeTimeSchema = z.object({
  event_time: z.number().int().positive().max(1e11),
});

/** team_access_granted: workspaces an org-wide install reaches (again: added there). */
export const teamAccessGrantedSchema = z.object({
  type: z.literal('team_access_granted'),
  team_ids: z.array(z.string().regex(SLACK_ID.team)).max(1000),
});

/** team_access_revoked: the workspaces an org-wide install no longer reaches (removed there). */
export const teamAccessRevokedSchema = z.object({
  type: z.literal('team_access_revoked'),
  team_ids: z.array(z.string().regex(SLACK_ID.team)).max(1000),
});

/** tokens_revoked: the user and bot tokens revoked (only bot tokens serve the desk). */
export const tokensRevokedSchema = z.object({
  type: z.literal('tokens_revoked'),
  tokens: z
    .object({
      oauth: z.array(z.string().max(40)).max(1000).optional(),
      bot: z.array(z.string().max(40)).max(1000).optional(),
    })
    .default({}),
});

/**
 * The need rows of a customer Edit modal as typed so far (a view's state: a submission, or an
 * Add need / Remove click): each row's text and its urgency and importance selects' choices.
 */
export function needRowsOf(
  view: Pick<ViewSubmission['view'], 'state'>,
  ids: readonly number[],
  actions: { urgency: string; importance: string },
): NeedRowState[] {
  const values = view.state.values;
  return ids.map((id) => {
    const text = Object.values(values[needRowBlock(id)] ?? {})[0]?.value ?? undefined;
    const marks = values[needMarksBlock(id)] ?? {};
    const urgency = marks[actions.urgency]?.selected_option?.value;
    const importance = marks[actions.importance]?.selected_option?.value;
    return {
      id,
      text,
      urgent: urgency === undefined ? undefined : urgency === 'urgent',
      important: importance === undefined ? undefined : importance === 'important',
    };
  });
}

/** channel_deleted, group_deleted: a channel deleted (for good: Slack does not reuse its id). */
export const channelDeletedSchema = z.object({
  type: z.enum(['channel_deleted', 'group_deleted']),
  channel: channelId,
});

/** channel_shared: a channel the app is in is now shared with another organisation. */
export const channelSharedSchema = z.object({
  type: z.literal('channel_shared'),
  channel: channelId,
  /** Who joined the channel: a workspace (`T…`) or an organisation (`E…`); not always said. */
  connected_team_id: z.string().max(64).optional().catch(undefined),
});

/**
 * channel_unshared: an organisation left (or was removed from) a shared channel the app is in.
 * `previously_connected_team_id`: who left, a workspace (`T…`) or an organisation (`E…`);
 * `is_ext_shared`: whether the channel is still shared with another organisation; `event_ts`:
 * when (what orders it against a later channel_shared).
 */
export const channelUnsharedSchema = z.object({
  type: z.literal('channel_unshared'),
  channel: channelId,
  previously_connected_team_id: z
    .string()
    .regex(/^[TE][A-Z0-9]{2,31}$/)
    .optional()
    .catch(undefined),
  is_ext_shared: z.boolean().optional().catch(undefined),
  event_ts: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,8})?$/)
    .optional()
    .catch(undefined),
});
