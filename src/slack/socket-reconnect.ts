import type { SocketModeClient } from '@slack/socket-mode';
import type { Logger } from '../logger.js';
import { appTokenRefusal, appTokenRefusedMessage, unreachable } from './wait-for-slack.js';

/**
 * The disconnects Slack sends on a connection it is about to replace (docs.slack.dev, Socket
 * Mode: `warning` a few seconds before it closes, `refresh_requested` when it recycles it):
 * the next connection is asked for at once. `link_disabled` (Socket Mode turned off in the app's
 * settings) is no such request: it is said as an error and tried again with back-off.
 */
const SLACK_ASKED = new Set(['refresh_requested', 'warning']);

/** Slack's control messages on a Socket Mode connection: `hello` and `disconnect`. */
export interface ControlMessage {
  type: 'hello' | 'disconnect';
  reason?: unknown;
  connection_info?: { app_id?: unknown };
}

/** Control messages are small; the envelopes of requests, which are not, are not parsed again. */
const CONTROL_MAX_CHARS = 4_096;
const CONTROL_TYPE = /"type"\s*:\s*"(?:hello|disconnect)"/;

/**
 * Calls `handle` with each `hello` and `disconnect` Slack sends on the client's connections
 * (the client acts on them but tells nobody which: a disconnect's reason, hello's app). The
 * requests' envelopes are left to the client, unparsed here.
 */
export function onControlMessage(
  client: SocketModeClient,
  handle: (message: ControlMessage) => void,
): void {
  client.on('ws_message', (data: unknown, isBinary?: boolean) => {
    if (isBinary) return;
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    if (text.length > CONTROL_MAX_CHARS || !CONTROL_TYPE.test(text)) return;
    let message: { type?: unknown } | undefined;
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return; // not JSON: the client ignores it too
    }
    if (message?.type === 'hello' || message?.type === 'disconnect')
      handle(message as ControlMessage);
  });
}

/**
 * A connection that lived this long and was lost is asked for again at once, and the back-off
 * starts again from its first wait; one lost sooner counts as a failed try (the waits grow).
 */
const STABLE_MS = 10_000;

/**
 * "At once" at most once in this long: a connection Slack recycles (or that is lost) right
 * after another at-once reconnect waits the back-off instead, so connections that get `hello`
 * and are dropped again at once are not asked for in a tight loop.
 */
const AT_ONCE_GAP_MS = 5_000;

export interface SocketReconnectOptions {
  /** The receiver's client, built with `autoReconnectEnabled: false`. */
  client: SocketModeClient;
  log: Logger;
  /** The wait between tries (tests pass virtual time); a real timer that stop() ends by default. */
  sleep?: (ms: number) => Promise<void>;
  /** The time in ms, for how long a connection lived (tests pass virtual time); Date.now by default. */
  now?: () => number;
  /** The back-off after a failed try: 1 s doubling up to 30 s by default. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Called each time the reconnects come to rest: a run of tries has ended (connected, refused,
   * stopped, or given up at start; after closing a connection it opened after stop()), or a
   * connection was lost while the desk stops and no run follows. Tests wait on it, not on time.
   */
  idle?: () => void;
  /**
   * How long stop() waits at most for a try under way (its apps.connections.open answered, the
   * connection it opened after stop() closed again): 5 s by default, inside the process's own
   * shutdown limit (src/main.ts).
   */
  stopWaitMs?: number;
  /** True once the desk is stopping: no more tries. */
  stopping: () => boolean;
  /** Slack refused SLACK_APP_TOKEN on a reconnect (at start, start() rejects instead). */
  refused: (error: string) => void;
}

/** Why a try failed, in a few words (never a token). */
function failure(err: unknown, disconnect: string | undefined): string {
  if (disconnect) return `Slack closed it (${disconnect})`;
  if (err === undefined) return 'the connection closed before Slack said hello';
  const error = (err as { data?: { error?: unknown } }).data?.error;
  if (typeof error === 'string') return `apps.connections.open answered ${error}`;
  return unreachable(err) ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Socket Mode's reconnects, in place of the client's own (which waits 5 s times the failures so
 * far, without a cap, before it asks for a new connection even when Slack asked for it): after
 * a disconnect Slack asked for, or the loss of a connection that lived a while, the next one is
 * asked for at once (at most once in AT_ONCE_GAP_MS); each failed try, and each connection lost
 * before it lived STABLE_MS, waits 1 s doubling up to 30 s, the count kept until a connection
 * lives STABLE_MS. One info line per try. The client's `start` (which the receiver calls at
 * start) becomes the same loop: a refusal of the app-level token rejects it, anything else is
 * tried again. stop() ends a wait and any further try; a connection a try opened after stop()
 * is closed again, and stop()'s promise settles once the run under way has ended so (at most
 * `stopWaitMs`, logged past it).
 */
export function socketReconnect(options: SocketReconnectOptions): { stop(): Promise<void> } {
  const { client, log } = options;
  const firstDelayMs = options.firstDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const now = options.now ?? Date.now;
  const connectOnce = client.start.bind(client);
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        if (closing) return resolve(); // stop() ended the waits already: no new timer
        const entry = {
          resolve,
          timer: setTimeout(() => {
            timers.delete(entry);
            resolve();
          }, ms),
        };
        timers.add(entry);
      }));
  let closing = false;
  let up = false;
  let upSince = 0;
  let looping = false;
  /** The run of tries under way (start's or a reconnect's), which stop() waits for. */
  let run: Promise<unknown> | undefined;
  const running = (tries: Promise<unknown>): Promise<unknown> => {
    run = tries;
    const settled = () => {
      if (run === tries) run = undefined;
    };
    tries.then(settled, settled);
    return tries;
  };
  /**
   * Failed tries since the last connection that lived STABLE_MS (connections lost sooner
   * count too): kept across loops, so the back-off goes on growing.
   */
  let failures = 0;
  /** When the last at-once try was asked for. */
  let lastAtOnce = -Infinity;
  const backOff = () => Math.min(firstDelayMs * 2 ** Math.max(failures - 1, 0), maxDelayMs);
  /** The reason of the last `disconnect` Slack sent on the current connection. */
  let disconnect: string | undefined;
  const over = () => closing || options.stopping();

  const stopWaitMs = options.stopWaitMs ?? 5_000;
  /** No more tries: the waits ended, none started again. */
  const endTries = () => {
    closing = true;
    for (const entry of timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    timers.clear();
  };
  const stop = (): Promise<void> => {
    endTries();
    const tries = run;
    if (!tries) return Promise.resolve();
    // The try under way ends by itself: its wait was just ended, a connection it opens is closed
    // again, one being opened is closed by the receiver's stop (client.disconnect()).
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        log.warn(
          { waitedMs: stopWaitMs },
          'stopped without waiting longer for the Socket Mode connection being asked for',
        );
        resolve();
      }, stopWaitMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      tries.then(done, done);
    });
  };

  async function loop(firstWaitMs: number, why: string, atStart: boolean): Promise<unknown> {
    looping = true;
    const stopped = () => {
      if (atStart) throw new Error('stopped while connecting to Slack');
      return undefined;
    };
    try {
      let waitMs = firstWaitMs;
      for (let attempt = 1; ; attempt++) {
        if (over()) return stopped();
        if (waitMs > 0) await sleep(waitMs);
        if (over()) return stopped();
        if (!atStart || attempt > 1)
          log.info(
            { attempt, waitedMs: waitMs, reason: why },
            `asking Slack for a new Socket Mode connection (try ${attempt}, ${waitMs ? `after ${waitMs / 1000} s` : 'at once'}): ${why}`,
          );
        disconnect = undefined;
        let connected: Awaited<ReturnType<typeof connectOnce>>;
        try {
          connected = await connectOnce();
        } catch (err) {
          if (over()) return stopped();
          const refused = appTokenRefusal(err);
          if (refused) {
            if (atStart) throw new Error(appTokenRefusedMessage(refused));
            options.refused(refused);
            return { ok: false, error: refused };
          }
          why = failure(err, disconnect);
          failures++;
          waitMs = backOff();
          continue;
        }
        // stop() while the try was under way (the receiver's disconnect found no connection yet):
        // the connection opened since is closed again, not left on a stopped desk.
        if (over()) {
          await client.disconnect();
          return stopped();
        }
        return connected;
      }
    } finally {
      looping = false;
      options.idle?.();
    }
  }

  onControlMessage(client, (message) => {
    if (message.type === 'disconnect') disconnect = String(message.reason);
  });
  client.on('connected', () => {
    up = true;
    upSince = now();
  });
  // The receiver's stop() (client.disconnect()), or the loop's own: no reconnect after it. Only
  // the desk's stop() waits for the try under way (and warns once when it waits no longer).
  client.on('disconnecting', endTries);
  client.on('disconnected', () => {
    // A try that failed before hello: its loop goes on.
    if (!up) return;
    up = false;
    if (over() || looping) {
      // A run under way says so when it ends.
      if (!looping) options.idle?.();
      return;
    }
    const reason = disconnect;
    if (reason === 'link_disabled')
      log.error(
        { reason },
        'Slack closed the Socket Mode connection because Socket Mode is turned off for this app (link_disabled): turn it on again (Settings -> Socket Mode) or run the desk in HTTP mode; until then no request reaches this instance',
      );
    const stable = now() - upSince >= STABLE_MS;
    if (stable) failures = 0;
    const atOnce =
      ((reason !== undefined && SLACK_ASKED.has(reason)) || (reason === undefined && stable)) &&
      now() - lastAtOnce > AT_ONCE_GAP_MS;
    if (atOnce) lastAtOnce = now();
    else failures++;
    const why = reason
      ? `Slack closed the connection (${reason})`
      : 'the connection to Slack was lost';
    void running(loop(atOnce ? 0 : backOff(), why, false)).catch((err: unknown) =>
      log.error({ err }, 'the Socket Mode reconnect failed'),
    );
  });
  client.start = () => running(loop(0, 'start', true)) as ReturnType<SocketModeClient['start']>;
  return { stop };
}
