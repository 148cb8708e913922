/**
 * English messages. Every user-facing string lives here and in zh-CN.ts; `{name}` marks a
 * parameter. The zh-CN catalogue is type-checked to have exactly these keys.
 */
export const en = {
  'help.ticket.title': '*/ticket*: service tickets',
  'help.customer.title': '*/customer*: customer files',
  'help.sub.help': 'Show this help',
  'help.footer': 'Replies like this one are only visible to you.',
  'command.unknown': '`{command} {sub}` is not a command I know. Try one of: {valid}.',
  'error.internal':
    'Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: `{ref}`.',
  'error.dbUnavailable':
    'The desk cannot reach its database right now, so nothing was changed. Please try again in a minute (reference `{ref}`).',
  'error.slackRefused':
    'Slack refused the request ({detail}), so nothing was changed. Please try again (reference `{ref}`).',
  'home.title': 'Customer care desk',
  'home.intro':
    'Keep one file per customer, open service tickets, and follow up after every resolution, without leaving Slack.',
  'home.commands': '*Commands*',
  'home.footer': 'Workspace time zone: {timeZone} · language: {locale}',
} as const;

export type MessageKey = keyof typeof en;
