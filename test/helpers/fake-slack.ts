import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { validateMessage, validateView } from './block-kit.js';
import { FakeSocketMode } from './fake-socket-mode.js';
import { headersRead } from './headers-read.js';

/**
 * An in-repo stand-in for Slack's Web API, response_url endpoints and Socket Mode. It records
 * every call with its arguments decoded, answers like Slack, can be told to fail, rate-limit or
 * hold a method (or fail a response_url), and refuses (like Slack's `invalid_blocks`) any
 * message or view that breaks a Block Kit limit, keeping the problem in `violations` so the
 * test fails.
 */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** For response_url posts: the id in the URL. */
  target?: string;
  /** The bearer token the call was made with (Web API calls). */
  token?: string;
  /**
   * How the fake answered: only `ok` means Slack took it; `abandoned`, a held call the app gave
   * up on before it was let go (holdNext's `lostIfAbandoned`): never taken, never answered.
   */
  outcome?: 'ok' | 'error' | 'ratelimited' | 'http' | 'abandoned';
  /** What it answered (a posted message's `ts`). */
  answer?: Record<string, unknown>;
  /** When it arrived, by the clock a test gave the fake (`clock`), if any. */
  at?: number;
}

type Answer =
  /**
   * `sent`: told once the answer is written to the app's connection (a held call's);
   * `lostIfAbandoned`: not taken when the app closed the connection meanwhile.
   */
  | { kind: 'pass'; sent?: () => void; lostIfAbandoned?: boolean }
  | { kind: 'error'; error: string; sent?: () => void }
  | { kind: 'ratelimit'; retryAfter: number }
  | { kind: 'http'; status: number }
  /** HTTP `status` and the first bytes of a body that never ends; `serving` with the path first. */
  | { kind: 'http-slow'; status: number; serving: (path: string) => void }
  /** Taken (answered ok and recorded), but the answer never reaches the app. */
  | { kind: 'hang'; arrive: () => void }
  /** Taken (answered ok and recorded), then the connection is dropped before any answer. */
  | { kind: 'drop' }
  /** Taken (answered ok and recorded), but the app gets HTTP `status` instead (a timeout). */
  | { kind: 'taken-http'; status: number };
/** A conversation as one key: a DM's person (`U…`, as posted to) stands for its `D…` channel. */
const conversationOf = (channel: string) =>
  channel.startsWith('U') ? `D${channel.slice(1)}` : channel;

type Override = Answer | { kind: 'hold'; arrive: () => void; gate: Promise<Answer> };

/** A call the fake holds back until the test lets it go on. */
export interface HeldCall {
  /** Resolves when the app's call has arrived (it is then waiting for `release`). */
  arrived: Promise<void>;
  /** Lets the held call go on: answered normally, or `{ok: false, error}` when given one. */
  release(error?: string): void;
  /**
   * Resolves once the released call's answer is written to the app's connection (handed to the
   * OS: the app reads it at its event loop's next poll, not before).
   */
  answered: Promise<void>;
}

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  /** The name they chose to show (Slack shows it over the full name). */
  display_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  /** A multi-channel guest. */
  is_restricted?: boolean;
  /** A single-channel guest. */
  is_ultra_restricted?: boolean;
  /**
   * A person of an Enterprise Grid org: users.info describes them with `enterprise_user` (their
   * org, and the org's workspaces they are in).
   */
  enterprise?: { id: string; teams: string[] };
  /**
   * A person of another organisation (Slack Connect): users.info says their own workspace
   * (`team_id`), and `is_stranger` where they share no channel with this one.
   */
  team?: string;
  is_stranger?: boolean;
  /**
   * What users.info says of them when asked with a given bot token, over the rest (a Grid
   * person as one workspace's own install describes them, not as the org's token does).
   */
  seenWith?: Record<string, Partial<Omit<FakeUser, 'id' | 'seenWith'>>>;
}

/** Arguments the Web API client sends as JSON strings inside a form body. */
/**
 * Where a call `refuseConnectionNext` armed is sent: a port nothing listens on, for good. Below
 * the ephemeral range, so no server of the tests running beside (all `listen(0)`) can be given it,
 * and privileged; not 1, which `fetch` itself refuses to call (a "bad port", not a refused
 * connection).
 */
const REFUSED_PORT = 2;

const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'unfurls']);

const MESSAGE_METHODS = new Set([
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.scheduleMessage',
]);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);

/** A workspace as Slack's OAuth install grants it (`oauth.v2.access`, per code). */
export interface FakeInstall {
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  /** An org-wide install: no team, the enterprise's. */
  orgWide?: boolean;
  botToken: string;
  botUserId: string;
  botId: string;
  installerUserId: string;
  scopes?: string[];
  /**
   * Token rotation on: the install's refresh token, and how long its bot token lasts (seconds;
   * Slack's is 12 hours). `oauth.v2.access` with grant_type=refresh_token exchanges it once.
   */
  refreshToken?: string;
  expiresIn?: number;
}

export const FAKE_TEAM_ID = 'T0TEAM0001';
export const FAKE_BOT_USER_ID = 'U0BOT00001';
/** People users.info describes as no ordinary member: a deactivated account, guests. */
export const FAKE_DEACTIVATED_USER_ID = 'U0GONE0001';
export const FAKE_GUEST_USER_ID = 'U0GUEST001';
export const FAKE_SINGLE_GUEST_USER_ID = 'U0GUEST002';

/** The users every fake knows: the app's bot user, a deactivated account, two guests. */
const FIXTURE_USERS: FakeUser[] = [
  { id: FAKE_BOT_USER_ID, name: 'desk', real_name: 'Care Desk', is_bot: true },
  { id: FAKE_DEACTIVATED_USER_ID, name: 'old.li', real_name: 'Li Lei', deleted: true },
  { id: FAKE_GUEST_USER_ID, name: 'vendor.wang', real_name: 'Wang Fang', is_restricted: true },
  {
    id: FAKE_SINGLE_GUEST_USER_ID,
    name: 'temp.zhao',
    real_name: 'Zhao Min',
    is_restricted: true,
    is_ultra_restricted: true,
  },
];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file's bytes, whether posted raw or as multipart form data (as the Web API client does). */
async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function decodeArgs(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  if (type.includes('application/json'))
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = JSON_ARGS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly violations: string[] = [];
  readonly uploads = new Map<string, Buffer>();
  readonly users = new Map<string, FakeUser>(FIXTURE_USERS.map((u) => [u.id, u]));
  /**
   * What `oauth.v2.access` answers for a code: an install, or Slack's error (`invalid_code`).
   * Codes are used once, as Slack's are. Each install's bot token then answers `auth.test`
   * for its own workspace and bot.
   */
  readonly oauthCodes = new Map<string, FakeInstall | { error: string }>();
  private readonly installedTokens = new Map<string, FakeInstall>();
  /**
   * Token rotation: the refresh tokens Slack takes now (each once), with their install. A
   * refresh hands out a new bot token (`<first>.r<n>`, the nth refresh of the install's first
   * token) and refresh token; the old refresh token is
   * then refused (`invalid_refresh_token`), as Slack revokes it.
   */
  readonly refreshTokens = new Map<string, FakeInstall>();
  /** Tokens Slack no longer takes (`revokeToken`), with the error every call with one answers. */
  private readonly deadTokens = new Map<string, string>();
  /**
   * Channels as conversations.info describes them (default: public, the app a member, not
   * shared). A private channel the app is not a member of is, as Slack answers a bot token,
   * `channel_not_found`. `is_shared` is Slack's "shared in any way": ext- or org-shared.
   */
  readonly channels = new Map<
    string,
    {
      is_member?: boolean;
      is_ext_shared?: boolean;
      is_pending_ext_shared?: boolean;
      is_org_shared?: boolean;
      is_private?: boolean;
    }
  >();
  /**
   * Messages people posted, per channel: conversations.history returns the top-level ones and
   * replies also sent to the channel (`thread_broadcast`), newest first, as Slack does;
   * conversations.replies a thread's (its parent first, then its replies in the range asked).
   */
  readonly peopleMessages = new Map<string, Record<string, unknown>[]>();
  /** Slack's Socket Mode: the connections the app opened, envelopes and acks. */
  readonly socketMode = new FakeSocketMode(this.violations);
  /**
   * The Slack app of the bot token (`bots.info`; auth.test does not say it): the app of the
   * app-level token (`socketMode.appId`) unless a test makes them differ.
   */
  botAppId = 'A0APP00001';
  /** When set, the single token's `auth.test` answer says its app (`app_id`) too. */
  authTestAppId: string | undefined;
  private readonly overrides = new Map<string, Override[]>();
  /**
   * The workspaces an org-wide install's token is granted (`auth.teams.list`), per token; a
   * token not set here answers with none.
   */
  readonly orgTeams = new Map<string, string[]>();
  /** Channels whose posts and updates are refused, with Slack's error (`refuseChannel`). */
  private readonly refused = new Map<string, string>();
  private readonly watchers: { match: (c: RecordedCall) => boolean; found: () => void }[] = [];

  /** Resolves when a call matching `match` arrives (one already recorded counts). */
  callArrives(match: (c: RecordedCall) => boolean): Promise<void> {
    if (this.calls.some(match)) return Promise.resolve();
    return new Promise((found) => this.watchers.push({ match, found }));
  }

  /** Records a call (Web API or response_url) and wakes whoever waits for one like it. */
  private record(call: RecordedCall): void {
    if (this.clock) call.at = this.clock();
    this.calls.push(call);
    for (const w of [...this.watchers])
      if (w.match(call)) {
        this.watchers.splice(this.watchers.indexOf(w), 1);
        w.found();
      }
  }
  private server: Server | undefined;
  private base = '';
  private seq = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        this.violations.push(`fake Slack crashed on ${req.url}: ${err.message}`);
        res.writeHead(500).end();
      });
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.socketMode.upgrade(req, socket, head),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.socketMode.destroyAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The Web API base URL to give the app (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.base}api/`;
  }

  /** A response_url the fake answers; calls to it are recorded as method `response_url`. */
  responseUrl(id = `r${++this.seq}`): string {
    return `${this.base}response/${id}`;
  }

  /**
   * An outage: until `restore()`, every Web API call (but auth.test) is refused, in turn with a
   * 429 (Retry-After `retryAfter` s), an HTTP 500 and `{ok: false, error: 'internal_error'}`.
   */
  outage(retryAfter = 5): void {
    this.down = { retryAfter, turn: 0 };
  }

  restore(): void {
    this.down = undefined;
  }

  private down: { retryAfter: number; turn: number } | undefined;

  /** The calls Slack took (answered ok), to `method`. */
  tookCalls(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.outcome === 'ok');
  }

  /** Stamps each call with its time (`at`): a test's virtual clock, until `reset`. */
  clock: (() => number) | undefined;

  /** Forget calls and overrides between tests (users stay). */
  reset(): void {
    this.clock = undefined;
    this.down = undefined;
    this.calls.length = 0;
    this.violations.length = 0;
    this.overrides.clear();
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
    this.postAnswers.clear();
    this.refused.clear();
    this.refuseConnection.clear();
    this.refusedCalls.length = 0;
    this.orgTeams.clear();
    this.deadTokens.clear();
    this.uploads.clear();
    this.channels.clear();
    this.peopleMessages.clear();
    this.homeHashes.clear();
    this.botAppId = 'A0APP00001';
    this.authTestAppId = undefined;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The chat.update calls of the message posted at `ts`, from call `from` of the record on. */
  updatesOf(ts: string | undefined, from = 0): RecordedCall[] {
    return this.calls.slice(from).filter((c) => c.method === 'chat.update' && c.args.ts === ts);
  }

  /** The messages Slack took (answered ok) in one channel or DM, in order. */
  tookPostsTo(channel: string): RecordedCall[] {
    return this.tookCalls('chat.postMessage').filter((c) => c.args.channel === channel);
  }

  /**
   * The files Slack shared in one conversation (files.completeUploadExternal answered ok), in
   * order: their id, name, title, the comment they were shared with and the bytes uploaded.
   */
  sharedFiles(channel: string): {
    id: string;
    filename: string;
    title: string | undefined;
    comment: string | undefined;
    content: Buffer | undefined;
  }[] {
    return this.tookCalls('files.completeUploadExternal')
      .filter((c) => c.args.channel_id === channel)
      .flatMap((c) =>
        (c.args.files as { id: string; title?: string }[]).map((f) => ({
          id: f.id,
          filename: String(
            this.tookCalls('files.getUploadURLExternal').find((u) => u.answer?.file_id === f.id)
              ?.args.filename,
          ),
          title: f.title,
          comment: c.args.initial_comment as string | undefined,
          content: this.uploads.get(f.id),
        })),
      );
  }

  /** The texts of the messages posted to one channel or user (a DM), in order. */
  textsTo(channel: string): string[] {
    return this.postsTo(channel).map((c) => String(c.args.text));
  }

  /** The messages posted to one channel or user (a DM), in order. */
  postsTo(channel: string): RecordedCall[] {
    // A DM posted to the channel conversations.open gave for a user (`D…` for `U…`) is theirs too.
    const dm = channel.startsWith('U') ? `D${channel.slice(1)}` : undefined;
    return this.callsTo('chat.postMessage').filter(
      (c) => c.args.channel === channel || (dm !== undefined && c.args.channel === dm),
    );
  }

  /** The Homes published to `user` that Slack took (views.publish answered ok). */
  homesPublishedTo(user: string): RecordedCall[] {
    return this.callsTo('views.publish').filter(
      (c) => c.args.user_id === user && c.outcome === 'ok',
    );
  }

  /**
   * The next `times` calls to `method` answer `{ok: false, error}` (`response_url`: with HTTP 200,
   * as Slack answers some of its refusals there).
   */
  failNext(method: string, error: string, times = 1): void {
    this.queue(
      method,
      Array.from({ length: times }, () => ({ kind: 'error', error }) as const),
    );
  }

  /**
   * Every post or update to `channel` (and its threads) answers `{ok: false, error}` from now on,
   * as Slack answers when the app was removed from the channel (`not_in_channel`) or it was
   * archived (`is_archived`); other channels and DMs are answered as usual.
   */
  refuseChannel(channel: string, error: string): void {
    this.refused.set(channel, error);
  }

  /**
   * From now on every Web API call made with `token` (auth.test too) answers `{ok: false, error}`,
   * as Slack answers once a workspace removed the app (`token_revoked`) or was deleted
   * (`account_inactive`); a new install's token is taken as usual.
   */
  revokeToken(token: string, error = 'token_revoked'): void {
    this.deadTokens.set(token, error);
  }

  /**
   * The next posts (chat.postMessage) to one conversation are answered, in turn, as `answers`
   * say (`{ok: false, error}`, a 429, or taken but answered HTTP 504); posts elsewhere as usual.
   * A DM is one conversation whether posted to its channel (`D…`) or to its person (`U…`).
   */
  answerNextPostsTo(
    channel: string,
    answers: ({ error: string } | { ratelimit: number } | { takenHttp: number })[],
  ): void {
    const key = conversationOf(channel);
    this.postAnswers.set(key, [
      ...(this.postAnswers.get(key) ?? []),
      ...answers.map((a): Answer =>
        'error' in a
          ? { kind: 'error', error: a.error }
          : 'ratelimit' in a
            ? { kind: 'ratelimit', retryAfter: a.ratelimit }
            : { kind: 'taken-http', status: a.takenHttp },
      ),
    ]);
  }

  private readonly postAnswers = new Map<string, Answer[]>();

  /** Each person's Home as last published (its hash), for views.publish's `hash` check. */
  private readonly homeHashes = new Map<string, string>();

  /** The next `times` calls to `method` are answered normally (to fail a later one). */
  passNext(method: string, times = 1): void {
    this.queue(
      method,
      Array.from({ length: times }, () => ({ kind: 'pass' }) as const),
    );
  }

  /** The next `times` calls to `method` answer HTTP 429 with `Retry-After`. */
  rateLimitNext(method: string, retryAfterSeconds = 0, times = 1): void {
    this.queue(
      method,
      Array.from(
        { length: times },
        () => ({ kind: 'ratelimit', retryAfter: retryAfterSeconds }) as const,
      ),
    );
  }

  /**
   * The next `times` calls to `method` answer with HTTP `status` and no Slack body. Use
   * `response_url` as the method to make the next response_url POSTs fail (an expired URL).
   */
  failNextHttp(method: string, status: number, times = 1): void {
    this.queue(
      method,
      Array.from({ length: times }, () => ({ kind: 'http', status }) as const),
    );
  }

  /**
   * The next call to `method` (`response_url`) answers HTTP `status`, then holds its body after
   * the first bytes (a slow or stalled answer). Resolves once the app (in this process) has read
   * the answer's headers (`headersRead`): its client has seen the status by then.
   */
  failNextHttpSlowly(method: string, status: number): Promise<void> {
    const host = new URL(this.base).host;
    let path: string | undefined;
    const { read, cancel } = headersRead(
      (request) =>
        path !== undefined && request.path === path && request.getHeader('host') === host,
    );
    this.cancels.add(cancel);
    this.queue(method, [{ kind: 'http-slow', status, serving: (p) => (path = p) }]);
    return read.finally(() => this.cancels.delete(cancel));
  }

  /** What stops listening for what an armed answer waits on (`reset` calls them). */
  private readonly cancels = new Set<() => void>();

  /**
   * The next call to `method` is taken, but its answer never reaches the app (the app died, or
   * its connection did, after Slack took the message). Resolves when the call has arrived.
   */
  takeAndHang(method: string): Promise<void> {
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    this.queue(method, [{ kind: 'hang', arrive }]);
    return arrived;
  }

  /**
   * The next call to `method` is taken, then its connection drops before any answer (a
   * connection reset after the request went): the app cannot tell whether it went.
   */
  takeAndDrop(method: string): void {
    this.queue(method, [{ kind: 'drop' }]);
  }

  /**
   * The next call to `method` never reaches Slack: its connection is refused (it is sent to
   * REFUSED_PORT, which nothing listens on), so the app's client fails before it sent anything,
   * with the error a refused connection really gives. Only for an app whose fetch goes through
   * `fetch()` (its clients use `globalThis.fetch`). `refusedCalls` lists such calls.
   */
  refuseConnectionNext(method: string): void {
    this.refuseConnection.set(method, (this.refuseConnection.get(method) ?? 0) + 1);
  }

  /** The calls whose connection was refused (`refuseConnectionNext`), by method, in order. */
  readonly refusedCalls: string[] = [];
  private readonly refuseConnection = new Map<string, number>();

  /**
   * `base` (the real fetch) but for a call `refuseConnectionNext` armed: sent to REFUSED_PORT,
   * which nothing listens on, instead of to the fake. To stand in for `globalThis.fetch` before the app
   * is built.
   */
  fetch(base: typeof globalThis.fetch): typeof globalThis.fetch {
    return (input, init) => {
      // The Web API clients and Bolt's `respond` fetch a URL (a string), never a Request.
      const url = new URL(input instanceof Request ? 'about:blank' : input);
      const method = /^\/api\/([^/]+)$/.exec(url.pathname)?.[1];
      const ours = url.origin === new URL(this.base).origin;
      const armed = ours && method ? (this.refuseConnection.get(method) ?? 0) : 0;
      if (armed === 0) return base(input, init);
      this.refuseConnection.set(method!, armed - 1);
      this.refusedCalls.push(method!);
      url.port = String(REFUSED_PORT);
      return base(url, init);
    };
  }

  /**
   * The next call to `method` is taken, but the app gets HTTP `status` instead of the answer (a
   * gateway timing out after Slack took the message): the app cannot tell whether it went.
   */
  takeAndFailHttp(method: string, status = 504): void {
    this.queue(method, [{ kind: 'taken-http', status }]);
  }

  /**
   * Holds the next call to `method` until the test releases it (Slack being slow). With
   * `lostIfAbandoned`, a call the app gives up on while it is held (its connection closed, a
   * time limit) never reaches Slack: released, it is not taken (outcome `abandoned`, nothing
   * posted) and `answered` resolves with nothing written.
   */
  holdNext(method: string, options: { lostIfAbandoned?: boolean } = {}): HeldCall {
    let arrive!: () => void;
    let release!: (answer: Answer) => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const gate = new Promise<Answer>((resolve) => (release = resolve));
    let sent!: () => void;
    const answered = new Promise<void>((resolve) => (sent = resolve));
    this.queue(method, [{ kind: 'hold', arrive, gate }]);
    return {
      arrived,
      answered,
      release: (error) =>
        release(
          error === undefined
            ? { kind: 'pass', sent, ...(options.lostIfAbandoned ? { lostIfAbandoned: true } : {}) }
            : { kind: 'error', error, sent },
        ),
    };
  }

  /**
   * How many answers armed for `method` (failNext, passNext, holdNext…) no call has used yet; a
   * test that arms more than it reaches can hide a regression. Without a method: all of them.
   */
  armedLeft(method?: string): number {
    if (method !== undefined) return this.overrides.get(method)?.length ?? 0;
    return [...this.overrides.values()].reduce((n, items) => n + items.length, 0);
  }

  private queue(method: string, items: Override[]): void {
    this.overrides.set(method, [...(this.overrides.get(method) ?? []), ...items]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    const [, kind, name] = url.pathname.split('/');

    if (kind === 'upload' && name) {
      // The upload URL files.getUploadURLExternal hands out; `file_upload` can be told to fail.
      const bytes = await uploadedBytes(req, raw);
      const call: RecordedCall = {
        method: 'file_upload',
        args: { file_id: name, bytes: bytes.length },
      };
      this.calls.push(call);
      const override = await this.nextOverride('file_upload');
      if (override?.kind === 'http' || override?.kind === 'ratelimit') {
        call.outcome = override.kind === 'http' ? 'http' : 'ratelimited';
        res
          .writeHead(override.kind === 'http' ? override.status : 429, {
            'content-type': 'text/plain',
          })
          .end('upload refused');
        return;
      }
      call.outcome = 'ok';
      this.uploads.set(name, bytes);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
      return;
    }
    const args = decodeArgs(req, raw);
    if (kind === 'response' && name) {
      this.record({ method: 'response_url', args, target: name });
      const override = await this.nextOverride('response_url');
      if (override?.kind === 'http-slow') {
        override.serving(url.pathname);
        res.writeHead(override.status, { 'content-type': 'text/plain', 'content-length': '1000' });
        res.write(`http ${override.status}`);
        return;
      }
      if (override?.kind === 'http') {
        res
          .writeHead(override.status, { 'content-type': 'text/plain' })
          .end(`http ${override.status}`);
        return;
      }
      // Some of Slack's response_url refusals: HTTP 200 with `ok: false` in the body.
      if (override?.kind === 'error') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error: override.error }));
        return;
      }
      const problems = args.delete_original ? [] : validateMessage(args);
      this.violations.push(...problems.map((p) => `response_url: ${p}`));
      res.writeHead(problems.length ? 400 : 200, { 'content-type': 'text/plain' });
      res.end(problems.length ? 'invalid_blocks' : 'ok');
      return;
    }
    if (kind !== 'api' || !name) {
      res.writeHead(404).end();
      return;
    }

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const call: RecordedCall = { method: name, args, ...(token ? { token } : {}) };
    this.record(call);
    // The app closed the connection before its answer was written (a held call it gave up on).
    let abandoned = false;
    res.once('close', () => (abandoned ||= !res.writableEnded));
    let override = await this.nextOverride(name);
    if (override?.kind === 'pass' && override.lostIfAbandoned && abandoned) {
      call.outcome = 'abandoned';
      override.sent?.();
      return;
    }
    if (!override && name === 'chat.postMessage')
      override = this.postAnswers.get(conversationOf(String(args.channel)))?.shift();
    const refused =
      (name === 'chat.postMessage' || name === 'chat.update') &&
      this.refused.get(String(args.channel));
    if (!override && refused) override = { kind: 'error', error: refused };
    const dead = token ? this.deadTokens.get(token) : undefined;
    if (!override && dead) override = { kind: 'error', error: dead };
    if (!override && this.down && name !== 'auth.test') {
      const turn = this.down.turn++ % 3;
      override =
        turn === 0
          ? { kind: 'ratelimit', retryAfter: this.down.retryAfter }
          : turn === 1
            ? { kind: 'http', status: 500 }
            : { kind: 'error', error: 'internal_error' };
    }
    if (override?.kind === 'http') {
      call.outcome = 'http';
      res.writeHead(override.status, { 'content-type': 'text/plain' }).end();
      return;
    }
    if (override?.kind === 'ratelimit') {
      call.outcome = 'ratelimited';
      res.writeHead(429, {
        'retry-after': String(override.retryAfter),
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer =
      override?.kind === 'error'
        ? { ok: false, error: override.error }
        : this.answer(name, args, token);
    call.outcome = answer.ok ? 'ok' : 'error';
    call.answer = answer;
    if (override?.kind === 'hang') return override.arrive();
    if (override?.kind === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (override?.kind === 'taken-http') {
      res.writeHead(override.status, { 'content-type': 'text/plain' }).end();
      return;
    }
    const sent =
      override?.kind === 'pass' || override?.kind === 'error' ? override.sent : undefined;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer), sent);
  }

  /** The queued answer for the next call to `method`, after waiting out a hold. */
  private async nextOverride(method: string): Promise<Answer | undefined> {
    const override = this.overrides.get(method)?.shift();
    if (override?.kind !== 'hold') return override;
    override.arrive();
    return override.gate;
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
  ): Record<string, unknown> {
    const problems = MESSAGE_METHODS.has(method)
      ? validateMessage(args)
      : VIEW_METHODS.has(method)
        ? validateView((args.view ?? {}) as Record<string, unknown>)
        : [];
    if (problems.length) {
      this.violations.push(...problems.map((p) => `${method}: ${p}`));
      return { ok: false, error: 'invalid_blocks', errors: problems };
    }
    const ts = `${1_700_000_000 + ++this.seq}.000100`;
    switch (method) {
      case 'oauth.v2.access': {
        if (args.grant_type === 'refresh_token') {
          if (!args.client_id || !args.client_secret)
            return { ok: false, error: 'invalid_client_id' };
          const refreshToken = String(args.refresh_token ?? '');
          const held = this.refreshTokens.get(refreshToken);
          if (!held) return { ok: false, error: 'invalid_refresh_token' };
          this.refreshTokens.delete(refreshToken);
          const n = Number(/\.r(\d+)$/.exec(held.botToken)?.[1] ?? 0) + 1;
          const renewed: FakeInstall = {
            ...held,
            botToken: `${held.botToken.replace(/\.r\d+$/, '')}.r${n}`,
            refreshToken: `${refreshToken.replace(/\.r\d+$/, '')}.r${n}`,
          };
          this.installedTokens.set(renewed.botToken, renewed);
          this.refreshTokens.set(renewed.refreshToken!, renewed);
          return {
            ok: true,
            app_id: 'A0APP00001',
            scope: (held.scopes ?? ['commands', 'chat:write']).join(','),
            token_type: 'bot',
            access_token: renewed.botToken,
            bot_user_id: held.botUserId,
            refresh_token: renewed.refreshToken,
            expires_in: held.expiresIn ?? 43_200,
            team: held.orgWide ? null : { id: held.teamId, name: held.teamName ?? 'Team' },
            enterprise: held.enterpriseId ? { id: held.enterpriseId, name: 'Org' } : null,
            is_enterprise_install: held.orgWide === true,
          };
        }
        const code = String(args.code ?? '');
        const granted = this.oauthCodes.get(code);
        this.oauthCodes.delete(code);
        if (!args.client_id || !args.client_secret)
          return { ok: false, error: 'invalid_client_id' };
        if (!granted) return { ok: false, error: 'invalid_code' };
        if ('error' in granted) return { ok: false, error: granted.error };
        this.installedTokens.set(granted.botToken, granted);
        if (granted.refreshToken) this.refreshTokens.set(granted.refreshToken, granted);
        return {
          ok: true,
          app_id: 'A0APP00001',
          authed_user: { id: granted.installerUserId },
          scope: (granted.scopes ?? ['commands', 'chat:write']).join(','),
          token_type: 'bot',
          access_token: granted.botToken,
          ...(granted.refreshToken
            ? { refresh_token: granted.refreshToken, expires_in: granted.expiresIn ?? 43_200 }
            : {}),
          bot_user_id: granted.botUserId,
          team: granted.orgWide ? null : { id: granted.teamId, name: granted.teamName ?? 'Team' },
          enterprise: granted.enterpriseId ? { id: granted.enterpriseId, name: 'Org' } : null,
          is_enterprise_install: granted.orgWide === true,
        };
      }
      case 'auth.test': {
        const installed = token ? this.installedTokens.get(token) : undefined;
        if (installed)
          return {
            ok: true,
            url: 'https://fake.slack.test/',
            team: installed.teamName ?? 'Team',
            team_id: installed.teamId,
            ...(installed.enterpriseId ? { enterprise_id: installed.enterpriseId } : {}),
            user: 'care-desk',
            user_id: installed.botUserId,
            bot_id: installed.botId,
            ...(installed.orgWide ? { is_enterprise_install: true } : {}),
          };
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake Team',
          team_id: FAKE_TEAM_ID,
          user: 'care-desk',
          user_id: FAKE_BOT_USER_ID,
          bot_id: 'B0BOT00001',
          ...(this.authTestAppId ? { app_id: this.authTestAppId } : {}),
        };
      }
      case 'auth.teams.list':
        return {
          ok: true,
          teams: (this.orgTeams.get(token ?? '') ?? []).map((id) => ({ id, name: id })),
          response_metadata: { next_cursor: '' },
        };
      case 'api.test':
        return { ok: true, args };
      case 'apps.connections.open':
        // Slack takes only the app-level token here.
        if (!token?.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
        return { ok: true, url: this.socketMode.issueUrl(this.base, token) };
      case 'chat.postMessage':
        // A post to a person (`U…`) is answered with their DM's channel (`D…`), as Slack does
        // (conversations.open gives the same one).
        return {
          ok: true,
          channel: dmChannelOf(String(args.channel)),
          ts,
          message: { ...args, ts },
        };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case 'conversations.history':
      case 'conversations.replies': {
        // What Slack took in the channel (a DM's channel stands for its user), with metadata.
        const wanted = String(args.channel);
        const messages: Record<string, unknown>[] = this.tookCalls('chat.postMessage')
          .filter((c) => {
            const to = String(c.args.channel);
            const same = to === wanted || (wanted.startsWith('D') && `U${wanted.slice(1)}` === to);
            return (
              same &&
              (method === 'conversations.replies'
                ? c.args.thread_ts === args.ts
                : c.args.thread_ts === undefined)
            );
          })
          .map((c) => ({
            ts: c.answer?.ts,
            text: c.args.text,
            ...(c.args.metadata ? { metadata: c.args.metadata } : {}),
          }));
        // Files shared into the thread (files.completeUploadExternal with its thread_ts).
        if (method === 'conversations.replies')
          for (const c of this.tookCalls('files.completeUploadExternal'))
            if (c.args.channel_id === wanted && c.args.thread_ts === args.ts)
              messages.push({
                files: (c.args.files as { id: string; title?: string }[]).map((f) => ({
                  id: f.id,
                  title: f.title,
                  name: this.tookCalls('files.getUploadURLExternal').find(
                    (u) => u.answer?.file_id === f.id,
                  )?.args.filename,
                })),
              });
        const latest = args.latest === undefined ? Infinity : Number(args.latest);
        const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
        const inRange = (m: Record<string, unknown>) =>
          args.inclusive === 'true'
            ? Number(m.ts) <= latest && Number(m.ts) >= oldest
            : Number(m.ts) < latest && Number(m.ts) > oldest;
        const posted = this.peopleMessages.get(wanted) ?? [];
        if (method === 'conversations.replies') {
          // The thread of the message `ts` names (a parent, or a reply in it): parent first.
          const named = posted.find((m) => m.ts === args.ts);
          const root = named ? String(named.thread_ts ?? named.ts) : undefined;
          const parent = posted.filter((m) => root !== undefined && m.ts === root);
          const replies = posted
            .filter((m) => root !== undefined && m.thread_ts === root && m.ts !== root)
            .filter(inRange)
            .sort((a, b) => Number(a.ts) - Number(b.ts));
          const thread = [...parent, ...replies];
          if (thread.length)
            return {
              ok: true,
              messages: args.limit ? thread.slice(0, Number(args.limit)) : thread,
            };
        }
        if (method === 'conversations.history') {
          // Top-level messages and replies also sent to the channel only, as Slack's history.
          const people = posted
            .filter(
              (m) =>
                m.thread_ts === undefined ||
                m.thread_ts === m.ts ||
                m.subtype === 'thread_broadcast',
            )
            .filter((m) =>
              args.inclusive === 'true' ? Number(m.ts) <= latest : Number(m.ts) < latest,
            );
          const all = [...people, ...messages].sort((a, b) => Number(b.ts) - Number(a.ts));
          return { ok: true, messages: args.limit ? all.slice(0, Number(args.limit)) : all };
        }
        return { ok: true, messages };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://fake.slack.test/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const view = (args.view ?? {}) as Record<string, unknown>;
        // views.update names its view by id or by the external id the app gave it.
        if (method === 'views.update' && !args.view_id && !args.external_id) {
          return { ok: false, error: 'invalid_arguments' };
        }
        // A Home published with a hash that is no longer its latest (another publish landed
        // since) is refused, as Slack does.
        const home = method === 'views.publish' ? String(args.user_id) : undefined;
        if (home && args.hash && args.hash !== this.homeHashes.get(home))
          return { ok: false, error: 'hash_conflict' };
        const id =
          (args.view_id as string | undefined) ?? `V${String(++this.seq).padStart(9, '0')}`;
        const hash = `h${++this.seq}`;
        if (home) this.homeHashes.set(home, hash);
        return { ok: true, view: { ...view, id, hash } };
      }
      case 'bots.info':
        if (!args.bot) return { ok: false, error: 'bot_not_found' };
        return {
          ok: true,
          bot: {
            id: args.bot,
            deleted: false,
            name: 'care-desk',
            updated: 1_700_000_000,
            app_id: this.botAppId,
            user_id: FAKE_BOT_USER_ID,
            icons: {},
          },
        };
      case 'users.info': {
        const id = String(args.user);
        const known = this.users.get(id);
        const user = known && { ...known, ...(token ? known.seenWith?.[token] : undefined) };
        if (!user && !/^[UW]/.test(id)) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            name: user?.name ?? id.toLowerCase(),
            real_name: user?.real_name ?? `User ${id}`,
            tz: user?.tz ?? 'Asia/Shanghai',
            is_admin: user?.is_admin ?? false,
            is_bot: user?.is_bot ?? false,
            deleted: user?.deleted ?? false,
            is_restricted: user?.is_restricted ?? false,
            is_ultra_restricted: user?.is_ultra_restricted ?? false,
            profile: {
              real_name: user?.real_name ?? `User ${id}`,
              ...(user?.display_name ? { display_name: user.display_name } : {}),
            },
            ...(user?.team ? { team_id: user.team } : {}),
            ...(user?.is_stranger ? { is_stranger: true } : {}),
            ...(user?.enterprise
              ? {
                  team_id: user.enterprise.teams[0],
                  enterprise_user: {
                    id,
                    enterprise_id: user.enterprise.id,
                    enterprise_name: 'Org',
                    is_admin: false,
                    is_owner: false,
                    is_primary_owner: false,
                    teams: user.enterprise.teams,
                  },
                }
              : {}),
          },
        };
      }
      case 'conversations.info': {
        const known = this.channels.get(String(args.channel));
        const member = known?.is_member ?? true;
        if (known?.is_private && !member) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: args.channel,
            name: `chan-${String(args.channel).toLowerCase()}`,
            is_private: known?.is_private ?? false,
            is_member: member,
            is_ext_shared: known?.is_ext_shared ?? false,
            is_pending_ext_shared: known?.is_pending_ext_shared ?? false,
            is_org_shared: known?.is_org_shared ?? false,
            is_shared: Boolean(known?.is_ext_shared || known?.is_org_shared),
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X').slice(1)}` } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.seq).padStart(9, '0')}`;
        return { ok: true, upload_url: `${this.base}upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal':
        return {
          ok: true,
          files: ((args.files as { id: string; title?: string }[]) ?? []).map((f) => ({
            id: f.id,
            title: f.title,
          })),
        };
      default:
        this.violations.push(`the app called ${method}, which the fake Slack does not know`);
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The DM channel Slack answers a post to a person with (`D…` for `U…` or `W…`); else as given. */
export function dmChannelOf(channel: string): string {
  return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel.slice(1)}` : channel;
}
