import { z } from 'zod';
import { SETTINGS_GROUPS } from '../workspace/settings.js';

/**
 * The shapes of the ids Slack puts in payloads: capitals and digits after a letter that says
 * what the id is. Every id taken from a payload is checked against these before it is used.
 */
export const SLACK_ID = {
  team: /^T[A-Z0-9]{2,31}$/,
  enterprise: /^E[A-Z0-9]{2,31}$/,
  user: /^[UW][A-Z0-9]{2,31}$/,
  channel: /^[CDG][A-Z0-9]{2,31}$/,
  view: /^V[A-Z0-9]{2,31}$/,
} as const;

/** A slash command as Slack posts it (form fields). Only what the app reads is kept. */
export const slashCommandSchema = z.object({
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  command: z.string().startsWith('/'),
  text: z.string().default(''),
  trigger_id: z.string().min(1),
  response_url: z.url(),
  enterprise_id: z.string().optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

export const appHomeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().min(1),
  tab: z.enum(['home', 'messages']),
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

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: actor,
  view: z.object({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), elementState)) }),
    /** The view as it was opened, initial values included. */
    blocks: z
      .array(
        z.looseObject({
          type: z.string(),
          block_id: z.string().optional(),
          element: z
            .looseObject({
              initial_value: z.string().optional(),
              initial_option: z.object({ value: z.string() }).loose().optional(),
              initial_date: z.string().optional(),
              initial_user: z.string().optional(),
              initial_time: z.string().optional(),
            })
            .optional(),
        }),
      )
      .default([]),
  }),
});
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

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
      }),
    )
    .min(1),
});
export type BlockAction = z.infer<typeof blockActionSchema>;

/** A click inside a modal: the modal as it is now (what was typed so far in its state). */
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
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id) continue;
    const el = block.element;
    form[block.block_id] =
      el?.initial_value ??
      el?.initial_option?.value ??
      el?.initial_date ??
      el?.initial_user ??
      el?.initial_time;
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
  /** The contact of that customer a privacy erasure is about. */
  contact: z.string().max(60).optional(),
  /** Where to confirm the result: the response_url of the command or button that opened it. */
  responseUrl: z.url().optional(),
  /** The ticket the modal acts on, and its level when the modal opened (Escalate). */
  ticket: z.string().max(20).optional(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** The Slack message a ticket is being made from (message shortcut). */
  sourceChannel: z.string().max(30).optional(),
  sourceTs: z.string().max(30).optional(),
  /** The follow-up or care task a Done modal completes. */
  task: z.string().max(200).optional(),
  /** The settings group a modal edits, the group picker it was opened from, its redraws. */
  settingsGroup: z.enum(SETTINGS_GROUPS).optional(),
  parentView: z.string().regex(SLACK_ID.view).optional(),
  revision: z.number().int().min(0).max(1000).optional(),
});
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

export function readMetadata(raw: string): ModalMetadata {
  if (!raw) return {};
  const parsed = modalMetadataSchema.safeParse(JSON.parse(raw));
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
  message: z.looseObject({ text: z.string().default('') }),
});
