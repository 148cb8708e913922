// Clicks of the desk's people on its cards, sent as Slack sends them, and what came of them: the
// ephemeral answer, the record as it is after, the modal as drawn.
import { expect, onTestFinished, vi } from 'vitest';
import type { TestApp } from './app.js';
import { AGENT, makeTicket, OWNER } from './factories.js';
import { FAKE_GUEST_USER_ID, FAKE_TEAM_ID } from './fake-slack.js';
import { FULL_CUSTOMER_FORM } from './records.js';
import type { Actor, SlackResponse } from './slack-requests.js';
import { visibleText } from './ui.js';

/** Where `submitLastModal` takes the view from: the last call to one of these methods. */
export type ModalSource = 'views.open' | 'views.push';

export interface SubmitModalOptions {
  /**
   * What Slack must be answered: `'closed'` (the default), an empty body (the modal closed,
   * saved: no field errors, no new view); `'any'` when the test reads the answer itself (errors).
   */
  expect?: 'closed' | 'any';
  /** The view is the last one drawn by this method only (by default the last opened or pushed). */
  from?: ModalSource;
}

/** The view the app last opened or pushed (or last drew with `from` only). */
export function lastModalView(app: TestApp, from?: ModalSource): Record<string, any> {
  const methods: string[] = from ? [from] : ['views.open', 'views.push'];
  return app.fake.calls.filter((c) => methods.includes(c.method)).at(-1)!.args.view as Record<
    string,
    any
  >;
}

/**
 * The modal the app last opened or pushed, filled in with `form` (block id -> what was typed or
 * picked; the rest keep what the app filled in) and submitted by `user` (an id, or an actor with
 * a team), signed through the app. The answer must be empty (saved, the modal closed) unless
 * `expect: 'any'`; Slack's answer either way.
 */
export async function submitLastModal(
  app: TestApp,
  form: Record<string, string | null>,
  user: string | Actor,
  options: SubmitModalOptions = {},
): Promise<SlackResponse> {
  const actor = typeof user === 'string' ? { userId: user } : user;
  const res = await app.slack.submitView(lastModalView(app, options.from), form, actor);
  if ((options.expect ?? 'closed') === 'closed')
    expect(res.body, JSON.stringify(res.body)).toBe('');
  return res;
}

/**
 * Claim on a ticket's card in `channelId`, as `userId`: what they were told (the ephemeral
 * reply), if anything, and who holds the ticket after.
 */
/**
 * A pick in the /desk roles modal open as V0ROLES001 (hash h1) that redraws it: `admin` changed
 * its `block` select (action desk_roles_<block>), the modal then holding `values`.
 */
export function pickInRoles(
  app: TestApp,
  admin: string,
  block: 'experts' | 'managers',
  privateMetadata: unknown,
  values: Record<string, unknown>,
): Promise<SlackResponse> {
  return app.slack.blockAction(
    { action_id: `desk_roles_${block}`, block_id: block, type: 'multi_users_select' },
    {
      userId: admin,
      view: {
        id: 'V0ROLES001',
        callback_id: 'desk_roles',
        hash: 'h1',
        private_metadata: privateMetadata,
        state: { values },
      },
    },
  );
}

export async function claimOnCard(app: TestApp, number: string, userId: string, channelId: string) {
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId, channelId },
  );
  const reply = app.fake.callsTo('response_url')[told];
  const ticket = await app.db.models.tickets.findOne({ number }).lean();
  return { text: reply?.args.text as string | undefined, assigneeId: ticket!.assigneeId };
}

/**
 * A Claim by `userId` on `number`'s card in `channelId` whose notices are not written (the outbox
 * write fails once): the claim stands, owing them.
 */
export async function claimCutShort(
  app: TestApp,
  number: string,
  userId: string,
  channelId: string,
): Promise<void> {
  const cut = vi
    .spyOn(app.desk.services.outbox, 'batch')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId, channelId },
    );
  } finally {
    cut.mockRestore();
  }
  const ticket = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean();
  expect(ticket!.noticesOwedAt).toBeDefined();
}

/**
 * A second ticket of customer `code` (title Again, its requester on the phone), claimed by AGENT
 * on its card in `channelId`, its notices delivered: the duplicate a Merge is made from.
 */
export async function claimedDuplicate(
  app: TestApp,
  code: string,
  channelId: string,
): Promise<string> {
  const { number } = await makeTicket(app, {
    customerCode: code,
    title: 'Again',
    requester: { contactName: 'Li Lei', via: 'phone' },
  });
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId },
  );
  await app.desk.outbox.drain();
  return number;
}

/**
 * Edit on customer `code`'s card, as `userId`: the call that drew the modal last (it opens
 * loading, then is filled in), with its outcome.
 */
export async function openCustomerEdit(app: TestApp, code: string, userId: string) {
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId },
  );
  return app.fake.calls
    .filter((c) => c.method === 'views.open' || c.method === 'views.update')
    .at(-1)!;
}

/**
 * Contacts on customer `code`'s card, as `userId`: the list as drawn last (it opens loading, then
 * is filled in).
 */
export async function openContactsList(app: TestApp, code: string, userId: string) {
  await app.slack.blockAction(
    { action_id: 'customer_contacts_open', value: code, block_id: 'customer_actions' },
    { userId },
  );
  return app.fake.calls
    .filter((c) => c.method === 'views.open' || c.method === 'views.update')
    .at(-1)!.args.view as Record<string, any>;
}

/**
 * Edit in the first contact's menu of the Contacts list `opened` (shown as view `id`), as
 * `userId`: the contact's form pushed over the list.
 */
export async function editFirstContact(
  app: TestApp,
  opened: Record<string, any>,
  id: string,
  userId: string,
) {
  const list: Record<string, any> = { ...opened, id, state: { values: {} } };
  const row = (list.blocks as any[]).find((b) => b.block_id?.startsWith('contact_'));
  await app.slack.blockAction(
    {
      action_id: 'customer_contact_menu',
      block_id: row.block_id,
      type: 'overflow',
      selected_option: row.accessory.options.find((o: any) => o.value.startsWith('edit:')),
    },
    { userId, view: list },
  );
  return app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
}

/**
 * The latest version of a ticket's card as Slack shows it: the last chat.update, else the last
 * card posted at the top level of `triage`.
 */
export function latestCard(app: TestApp, triage: string): { text: string; blocks: any[] } {
  const update =
    app.fake.callsTo('chat.update').at(-1) ??
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === triage && !c.args.thread_ts)
      .at(-1);
  return update!.args as { text: string; blocks: any[] };
}

/** A manager's tier override (`tier`) saved on the customer's Edit customer modal. */
export async function overrideTier(
  app: TestApp,
  code: string,
  tier: string,
  manager: string,
): Promise<void> {
  const modal = await openCustomerEdit(app, code, manager);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { tier_override: tier, tier_override_reason: 'Critical incident' },
    { userId: manager },
  );
  expect(res.body).toBe('');
}

/**
 * The first tier change's copy to the customer's open tickets held (a slow instance) until
 * `release`: the change saved, its copy not written yet (`arrived` resolves once it is held).
 * Undone when the test ends.
 */
export function holdFirstTierCopy(app: TestApp): {
  release: () => void;
  arrived: Promise<void>;
} {
  const copies = (app.desk.services.customers as any).repos.ownerCopies[0];
  const real = copies.retierCustomer;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let arrive!: () => void;
  const arrived = new Promise<void>((r) => (arrive = r));
  let held = false;
  copies.retierCustomer = async (...args: unknown[]) => {
    if (!held) {
      held = true;
      arrive();
      await gate;
    }
    return real(...args);
  };
  onTestFinished(() => {
    copies.retierCustomer = real;
  });
  return { release, arrived };
}

/**
 * Waiting on customer on ticket `number`'s card in `channelId`, as `userId`: its modal filled in
 * with `question` and saved (the save must succeed).
 */
export async function askAndWait(
  app: TestApp,
  number: string,
  question: string,
  userId: string,
  channelId: string,
) {
  await app.slack.blockAction(
    { action_id: 'ticket_wait_open', value: number, block_id: 'ticket_actions' },
    { userId, channelId },
  );
  await submitLastModal(app, { question }, userId, { from: 'views.open' });
}

/** `user` opens the desk's App Home: the view then published, as JSON text. */
export async function openHome(app: TestApp, user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
}

/** `user` opens the desk's App Home: the text the view then published shows (visibleText). */
export async function homeText(app: TestApp, user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  return visibleText(app.fake.callsTo('views.publish').at(-1)!.args.view as any);
}

/** A slash command's ephemeral answer as read: its text, then each block's text, a line each. */
export const ephemeralOf = (res: { body: any }) =>
  [res.body.text, ...(res.body.blocks ?? []).map((b: any) => b.text?.text ?? '')].join('\n');

/**
 * `/ticket new Line 3 is down` by AGENT, its modal submitted (nothing refused) as an urgent
 * after-sales ticket of customer `code` ('E42'), `form` over that: the new ticket's number. A
 * complaint's type is picked on the modal first, as a person does, so that its urgency input
 * (`complaint_urgency`) is there to fill. A field the modal does not have fails the test: Slack
 * would not send it, and the ticket would be saved without it.
 */
/**
 * New customer filled in by OWNER on the New customer modal with the workspace's guest as its
 * owner (Slack's users.info says they are a guest: the file is marked), and `extra` fields; its
 * code (the workspace's only customer).
 */
export async function guestOwnedCustomer(
  app: TestApp,
  extra: Record<string, string> = {},
): Promise<string> {
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(
    view,
    { ...FULL_CUSTOMER_FORM, owner: FAKE_GUEST_USER_ID, ...extra },
    { userId: OWNER },
  );
  expect(res.body, JSON.stringify(res.body)).toBe('');
  return (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean())!.code;
}

export async function newTicketByModal(
  app: TestApp,
  code: string,
  form: Record<string, string | null>,
): Promise<string> {
  await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
  let view = lastModalView(app, 'views.open');
  if (form.type && form.type !== 'after_sales') {
    const picked = { type: 'static_select', selected_option: { value: form.type } };
    await app.slack.blockAction(
      { action_id: 'ticket_type_changed', block_id: 'type', ...picked },
      {
        userId: AGENT,
        view: {
          ...view,
          id: 'V0NEWTICKET',
          hash: 'h1',
          state: { values: { type: { ticket_type_changed: picked } } },
        },
      },
    );
    const update = app.fake.callsTo('views.update').at(-1);
    if (update?.args.view_id === 'V0NEWTICKET') view = update.args.view as Record<string, any>;
  }
  const blocks = new Set((view.blocks as { block_id?: string }[]).map((b) => b.block_id));
  expect(Object.keys(form).filter((k) => !blocks.has(k))).toEqual([]);
  const res = await app.slack.submitView(
    view,
    { customer: code, severity: 'urgent', type: 'after_sales', description: 'E42', ...form },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  return (await app.db.models.tickets.findOne().sort({ createdAt: -1, _id: -1 }).lean())!.number;
}

/**
 * /ticket new for customer `code` by the modal (urgent), `meanwhile` done once as its insert
 * starts (after the intake read the customer and the roles): the new ticket's number.
 */
export async function newTicketByModalWhile(
  app: TestApp,
  code: string,
  meanwhile: () => Promise<void>,
): Promise<string> {
  const tickets = app.db.models.tickets as any;
  const realCreate = tickets.create;
  let ran = false;
  tickets.create = async function (this: unknown, ...args: unknown[]) {
    if (!ran) {
      ran = true;
      await meanwhile();
    }
    return realCreate.apply(tickets, args);
  };
  let number: string;
  try {
    number = await newTicketByModal(app, code, { severity: 'urgent' });
  } finally {
    tickets.create = realCreate;
  }
  expect(ran).toBe(true);
  return number;
}

/**
 * A guest-owned customer's critical complaint, made by the modal and its outbox drained: the
 * ticket's number and a reader of its contact task (as stored).
 */
export async function guestCriticalComplaint(
  app: TestApp,
): Promise<{ number: string; contact: () => Promise<any> }> {
  const code = await guestOwnedCustomer(app);
  const number = await newTicketByModal(app, code, {
    severity: 'urgent',
    type: 'complaint',
    complaint_urgency: 'critical',
    description: 'rude',
  });
  await app.desk.outbox.drain();
  const contact = async () =>
    (await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
      .lean())!;
  return { number, contact };
}

/** The buttons of the last survey `userId` was sent by DM (`requester_survey_1` … `_5`). */
export function lastSurveyButtons(
  app: TestApp,
  userId: string,
): { action_id: string; value: string }[] {
  const post = app.fake
    .postsTo(userId)
    .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_survey_'))
    .at(-1)!;
  const blocks = (
    typeof post.args.blocks === 'string' ? JSON.parse(post.args.blocks) : post.args.blocks
  ) as { type: string; elements?: { action_id: string; value: string }[] }[];
  return blocks.find((b) => b.type === 'actions')!.elements!;
}

/** `userId` clicks `score` on the last survey they were sent, in their DM (its modal opens). */
export function answerLastSurvey(
  app: TestApp,
  userId: string,
  score: number,
  buttons = lastSurveyButtons(app, userId),
) {
  const button = buttons.find((b) => b.action_id === `requester_survey_${score}`)!;
  return app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: 'survey' },
    { userId, channelId: 'D0REQUEST1' },
  );
}
