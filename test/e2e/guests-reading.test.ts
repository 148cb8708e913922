// A guest of the workspace (Slack's is_restricted / is_ultra_restricted: typically a customer
// invited into a few channels) who holds no role reads only what the requester's view gives them
// (their own tickets, what waits on them), open desk or closed: every staff read (`/ticket list`,
// `/customer find`, a customer's card, another's ticket, the picker's options, `/task mine`, the
// reports) is refused with why, where they asked. A person Slack does not describe in time is
// refused too (fail-closed), and reads at the next try; members read as before, Slack asked at most
// once per person (remembered) and never for a person with a role.
// Through the real Bolt HTTP path: signed requests, the fake Slack (users.info says who is a
// guest), the test database.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID, FAKE_SINGLE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';

const GUEST = FAKE_GUEST_USER_ID;
/** Full members of the workspace the roles name nowhere (users.info: no guest). */
const MEMBER = 'U0MEMBER11';
const LATE = 'U0MEMBER12';
const READER = 'U0MEMBER13';

const guests = useGuestsApp();
const { app, usersInfoFor } = guests;

// An answer armed for users.info and never reached hides a regression (a call fewer passes).
afterEach(() => {
  expect(app.fake.armedLeft('users.info'), 'users.info answers armed and never reached').toBe(0);
});

const REFUSAL =
  "You're a guest in this workspace, and guests read only their own tickets: the desk's lists, its customers and other people's tickets are for the workspace's members. Your own tickets are in `/ticket requests`.";
const REFUSAL_ZH =
  '你是本工作区的访客，访客只能查看自己的工单：服务台的列表、客户和他人的工单只限工作区成员查看。你自己的工单请用 `/ticket requests` 查看。';
const TRY_AGAIN =
  "Slack didn't say in time whether you're a member or a guest of this workspace, so the desk shows you only your own tickets for now (`/ticket requests`). Try again in a moment.";

/** A ticket of the customer `code` (one per test: its name is taken), as intake makes it. */
const ticketOf = (code: string, input: Parameters<typeof makeTicket>[1] = {}) =>
  makeTicket(app, { customerCode: code, ...input });

/** The desk open (the default) or closed, for the tests that run both ways. */
const DESKS = [
  ['an open desk', true],
  ['a closed desk', false],
] as const;

async function setDesk(openDesk: boolean) {
  await app.setSettings(() => ({ openDesk, agents: [AGENT], accountManagers: [OWNER] }));
}

/** `message` as it reads inside a JSON answer. */
const inJson = (message: string) => JSON.stringify(message).slice(1, -1);

/** The text of a command's ephemeral answer. */
async function commandText(command: string, text: string, userId: string): Promise<string> {
  const res = await app.slack.command(command, text, { userId });
  expect(res.body).toMatchObject({ response_type: 'ephemeral' });
  return JSON.stringify(res.body);
}

/** A button on a message, as `userId`: what they were told privately (the response_url). */
async function click(action_id: string, value: string, userId: string): Promise<string> {
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id, value, block_id: 'b1' },
    { userId, channelId: TRIAGE, ephemeral: true },
  );
  return JSON.stringify(app.fake.callsTo('response_url')[told]?.args ?? null);
}

/** The Home `user` gets when they open the tab. */
async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

describe.each(DESKS)('a guest who holds no role, on %s', (_, openDesk) => {
  beforeEach(() => setDesk(openDesk));

  test('/ticket list (every kind) and /ticket mine are refused with why; /ticket requests lists their own', async () => {
    const { code } = await makeCustomer(app);
    const theirs = await ticketOf(code, {
      requester: { userId: GUEST },
      title: 'Our line is down',
    });
    const other = await ticketOf(code, { title: 'Another customer is down' });
    for (const text of ['list', 'list overdue', 'list unassigned', 'mine']) {
      const told = await commandText('/ticket', text, GUEST);
      expect(told).toContain(inJson(REFUSAL));
      expect(told).not.toContain(other.number);
    }
    // Next on a list a member was shown, clicked by the guest: refused, nothing listed.
    const paged = await click('ticket_list_page', 'open:10', GUEST);
    expect(paged).toContain('guests read only their own tickets');
    expect(paged).not.toContain(other.number);

    const requests = await commandText('/ticket', 'requests', GUEST);
    expect(requests).toContain(theirs.number);
    expect(requests).not.toContain(other.number);
  });

  test("/customer find is refused, in Chinese in a Chinese workspace; nobody's name is shown", async () => {
    await makeCustomer(app);
    const told = await commandText('/customer', 'find Huadong', FAKE_SINGLE_GUEST_USER_ID);
    expect(told).toContain(inJson(REFUSAL));
    expect(told).not.toContain('Huadong Machinery');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await commandText('/customer', 'find Huadong', GUEST);
    expect(zh).toContain(inJson(REFUSAL_ZH));
    expect(zh).not.toContain('Huadong Machinery');
  });

  test("a customer's card is refused by command, by its Open button and by History", async () => {
    const { code } = await makeCustomer(app);
    const byCommand = await commandText('/customer', code, GUEST);
    expect(byCommand).toContain('guests read only their own tickets');
    expect(byCommand).not.toContain('Huadong Machinery');
    for (const button of ['customer_card_open', 'customer_history']) {
      const told = await click(button, code, GUEST);
      expect(told).toContain('guests read only their own tickets');
      expect(told).not.toContain('Huadong Machinery');
    }
  });

  test("another's ticket is refused by command and by Open (a message, App Home); their own is shown", async () => {
    const { code } = await makeCustomer(app);
    const other = await ticketOf(code, { title: 'Another customer is down' });
    const byCommand = await commandText('/ticket', other.number, GUEST);
    expect(byCommand).toContain('guests read only their own tickets');
    expect(byCommand).not.toContain('Another customer is down');
    // A number that is no ticket: the very same answer, so that trying numbers tells them
    // nothing of which exist (not "No ticket has the number …").
    expect(await commandText('/ticket', 'T20269999', GUEST)).toBe(byCommand);
    const missingOpened = await click('ticket_open', 'T20269999', GUEST);
    expect(missingOpened).toContain('guests read only their own tickets');
    expect(missingOpened).not.toContain('No ticket has the number');
    const opened = await click('ticket_open', other.number, GUEST);
    expect(opened).toContain('guests read only their own tickets');
    expect(opened).not.toContain('Another customer is down');
    // From App Home: said in a modal over it, never the card.
    const modals = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      { action_id: 'ticket_open', value: other.number, block_id: 'b1' },
      { userId: GUEST, view: { id: 'V0HOME0001', type: 'home' } },
    );
    const shown = JSON.stringify(app.fake.callsTo('views.open').slice(modals));
    expect(shown).toContain('guests read only their own tickets');
    expect(shown).not.toContain('Another customer is down');

    const theirs = await ticketOf(code, {
      requester: { userId: GUEST },
      title: 'Our line is down',
    });
    expect(await commandText('/ticket', theirs.number, GUEST)).toContain('Our line is down');
    expect(await click('ticket_open', theirs.number, GUEST)).toContain('Our line is down');
  });

  test("App Home is the requester's part: what waits on them, not the tickets of a customer they own", async () => {
    // A customer whose owner is the guest (the owner field does not refuse guests), with a
    // ticket of someone else's nobody holds: an account manager's Home would list it.
    const owned = await makeCustomer(app, { name: 'Guest Owned Ltd' });
    await app.db.models.customers.updateOne({ code: owned.code }, { ownerId: GUEST });
    const unheld = await ticketOf(owned.code, { title: 'Nobody holds this' });
    const waiting = await ticketOf(owned.code, {
      requester: { userId: GUEST },
      title: 'Our line is down',
    });
    await act(app, waiting.number, { action: 'claim' });
    await act(app, waiting.number, { action: 'wait', question: 'Which line?' });

    // Refreshed by the outbox after those changes (the account manager's, the requester's): as
    // they would read it opening it.
    app.clock.advance(5_000);
    await app.desk.outbox.drain();
    const refreshed = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === GUEST);
    expect(refreshed.length).toBeGreaterThan(0);
    const published = JSON.stringify(refreshed.at(-1)!.args.view);
    expect(published).not.toContain(`*${unheld.number}*`);
    expect(published).not.toContain(`|${unheld.number}>`);
    expect(published).toContain('guests read only their own tickets');

    // Their row's number is not linked to the triage card, which a guest never sees.
    const home = await homeOf(GUEST);
    expect(home).toContain(`*${waiting.number}*`);
    expect(home).not.toMatch(/<[^<>|]+\|[^<>]*T\d/);
    expect(home).not.toContain(`*${unheld.number}*`);
    expect(home).not.toContain(`|${unheld.number}>`);
    expect(home).not.toContain('Nobody holds this');
    expect(home).toContain('guests read only their own tickets');
    // Its opening line is the requester's, not the staff's pitch (customer files, follow-ups).
    expect(home).toContain('Ask the service team for help and follow your tickets');
    expect(home).not.toContain('Keep one file per customer');
    // Their row: number, title and where it stands in their words; nothing of the desk's own
    // (the SLA clocks, who holds it, the customer), on the refresh as on the open.
    for (const view of [home, published]) {
      expect(view).toContain(`*${waiting.number}* Our line is down\\nWaiting on your reply`);
      expect(view).not.toContain(`<@${AGENT}>`);
      expect(view).not.toMatch(
        /paused|business time|Response:|Resolution:|overdue|Guest Owned Ltd/i,
      );
    }
    // The commands listed are those a guest may use: filing and following their own tickets.
    for (const usage of ['/ticket new', '/ticket requests', '/ticket T20260001', '/ticket help'])
      expect(home).toContain(usage);
    for (const usage of ['/ticket mine', '/ticket list', '/customer', '/task', '/desk'])
      expect(home).not.toContain(usage);
    // Their `/ticket help` says the same.
    const help = await app.slack.command('/ticket', 'help', { userId: GUEST });
    expect(JSON.stringify(help.body)).toContain('/ticket requests');
    expect(JSON.stringify(help.body)).not.toContain('/ticket list');
  });

  test("the customer picker's options are empty for them, not for a member", async () => {
    await makeCustomer(app);
    const load = (userId: string) =>
      app.slack.blockSuggestion({ action_id: 'customer_picker', value: 'Hua' }, { userId });
    expect((await load(GUEST)).body).toEqual({ options: [] });
    const member = openDesk ? MEMBER : AGENT;
    expect(JSON.stringify((await load(member)).body)).toContain('Huadong Machinery');
  });

  test("a subcommand they mistype is answered with the ones a guest may use; /customer's, /task's and /desk's help or a word they do not know send them to /ticket help, not to the staff's subcommands or the customer search", async () => {
    const mistyped = await commandText('/ticket', 'lst', GUEST);
    expect(mistyped).toContain('Try one of: `/ticket new`, `/ticket requests`, `/ticket help`.');
    expect(mistyped).not.toContain('/ticket list');
    const elsewhere = (command: string) =>
      inJson(
        `\`${command}\` is for the desk’s staff. \`/ticket help\` lists what you can do here: ask for help and follow your tickets.`,
      );
    for (const [command, text] of [
      ['/customer', 'Huadong Machinery'],
      ['/customer', 'help'],
      ['/task', 'help'],
      ['/desk', 'x'],
    ] as const) {
      const told = await commandText(command, text, GUEST);
      expect(told).toContain(elsewhere(command));
      expect(told).not.toContain('Try one of');
      expect(told).not.toContain('/customer find');
      expect(told).not.toContain('Huadong Machinery');
    }
    // A person Slack did not describe in time is told why, not that it is the staff's.
    app.fake.failNext('users.info', 'internal_error');
    expect(await commandText('/customer', 'help', LATE)).toContain(inJson(TRY_AGAIN));
    expect(usersInfoFor(LATE).map((c) => c.outcome)).toEqual(['error']);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await commandText('/desk', 'help', GUEST)).toContain(
      inJson(
        '`/desk` 仅供服务台员工使用。`/ticket help` 列出你在这里可以做的事：提出请求并跟进进度。',
      ),
    );
  });

  test('/task mine is refused with why', async () => {
    const told = await commandText('/task', 'mine', GUEST);
    expect(told).toContain(inJson(REFUSAL));
  });

  test('/desk report tells them guests read only their own tickets, not to ask for a role no guest may hold', async () => {
    const told = await commandText('/desk', 'report month 2026-10', GUEST);
    expect(told).toContain(inJson(REFUSAL));
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });
});

describe('members read as before', () => {
  test('on a closed desk, a member without a role reads lists and cards, asked of Slack once for all of it; a person with a role is never asked', async () => {
    await setDesk(false);
    const ticket = await makeTicket(app);
    const { code } = await makeCustomer(app, { name: 'Second Machinery' });
    expect(await commandText('/ticket', 'list', READER)).toContain(ticket.number);
    expect(await commandText('/customer', code, READER)).toContain('Second Machinery');
    expect(await commandText('/ticket', ticket.number, READER)).toContain(ticket.number);
    // A member is told a number is no ticket (the precise answer).
    expect(await commandText('/ticket', 'T20269999', READER)).toContain(
      'No ticket has the number T20269999.',
    );
    expect(usersInfoFor(READER)).toHaveLength(1);

    const asked = app.fake.callsTo('users.info').length;
    expect(await commandText('/ticket', 'list', AGENT)).toContain(ticket.number);
    expect(await commandText('/customer', code, OWNER)).toContain('Second Machinery');
    expect(app.fake.callsTo('users.info')).toHaveLength(asked);
  });

  test('Slack late: the read is refused with a "try again" (fail-closed); the late answer lets the next read through', async () => {
    await setDesk(false);
    const { code } = await makeCustomer(app);
    const held = app.fake.holdNext('users.info');
    const refused = await commandText('/customer', code, LATE);
    await held.arrived;
    expect(refused).toContain(inJson(TRY_AGAIN));
    expect(refused).not.toContain('Huadong Machinery');
    held.release();
    await expect.poll(() => usersInfoFor(LATE).at(-1)?.outcome).toBe('ok');
    expect(await commandText('/customer', code, LATE)).toContain('Huadong Machinery');
    expect(usersInfoFor(LATE)).toHaveLength(1);
  });
});

describe("a guest's clicks on the requester's buttons of a ticket that is not theirs", () => {
  test('Not solved, reopen and the survey say the same of a number or id that is no ticket as of another person’s ticket', async () => {
    await setDesk(false);
    const { code } = await makeCustomer(app);
    const other = await ticketOf(code, {
      title: 'Another customer is down',
      requester: { userId: 'U0OTHERREQ' },
    });
    await act(app, other.number, { action: 'claim' }, AGENT);
    await act(app, other.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
    await app.db.models.tickets.updateOne(
      { number: other.number },
      { $set: { 'survey.sentAt': app.clock.now() } },
    );
    const replaced = (told: string, number: string) => told.replaceAll(number, 'T…');
    // Not solved, reopen: the words name the number clicked, nothing else differs.
    const reopenOther = await click('requester_reopen', other.number, GUEST);
    expect(reopenOther).toContain('can reopen it with this button');
    const reopenNone = await click('requester_reopen', 'T20269999', GUEST);
    expect(replaced(reopenNone, 'T20269999')).toBe(replaced(reopenOther, other.number));
    // The survey: neither its number nor whether it exists.
    const surveyOther = await click('requester_survey_5', `${other.id}:5`, GUEST);
    expect(surveyOther).toContain('This survey is for the person who reported the ticket.');
    expect(surveyOther).not.toContain(other.number);
    expect(await click('requester_survey_5', 'ffffffffffffffffffffffff:5', GUEST)).toBe(
      surveyOther,
    );
    // Closed since: still the same (its state is not told either).
    app.clock.advance(8 * 86_400_000);
    expect(await click('requester_survey_5', `${other.id}:5`, GUEST)).toBe(surveyOther);
    const stored = await app.db.models.tickets.findOne({ number: other.number }).lean();
    expect([stored!.status, stored!.survey?.satisfaction]).toEqual(['resolved', undefined]);
  });
});
