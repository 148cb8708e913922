/**
 * The shapes of the ids Slack puts in payloads: capitals and digits after a letter that says
 * what the id is. Every id taken from a payload, a form or a setting is checked against these
 * before it is used. Here, outside src/slack, so that domain folders may check ids too.
 */
export const SLACK_ID = {
  team: /^T[A-Z0-9]{2,31}$/,
  enterprise: /^E[A-Z0-9]{2,31}$/,
  /** A workspace (team) or an org (enterprise): what the operator tools take as `--team`. */
  workspace: /^[TE][A-Z0-9]{2,31}$/,
  user: /^[UW][A-Z0-9]{2,31}$/,
  channel: /^[CDG][A-Z0-9]{2,31}$/,
  view: /^V[A-Z0-9]{2,31}$/,
} as const;

/** The longest id of a block, an action, a callback or a view Slack accepts (255 characters). */
export const SLACK_NAMED_ID_MAX = 255;
