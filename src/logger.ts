import { pino, type Logger as Pino, type DestinationStream, type LevelWithSilent } from 'pino';
// Types only: a value from Bolt would load it (with the Web API client, express and axios) into
// every command-line tool that logs, about half a second of CPU at each start, for nothing.
import type { LogLevel, Logger as SlackLogger } from '@slack/bolt';

export type Logger = Pino;

/** Paths scrubbed from every log line, whatever logged them (up to three levels deep). */
const REDACT = [
  '*.*.phone',
  '*.*.email',
  '*.*.token',
  'contacts[*].phone',
  'contacts[*].email',
  '*.contacts[*].phone',
  '*.contacts[*].email',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'signingSecret',
  '*.signingSecret',
  'uri',
  '*.uri',
  'phone',
  '*.phone',
  'email',
  '*.email',
];

/**
 * Errors are logged as type, message, code and stack only: a database error's other properties
 * (the duplicate key's value, a validation error's values) can hold personal data.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; cause?: unknown };
  return {
    type: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    stack: e.stack,
    ...(e.cause instanceof Error ? { cause: safeError(e.cause) } : {}),
  };
}

/**
 * The app's logger: JSON lines on stdout. Written synchronously, so that the lines of a process
 * that exits (a fatal error, the job CLI) are all out, in the order they were logged; pino's
 * default asynchronous stdout could reorder a fatal line and lose the last ones at exit.
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'care-desk' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: safeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * `parent.child(bindings)`, made when first used: most requests log nothing before their ack,
 * and making a child (its bindings passed through the redaction and serialised) cost each
 * request about 30 µs of CPU there under a burst (bench/ack-profile.ts).
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = () => (child ??= parent.child(bindings));
  return new Proxy({} as Logger, {
    get(_target, prop) {
      const logger = real();
      const value = Reflect.get(logger, prop, logger) as unknown;
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set: (_target, prop, value) => Reflect.set(real(), prop, value),
    has: (_target, prop) => Reflect.has(real(), prop),
  });
}

// Bolt's LogLevel values are pino's level names.
const toPino: Record<LogLevel, LevelWithSilent> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
};

/** Bolt and the Web API client log through this adapter so every line is structured pino. */
export function boltLogger(log: Logger): SlackLogger {
  let child = log.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const [first, ...rest] = msg;
      if (first instanceof Error) child[level]({ err: first }, rest.map(String).join(' '));
      else child[level](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level: LogLevel) => {
      child.level = toPino[level];
    },
    getLevel: () =>
      (Object.entries(toPino).find(([, v]) => v === child.level)?.[0] as LogLevel) ??
      ('info' as LogLevel),
    setName: (name: string) => {
      child = log.child({ component: name });
    },
  };
}
