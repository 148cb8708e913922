import { randomBytes } from 'node:crypto';
import type { MessageKey, MessageParams } from './i18n/index.js';

/** Stable codes for failures a user or operator can be told about. */
export type ErrorCode =
  'DB_UNAVAILABLE' | 'SLACK_REFUSED' | 'INTERNAL' | 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_INPUT';

/** Codes that are the user's to fix: logged at info, not as failures of the app. */
export const USER_ERROR_CODES: ReadonlySet<ErrorCode> = new Set([
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_INPUT',
]);

/** An error the app raises on purpose: a stable code and the catalogue message a user reads. */
export class AppError extends Error {
  /**
   * The parameters that hold Slack user ids (`U1, U2`): in Slack they are said as mentions
   * (`<@U1>, <@U2>`), in plain text (a CLI, an inline modal error) as the ids.
   */
  readonly users: readonly string[];
  /**
   * The message for plain text where it names `users` (an inline modal error cannot show a
   * mention): said without them rather than with bare ids.
   */
  readonly plainKey: MessageKey | undefined;

  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    options?: { cause?: unknown; users?: readonly string[]; plainKey?: MessageKey },
  ) {
    super(`${code}: ${messageKey}`, options && 'cause' in options ? { cause: options.cause } : {});
    this.name = 'AppError';
    this.users = options?.users ?? [];
    this.plainKey = options?.plainKey;
  }
}

export interface FieldProblem {
  key: MessageKey;
  params?: MessageParams;
  /**
   * A value not among a list's: the values and their labels' catalogue prefix, so the message
   * lists the labels in the reader's language (`choiceParams`), not the ids.
   */
  choices?: { values: readonly string[]; labels: string };
  /** Parameters that list words (`a, b`, `a、b`): joined in the reader's language (`listParams`). */
  lists?: Record<string, readonly string[]>;
}

/**
 * Input that failed validation, per form field (the modal's block id). Shown inline on each
 * field of a modal; anywhere else the first problem becomes the message.
 */
export class FieldErrors extends AppError {
  constructor(readonly fields: Record<string, FieldProblem>) {
    const first = Object.values(fields)[0];
    super('INVALID_INPUT', first?.key ?? 'error.internal', first?.params ?? {});
    this.name = 'FieldErrors';
  }
}

export interface ClassifiedError {
  code: ErrorCode;
  messageKey: MessageKey;
  params: MessageParams;
  /** The parameters that name Slack users (AppError.users). */
  users?: readonly string[];
  /** The message for plain text, without those users (AppError.plainKey). */
  plainKey?: MessageKey | undefined;
}

const messageKeys = {
  DB_UNAVAILABLE: 'error.dbUnavailable',
  SLACK_REFUSED: 'error.slackRefused',
  INTERNAL: 'error.internal',
} satisfies Partial<Record<ErrorCode, MessageKey>>;

const dbErrorNames = new Set([
  'MongooseServerSelectionError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** Maps any thrown value to a code and the catalogue message for it. */
export function classifyError(error: unknown): ClassifiedError {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof AppError)
      return {
        code: e.code,
        messageKey: e.messageKey,
        params: e.params,
        users: e.users,
        plainKey: e.plainKey,
      };
    if (dbErrorNames.has(e.name))
      return { code: 'DB_UNAVAILABLE', messageKey: messageKeys.DB_UNAVAILABLE, params: {} };
    const slack = e as Error & { code?: string; data?: { error?: string } };
    if (
      slack.code === 'slack_webapi_platform_error' ||
      slack.code === 'slack_webapi_rate_limited_error'
    ) {
      return {
        code: 'SLACK_REFUSED',
        messageKey: messageKeys.SLACK_REFUSED,
        params: { detail: slack.data?.error ?? 'rate limited' },
      };
    }
    e = e.cause ?? (e as { original?: unknown }).original;
  }
  return { code: 'INTERNAL', messageKey: messageKeys.INTERNAL, params: {} };
}

/** A short reference shown to the user and written on the log line, e.g. `E-3F9K2Q7A`. */
export function newErrorRef(): string {
  return `E-${randomBytes(5).toString('hex').toUpperCase().slice(0, 8)}`;
}

/** A lookup that found nothing is null; any other failure (the database) stays a failure. */
export function notFoundAsNull(error: unknown): null {
  if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
  throw error;
}
