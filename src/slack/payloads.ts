import { z } from 'zod';

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
