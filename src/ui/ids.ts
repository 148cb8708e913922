/**
 * Every Slack id the app owns, in one place: builders put them on blocks and handlers/index.ts
 * registers listeners with the same constants, so a button and its listener cannot drift apart.
 * Slash command names must match manifest.yml.
 */
export const COMMANDS = {
  ticket: '/ticket',
  customer: '/customer',
} as const;

export const EVENTS = {
  appHomeOpened: 'app_home_opened',
} as const;
