// What the walk tests (test/e2e/walk-*.test.ts) share: a desk with its channels and people, the
// steps its people take in Slack (signed requests), and what they read of what the fake Slack
// took. The desk keeps the default time zone, Shanghai's, which `at` and `shown` read in, unless
// a walk sets another: walk-agent-week's desk is in Berlin time, with its own `at`.
import { expect } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp, type TestApp } from './app.js';
import type { RecordedCall } from './fake-slack.js';

/** The desk's channels in the walks. */
export const TRIAGE = 'C0TRIAGE01';
export const ALERTS = 'C0ALERTS01';
export const ESCALATION = 'C0ESCAL001';
export const DIGEST = 'C0DIGEST01';

/** Its people (each walk names who they are). */
export const ADMIN = 'U0ADMIN001';
export const MANAGER = 'U0MANAGER1';
export const AGENT = 'U0AGENT001';
export const AGENT2 = 'U0AGENT002';
export const EXPERT = 'U0EXPERT01';
export const OWNER = 'U0OWNER001';
/** The customer's own Slack workspace, whose people write in a channel shared with the desk. */
export const THEIR_TEAM = 'T0THEIRORG';

/** A Shanghai wall-clock time (`2026-11-23 10:00`) as an instant. */
export const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** A time as the desk shows it: Slack's date token, Shanghai time with its offset as fallback. */
export const shown = (local: string) => slackTime(at(local), 'Asia/Shanghai');

/** Every `text` in a message's blocks, a view or any part of them, in order. */
export function textsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) textsIn(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node))
      if (k === 'text' && typeof v === 'string') out.push(v);
      else textsIn(v, out);
  return out;
}

/** Everything a call shows a person: its text and every text in its blocks or view. */
export function texts(call: RecordedCall): string[] {
  const { text, blocks, view } = call.args;
  const out = typeof text === 'string' ? [text] : [];
  textsIn(blocks, out);
  textsIn(view, out);
  return out;
}
/**
 * Every message Slack took (`chat.postMessage`, answered ok) across job runs, which clear the
 * fake's record (`cleared` after each): `told` what a reader (a channel, or a user: their DM) was
 * sent since a `mark` (everything they read, text, blocks and buttons, one message a string),
 * `toldText` the same, each message's notification text only.
 */
export function postLog(app: { fake: { calls: RecordedCall[] } }) {
  const taken: RecordedCall[] = [];
  let seenUpTo = 0;
  const collect = () => {
    const calls = app.fake.calls;
    for (const c of calls.slice(seenUpTo))
      if (c.method === 'chat.postMessage' && c.outcome === 'ok') taken.push(c);
    seenUpTo = calls.length;
  };
  const to = (reader: string, from: number) => {
    collect();
    return taken.slice(from).filter((c) => c.args.channel === reader);
  };
  return {
    taken,
    collect,
    told: (reader: string, from = 0) => to(reader, from).map((c) => texts(c).join('\n')),
    toldText: (reader: string, from = 0) => to(reader, from).map((c) => String(c.args.text)),
    mark: () => {
      collect();
      return taken.length;
    },
    cleared: () => {
      seenUpTo = 0;
    },
  };
}

/** Everything the calls show, one text a line. */
export const all = (calls: RecordedCall[]) => calls.flatMap(texts).join('\n');

/** A message's fields, label -> the lines under it (joined by ` | `). */
export function fieldLines(blocks: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of blocks as any[])
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  return out;
}

/** A modal submitted and saved: Slack was answered with nothing (no field errors, no new view). */
export function saved(res: { body: unknown }) {
  expect(res.body, JSON.stringify(res.body)).toBe('');
}

export type WalkChannel = 'triage' | 'alerts' | 'escalation' | 'digest';
const CHANNEL_ENV: Record<WalkChannel, [string, string]> = {
  triage: ['TRIAGE_CHANNEL_ID', TRIAGE],
  alerts: ['ALERTS_CHANNEL_ID', ALERTS],
  escalation: ['ESCALATION_CHANNEL_ID', ESCALATION],
  digest: ['DIGEST_CHANNEL_ID', DIGEST],
};

export interface WalkDeskOptions {
  /** When the walk starts (an ISO instant). */
  now: string;
  /** When the desk began serving the test workspace, before the walk (useTestApp `since`). */
  since?: string;
  /** The channels the environment sets (the walk's own ids where it names them). */
  channels?: Partial<Record<WalkChannel, string | true>>;
  /** ADMIN_USER_IDS. */
  admin?: string;
  /** More of the environment (OAuth mode, ...). */
  env?: Record<string, string>;
  /** The workspace the walk's people click and read in (OAuth mode); the test workspace if none. */
  teamId?: string;
  /** The worker delivers what a click wrote before the click returns. */
  deliverClicks?: boolean;
}

/**
 * The walk's desk: the test app (the production factory, signed requests, the fake Slack) with
 * the channels and admin the walk sets in its environment, and the steps and reads the walks share.
 */
export function useWalkDesk(options: WalkDeskOptions) {
  const env: Record<string, string> = {};
  if (options.admin) env.ADMIN_USER_IDS = options.admin;
  for (const [name, id] of Object.entries(options.channels ?? {})) {
    const [key, fallback] = CHANNEL_ENV[name as WalkChannel];
    env[key] = id === true ? fallback : id!;
  }
  const app = useTestApp({
    env: { ...env, ...options.env },
    now: options.now,
    ...(options.since ? { since: options.since } : {}),
  });
  return { app, ...walkSteps(app, options) };
}

/** The steps and reads of a walk's people on `app`. */
export function walkSteps(
  app: TestApp,
  options: Pick<WalkDeskOptions, 'channels' | 'teamId' | 'deliverClicks'> = {},
) {
  const triage = () => {
    const id = options.channels?.triage;
    return typeof id === 'string' ? id : TRIAGE;
  };
  const as = (userId: string) => ({
    userId,
    ...(options.teamId ? { teamId: options.teamId } : {}),
  });

  /** The view the app last opened, pushed or drew again. */
  const lastModal = () =>
    app.fake.calls
      .filter((c) => ['views.open', 'views.push', 'views.update'].includes(c.method))
      .at(-1)!.args.view as Record<string, any>;
  /** The last ephemeral answer's text. */
  const lastReply = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);

  /** A button on ticket `number`'s card in the triage channel, clicked by `userId`. */
  async function click(actionId: string, number: string, userId = AGENT) {
    const res = await app.slack.blockAction(
      { action_id: actionId, value: number, block_id: 'ticket_actions' },
      { ...as(userId), channelId: triage() },
    );
    if (options.deliverClicks) await app.desk.outbox.drain();
    return res;
  }

  /** The ticket as stored now. */
  const ticket = async (number: string) =>
    (await app.db.models.tickets.findOne({ number }).lean())!;

  /** The card as Slack last took it (the last post or update of it in the triage channel). */
  function card(number: string): string {
    const drawn = app.fake.calls.filter(
      (c) =>
        ['chat.postMessage', 'chat.update'].includes(c.method) &&
        c.outcome === 'ok' &&
        c.args.channel === triage() &&
        !c.args.thread_ts &&
        String(c.args.text).startsWith(number),
    );
    return texts(drawn.at(-1)!).join('\n');
  }

  /** `user`'s App Home as it is published when they open it. */
  async function home(user: string): Promise<string> {
    await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
    return all([app.fake.callsTo('views.publish').at(-1)!]);
  }

  /** `/customer new` by `userId`, its modal filled in with `form` and saved; the stored record. */
  async function newCustomer(userId: string, form: Record<string, string>) {
    await app.slack.command('/customer', 'new', as(userId));
    saved(await app.slack.submitView(lastModal(), form, as(userId)));
    return (await app.db.models.customers.findOne({ name: form.name }).lean())!;
  }

  /** A button of customer `code`'s card opening a modal, filled in with `form`, saved by `userId`. */
  async function onCustomerCard(
    code: string,
    actionId: string,
    form: Record<string, string>,
    userId: string,
  ) {
    await app.slack.blockAction(
      { action_id: actionId, value: code, block_id: 'customer_actions' },
      as(userId),
    );
    saved(await app.slack.submitView(lastModal(), form, as(userId)));
  }

  let evt = 0;
  /** A fresh message timestamp on the desk's clock. */
  const tsNow = () => `${Math.floor(app.clock.now().getTime() / 1000)}.000${++evt}00`;
  /**
   * A message in a channel shared with the customer (or a reply in a thread), by one of their
   * people unless `theirs` is false; delivered by the worker. Its timestamp.
   */
  async function say(channel: string, user: string, text: string, thread?: string, theirs = true) {
    const ts = tsNow();
    const eventId = `Ev0WALK${String(++evt).padStart(5, '0')}`;
    await app.slack.eventDelivery(
      {
        type: 'message',
        channel_type: 'channel',
        channel,
        user,
        ...(theirs ? { user_team: THEIR_TEAM, team: THEIR_TEAM } : {}),
        text,
        ts,
        ...(thread ? { thread_ts: thread } : {}),
      },
      theirs ? { eventId, teamId: THEIR_TEAM, shared: true } : { eventId, shared: true },
    );
    await app.desk.outbox.drain();
    return ts;
  }

  /** An order recorded on customer `code`'s card by `userId`: the confirmation. */
  async function recordOrder(userId: string, code: string, date: string, amount: string) {
    await onCustomerCard(code, 'customer_order_open', { date, amount }, userId);
    return lastReply();
  }

  /**
   * Done on a task's reminder, then its modal filled in by `userId` with `form` (or what `form`
   * makes of the modal): the confirmation.
   */
  async function done(
    taskId: string,
    userId: string,
    form: Record<string, string> | ((modal: Record<string, any>) => Record<string, string>),
  ) {
    await app.slack.blockAction({ action_id: 'task_done_open', value: taskId }, as(userId));
    const filled = typeof form === 'function' ? form(lastModal()) : form;
    saved(await app.slack.submitView(lastModal(), filled, as(userId)));
    return lastReply();
  }

  return {
    lastModal,
    lastReply,
    click,
    ticket,
    card,
    home,
    newCustomer,
    onCustomerCard,
    recordOrder,
    done,
    tsNow,
    say,
  };
}
