import { createHmac, randomBytes } from 'node:crypto';
import { validateMessage, validateOptionsResponse, validateViewResponse } from './block-kit.js';
import { FAKE_TEAM_ID, type FakeSlack } from './fake-slack.js';

/**
 * Sends requests to the app's HTTP port exactly as Slack does: the same content types, the
 * payload shapes of Slack's docs and bolt's own tests, and the v0 HMAC signature.
 */
export const DEFAULT_USER = 'U0USER0001';
export const DEFAULT_CHANNEL = 'C0CHAN0001';

export interface SlackResponse {
  status: number;
  /** The parsed JSON body, or the raw text when it is not JSON (empty string when empty). */
  body: any;
}

export interface SignOptions {
  /** Unix seconds; defaults to the real current time, which Bolt checks against. */
  timestamp?: number;
  /** Overrides the computed signature (to forge one). */
  signature?: string;
  /** Extra headers, e.g. X-Slack-Retry-Num. */
  headers?: Record<string, string>;
}

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface Actor {
  teamId?: string;
  userId?: string;
}

function id(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex').toUpperCase()}`;
}

/**
 * The Events API body Slack sends for `event` to the install of `teamId` (a plain workspace
 * install: its bot in `authorizations`), with the event's id and when it was sent (Unix seconds).
 * `contextTeamId` adds the `context_team_id` newer deliveries carry.
 */
export function eventCallbackBody(
  event: Record<string, unknown>,
  eventId: string,
  eventTime: number,
  { teamId = FAKE_TEAM_ID, contextTeamId = false } = {},
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    ...(contextTeamId ? { context_team_id: teamId } : {}),
    api_app_id: 'A0APP00001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: 'U0BOT00001',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/**
 * A message event as Slack sends it for a post in `channel` by `user` (a reply in `thread` when
 * given; `team`: the workspace of a person from another one, in a shared channel).
 */
export function messageEvent(
  channel: string,
  user: string,
  text: string,
  ts: string,
  { thread, team }: { thread?: string; team?: string } = {},
): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: 'channel',
    channel,
    user,
    text,
    ts,
    ...(thread ? { thread_ts: thread } : {}),
    ...(team ? { user_team: team, team } : {}),
  };
}

/**
 * A slash command's fields as Slack sends them: the form body over HTTP, the envelope's payload
 * in Socket Mode.
 */
export function slashCommandPayload(
  command: string,
  text: string,
  actor: Actor & { channelId?: string },
  responseUrl: string,
): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: actor.teamId ?? FAKE_TEAM_ID,
    team_domain: 'fake-team',
    channel_id: actor.channelId ?? DEFAULT_CHANNEL,
    channel_name: 'support',
    user_id: actor.userId ?? DEFAULT_USER,
    user_name: (actor.userId ?? DEFAULT_USER).toLowerCase(),
    command,
    text,
    api_app_id: 'A0APP00001',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: id('1337.'),
  };
}

/** A modal as a view_submission names it: the app's view, with what Slack adds. */
export interface SubmittedView {
  callback_id: string;
  private_metadata?: string;
  blocks?: unknown[];
  id?: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  /** Set for a view pushed over another, as Slack sends it (null for a modal's first view). */
  previous_view_id?: string | null;
}

/**
 * The view_submission payload Slack sends (over HTTP or a Socket Mode connection) when `user`
 * submits `view`; `values` is the view state: block_id -> action_id -> element value.
 */
export function viewSubmissionPayload(
  view: SubmittedView,
  values: Record<string, Record<string, unknown>>,
  user: { id: string; username: string; name: string; team_id: string },
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: user.team_id, domain: 'fake-team' },
    user,
    api_app_id: 'A0APP00001',
    token: 'legacy-verification-token',
    trigger_id: id('1337.'),
    view: {
      id: view.id ?? id('V'),
      team_id: user.team_id,
      type: 'modal',
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id,
      state: { values },
      hash: id('h'),
      previous_view_id: view.previous_view_id ?? null,
      title: view.title ?? { type: 'plain_text', text: 'Modal' },
      close: view.close ?? null,
      submit: view.submit ?? { type: 'plain_text', text: 'Submit' },
      app_id: 'A0APP00001',
      bot_id: 'B0BOT00001',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/**
 * A view's state as Slack keeps it while a person fills it in: `form` maps block ids (and
 * `<block_id>/<action_id>` for selects in actions blocks) to what they typed or picked; the
 * rest keep the value the app filled in.
 */
export function viewStateOf(
  view: Record<string, unknown>,
  form: Record<string, string | null>,
): Record<string, Record<string, unknown>> {
  const blocks = (view.blocks as Record<string, any>[]) ?? [];
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of blocks) {
    // Selects in an actions block (a need row's marks) keep their state too: given as
    // `<block_id>/<action_id>`, else their initial option.
    if (block.type === 'actions') {
      for (const el of (block.elements ?? []) as Record<string, any>[]) {
        if (el.type !== 'static_select') continue;
        const key = `${block.block_id}/${el.action_id}`;
        const value = key in form ? form[key] : (el.initial_option?.value ?? null);
        (values[block.block_id] ??= {})[el.action_id] = {
          type: el.type,
          selected_option: value === null || value === undefined ? null : { value },
        };
      }
      continue;
    }
    if (block.type !== 'input') continue;
    const el = block.element as Record<string, any>;
    const given = block.block_id in form ? form[block.block_id] : undefined;
    const initial =
      el.initial_value ??
      el.initial_option?.value ??
      el.initial_date ??
      el.initial_user ??
      el.initial_time ??
      el.initial_conversation ??
      el.initial_options?.map((o: { value: string }) => o.value).join(',') ??
      null;
    const value = given === undefined ? initial : given;
    const state: Record<string, unknown> = { type: el.type };
    if (el.type === 'plain_text_input' || el.type === 'number_input') state.value = value;
    else if (el.type === 'static_select' || el.type === 'external_select') {
      state.selected_option =
        value === null ? null : { text: { type: 'plain_text', text: value }, value };
    } else if (el.type === 'datepicker') state.selected_date = value;
    else if (el.type === 'timepicker') state.selected_time = value;
    else if (el.type === 'users_select') state.selected_user = value;
    else if (el.type === 'conversations_select') state.selected_conversation = value;
    else if (el.type === 'radio_buttons') state.selected_option = value === null ? null : { value };
    else if (el.type === 'multi_users_select') {
      const users = given === undefined ? (el.initial_users ?? []) : given;
      state.selected_users = typeof users === 'string' ? users.split(',').filter(Boolean) : users;
    } else if (el.type === 'checkboxes' || el.type === 'multi_static_select') {
      const chosen =
        given === undefined
          ? ((el.initial_options ?? []) as { value: string }[]).map((o) => o.value)
          : (given ?? '').split(',').filter(Boolean);
      state.selected_options = chosen.map((v: string) => ({ value: v }));
    }
    values[block.block_id] = { [el.action_id]: state };
  }
  return values;
}

export class SlackRequests {
  constructor(
    private readonly appUrl: string,
    private readonly secret: string,
    private readonly fake: FakeSlack,
  ) {}

  /** POSTs a raw body to /slack/events, signed unless told otherwise. */
  async post(
    rawBody: string,
    contentType: string,
    options: SignOptions = {},
  ): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.appUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': options.signature ?? slackSignature(this.secret, timestamp, rawBody),
        ...options.headers,
      },
      body: rawBody,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : '';
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  }

  private form(fields: Record<string, string>, options?: SignOptions): Promise<SlackResponse> {
    return this.post(
      new URLSearchParams(fields).toString(),
      'application/x-www-form-urlencoded',
      options,
    );
  }

  private interactive(
    payload: Record<string, unknown>,
    options?: SignOptions,
  ): Promise<SlackResponse> {
    return this.form({ payload: JSON.stringify(payload) }, options);
  }

  private user(actor: Actor) {
    const userId = actor.userId ?? DEFAULT_USER;
    const teamId = actor.teamId ?? FAKE_TEAM_ID;
    return {
      id: userId,
      username: userId.toLowerCase(),
      name: userId.toLowerCase(),
      team_id: teamId,
    };
  }

  /** A slash command. The ack body (the ephemeral reply) is checked against Block Kit limits. */
  async command(
    command: string,
    text = '',
    actor: Actor & {
      channelId?: string;
      /** The command's response_url (default: one of the fake's). */
      responseUrl?: string;
    } = {},
    options?: SignOptions,
  ): Promise<SlackResponse> {
    const responseUrl = actor.responseUrl ?? this.fake.responseUrl();
    const res = await this.form(slashCommandPayload(command, text, actor, responseUrl), options);
    if (res.body && typeof res.body === 'object') {
      this.fake.violations.push(...validateMessage(res.body).map((p) => `ack of ${command}: ${p}`));
      return res;
    }
    // Acked empty: what the person sees is what the app sent to the command's response_url
    // (tests answer only after the listener finished, so it has arrived by now; not so for an
    // `ackAtOnce` app, whose tests read the ack with `post`).
    const target = responseUrl.split('/').at(-1);
    const answer = this.fake.callsTo('response_url').find((c) => c.target === target);
    return answer ? { status: res.status, body: answer.args } : res;
  }

  /** A click on a button (or another block element) in a message. */
  blockAction(
    action: {
      action_id: string;
      block_id?: string;
      value?: string;
      type?: string;
      selected_option?: unknown;
    },
    actor: Actor & {
      channelId?: string;
      messageTs?: string;
      /** The message clicked is a reply in this thread. */
      threadTs?: string;
      view?: Record<string, unknown>;
      /** The click came from a message only the clicker sees (a list, a card shown privately). */
      ephemeral?: boolean;
      /** A payload without a response_url (Bolt then gives the listener no `respond`). */
      noResponseUrl?: boolean;
      /** The click's response_url (default: one of the fake's). */
      responseUrl?: string;
    } = {},
  ): Promise<SlackResponse> {
    const user = this.user(actor);
    const container = actor.view
      ? { type: 'view', view_id: actor.view.id }
      : {
          type: 'message',
          message_ts: actor.messageTs ?? '1700000000.000100',
          channel_id: actor.channelId ?? DEFAULT_CHANNEL,
          is_ephemeral: actor.ephemeral ?? false,
          ...(actor.threadTs ? { thread_ts: actor.threadTs } : {}),
        };
    return this.interactive({
      type: 'block_actions',
      user,
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      container,
      trigger_id: id('1337.'),
      team: { id: user.team_id, domain: 'fake-team' },
      enterprise: null,
      is_enterprise_install: false,
      ...(actor.view
        ? { view: actor.view }
        : {
            channel: { id: actor.channelId ?? DEFAULT_CHANNEL, name: 'support' },
            message: {
              type: 'message',
              ts: actor.messageTs ?? '1700000000.000100',
              text: '',
              ...(actor.threadTs ? { thread_ts: actor.threadTs } : {}),
            },
            ...(actor.noResponseUrl
              ? {}
              : { response_url: actor.responseUrl ?? this.fake.responseUrl() }),
          }),
      state: { values: {} },
      actions: [
        {
          type: action.type ?? 'button',
          block_id: action.block_id ?? 'b1',
          action_id: action.action_id,
          value: action.value,
          selected_option: action.selected_option,
          action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
        },
      ],
    });
  }

  /**
   * A click by a person of another organisation on a message of the host's shared channel (Slack
   * Connect), as Slack routes it to the host's install: the host's `team`, the person's own
   * `user.team_id` (for a person of a Grid org at the org's level, their org's id, also the
   * payload's `enterprise`). Its trigger id is `1337.<userId>`.
   */
  externalBlockAction(
    action: { action_id: string; value: string; block_id?: string },
    who: {
      userId: string;
      teamId: string;
      channelId: string;
      /** The Grid org the person's `teamId` is (the payload's `enterprise`). */
      org?: boolean;
      messageTs?: string;
    },
  ): Promise<SlackResponse> {
    const messageTs = who.messageTs ?? '1700000000.000100';
    return this.interactive({
      type: 'block_actions',
      user: { id: who.userId, username: 'guest', name: 'guest', team_id: who.teamId },
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: who.channelId,
        is_ephemeral: false,
      },
      trigger_id: `1337.${who.userId}`,
      team: { id: FAKE_TEAM_ID, domain: 'fake-team' },
      enterprise: who.org ? { id: who.teamId, name: 'Guest Org' } : null,
      is_enterprise_install: false,
      channel: { id: who.channelId, name: 'support' },
      message: { type: 'message', ts: messageTs, text: '' },
      response_url: this.fake.responseUrl(),
      state: { values: {} },
      actions: [
        {
          type: 'button',
          block_id: 'b1',
          action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
          ...action,
        },
      ],
    });
  }

  /**
   * A modal sent by a person of another organisation, as Slack routes it to the host's install:
   * the person's own team (the view's too), the host's as the view's `app_installed_team_id`.
   * `form` as for `submitView`; its trigger id is `1337.<userId>`.
   */
  externalViewSubmission(
    view: Record<string, unknown>,
    form: Record<string, string | null>,
    who: { userId: string; teamId: string },
  ): Promise<SlackResponse> {
    return this.interactive({
      type: 'view_submission',
      team: { id: who.teamId, domain: 'guest-org' },
      user: { id: who.userId, username: 'guest', name: 'guest', team_id: who.teamId },
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      trigger_id: `1337.${who.userId}`,
      view: {
        type: 'modal',
        blocks: [],
        private_metadata: '',
        title: { type: 'plain_text', text: 'Modal' },
        close: null,
        submit: { type: 'plain_text', text: 'Submit' },
        ...view,
        id: (view.id as string | undefined) ?? id('V'),
        team_id: who.teamId,
        app_installed_team_id: FAKE_TEAM_ID,
        state: { values: this.viewState(view, form) },
        hash: id('h'),
        previous_view_id: null,
        app_id: 'A0APP00001',
        bot_id: 'B0BOT00001',
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  /** Submits a modal. `values` is the view state: block_id -> action_id -> element value. */
  async viewSubmission(
    view: SubmittedView,
    values: Record<string, Record<string, unknown>>,
    actor: Actor = {},
  ): Promise<SlackResponse> {
    const res = await this.interactive(viewSubmissionPayload(view, values, this.user(actor)));
    if (res.body && typeof res.body === 'object') {
      this.fake.violations.push(
        ...validateViewResponse(res.body).map((p) => `ack of ${view.callback_id}: ${p}`),
      );
    }
    return res;
  }

  /**
   * Submits a modal the app opened, as a person filling it in would: `form` maps block ids to
   * what they typed or picked; inputs not in `form` keep the value the app filled in.
   */
  submitView(
    view: Record<string, unknown>,
    form: Record<string, string | null>,
    actor: Actor = {},
  ): Promise<SlackResponse> {
    const blocks = (view.blocks as Record<string, any>[]) ?? [];
    const values = this.viewState(view, form);
    return this.viewSubmission(
      {
        callback_id: view.callback_id as string,
        private_metadata: (view.private_metadata as string) ?? '',
        blocks,
        id: (view.id as string) ?? undefined,
        title: view.title,
        submit: view.submit,
        close: view.close,
        ...(typeof view.previous_view_id === 'string'
          ? { previous_view_id: view.previous_view_id }
          : {}),
      },
      values,
      actor,
    );
  }

  /** A view's state as Slack keeps it while a person fills it in: see `viewStateOf`. */
  viewState(
    view: Record<string, unknown>,
    form: Record<string, string | null>,
  ): Record<string, Record<string, unknown>> {
    return viewStateOf(view, form);
  }

  /** An options load for an external_select; the answer is checked against Block Kit limits. */
  async blockSuggestion(
    input: { action_id: string; block_id?: string; value: string },
    actor: Actor = {},
  ): Promise<SlackResponse> {
    const user = this.user(actor);
    const res = await this.interactive({
      type: 'block_suggestion',
      user,
      container: { type: 'view', view_id: id('V') },
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      action_id: input.action_id,
      block_id: input.block_id ?? 'b1',
      value: input.value,
      team: { id: user.team_id, domain: 'fake-team' },
      enterprise: null,
      is_enterprise_install: false,
      view: { id: id('V'), type: 'modal', callback_id: 'x', state: { values: {} } },
    });
    if (res.body && typeof res.body === 'object') {
      this.fake.violations.push(...validateOptionsResponse(res.body).map((p) => `options: ${p}`));
    }
    return res;
  }

  /** A message shortcut ("Create ticket" on a message). */
  messageShortcut(
    callbackId: string,
    message: {
      text: string;
      ts?: string;
      user?: string;
      /** A thread reply's thread; the author's workspace (another one in Slack Connect). */
      thread_ts?: string;
      user_team?: string;
      team?: string;
    },
    actor: Actor & { channelId?: string } = {},
  ): Promise<SlackResponse> {
    const user = this.user(actor);
    const { text, ts, user: author, ...more } = message;
    return this.interactive({
      type: 'message_action',
      token: 'legacy-verification-token',
      action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
      team: { id: user.team_id, domain: 'fake-team' },
      user,
      channel: { id: actor.channelId ?? DEFAULT_CHANNEL, name: 'support' },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: id('1337.'),
      response_url: this.fake.responseUrl(),
      message_ts: ts ?? '1700000000.000500',
      message: {
        type: 'message',
        user: author ?? 'U0CUST0001',
        ts: ts ?? '1700000000.000500',
        text,
        ...more,
      },
    });
  }

  /**
   * An Events API delivery as Slack sends it: the envelope with its `event_id` (the same on
   * every retry), the workspace it is for (`authorizations`, the installation) and the one it
   * says it came from (`team_id`, another organisation's in a Slack Connect channel), and a
   * retry's X-Slack-Retry-Num / X-Slack-Retry-Reason headers.
   */
  eventDelivery(
    event: Record<string, unknown>,
    delivery: {
      eventId: string;
      teamId?: string;
      installedTeamId?: string;
      shared?: boolean;
      retryNum?: number;
      /** When Slack sent it (Unix seconds; a late delivery): else now. */
      eventTime?: number;
      /** Sent to an org-wide install (Enterprise Grid): the org and its bot. */
      org?: { enterpriseId: string; botUserId: string };
      /** The workspace's Enterprise Grid org, the app installed on the workspace itself. */
      enterpriseId?: string;
    },
  ): Promise<SlackResponse> {
    const installed = delivery.installedTeamId ?? FAKE_TEAM_ID;
    const org = delivery.org;
    const body = {
      token: 'legacy-verification-token',
      team_id: delivery.teamId ?? installed,
      ...(org
        ? { enterprise_id: org.enterpriseId }
        : {
            context_team_id: installed,
            ...(delivery.enterpriseId ? { enterprise_id: delivery.enterpriseId } : {}),
          }),
      api_app_id: 'A0APP00001',
      event: { event_ts: (event.ts as string | undefined) ?? '1700000000.000400', ...event },
      type: 'event_callback',
      event_id: delivery.eventId,
      event_time: delivery.eventTime ?? Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: org?.enterpriseId ?? delivery.enterpriseId ?? null,
          team_id: installed,
          user_id: org?.botUserId ?? 'U0BOT00001',
          is_bot: true,
          is_enterprise_install: Boolean(org),
        },
      ],
      is_ext_shared_channel: delivery.shared ?? false,
    };
    return this.post(JSON.stringify(body), 'application/json', {
      ...(delivery.retryNum
        ? {
            headers: {
              'x-slack-retry-num': String(delivery.retryNum),
              'x-slack-retry-reason': 'http_timeout',
            },
          }
        : {}),
    });
  }

  /** An Events API envelope (JSON body). */
  event(
    event: Record<string, unknown>,
    actor: Actor = {},
    options?: SignOptions,
  ): Promise<SlackResponse> {
    const now = Math.floor(Date.now() / 1000);
    const body = eventCallbackBody({ event_ts: `${now}.000400`, ...event }, id('Ev'), now, {
      teamId: actor.teamId ?? FAKE_TEAM_ID,
    });
    return this.post(JSON.stringify(body), 'application/json', options);
  }
}
