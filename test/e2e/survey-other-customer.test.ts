// A survey in a customer's Slack Connect conversation with no Slack requester on record is the
// customer's people's to answer there, and nobody else's: a person of another customer's
// organisation, clicking in their own shared channel (a linked one, so the request is admitted)
// or sending the survey modal, never answers it, even naming its ticket.
import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { act, AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { fileForContact, linkSharedChannel } from '../helpers/slack-connect.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
/** Customer X's shared channel, and a person of X's organisation. */
const X_CHANNEL = 'C0SHAREDX1';
const X_TEAM = 'T0XORG0001';
const X_PERSON = 'U0XPERSON1';
/** Customer Y's shared channel, and people of Y's organisation. */
const Y_CHANNEL = 'C0SHAREDY1';
const Y_TEAM = 'T0YORG0001';
const Y_AUTHOR = 'U0YAUTHOR1';
const Y_PERSON = 'U0YPERSON1';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** A click by a person of another organisation on a survey button of a shared channel. */
function externalClick(
  who: { userId: string; teamId: string; channelId: string },
  action: { action_id: string; value: string },
) {
  return app.slack.externalBlockAction(
    { block_id: 'survey', ...action },
    { ...who, messageTs: '1795397400.000200' },
  );
}

/** A survey modal sent by a person of another organisation, as Slack routes it to the host. */
function externalSubmission(
  who: { userId: string; teamId: string },
  view: Record<string, any>,
  form: Record<string, string>,
) {
  return app.slack.externalViewSubmission(view, form, who);
}

let yTicket: { id: string; number: string };
/** The survey's buttons as posted in Y's channel: action id -> value. */
let buttons: Map<string, string>;

beforeEach(async () => {
  await app.setSettings(() => ({
    agents: [AGENT],
    accountManagers: [OWNER],
    managers: [MANAGER],
    openDesk: false,
  }));
  const x = await makeCustomer(app, { name: 'Xinda Plastics' });
  const y = await makeCustomer(app, { name: 'Yuhua Textiles' });
  await linkSharedChannel(app, X_CHANNEL, x.code, ADMIN, 'shortcut');
  await linkSharedChannel(app, Y_CHANNEL, y.code, ADMIN, 'shortcut');
  // An agent files Y's message as a ticket for Ms Wang, who is not in Slack: no Slack requester.
  const stored = await fileForContact(
    app,
    { channel: Y_CHANNEL, text: 'Loom 4 stopped', author: Y_AUTHOR, authorTeam: Y_TEAM },
    y.code,
    'Ms Wang',
  );
  expect(stored.requester).toEqual({ contactName: 'Ms Wang', via: 'slack' });
  expect(stored.conversation?.channel).toBe(Y_CHANNEL);
  yTicket = { id: String(stored._id), number: stored.number };
  await act(app, stored.number, { action: 'claim' });
  await act(app, stored.number, { action: 'resolve', summary: 'Belt replaced' });
  await app.desk.outbox.drain();
  const survey = app.fake
    .postsTo(Y_CHANNEL)
    .find((c) => String(c.args.text).includes('How satisfied are you'))!;
  const blocks = (
    typeof survey.args.blocks === 'string' ? JSON.parse(survey.args.blocks) : survey.args.blocks
  ) as { type: string; elements?: { action_id: string; value: string }[] }[];
  buttons = new Map(
    blocks.find((b) => b.type === 'actions')!.elements!.map((e) => [e.action_id, e.value]),
  );
});

const stored = async () =>
  (await app.db.models.tickets.findOne({ number: yTicket.number }).lean())!.survey;
const recoveries = () => app.db.models.tasks.countDocuments({ kind: 'recovery' });

describe("a survey of customer Y's shared conversation, with no Slack requester on record", () => {
  test("a person of customer X's organisation, clicking Y's survey button in X's own shared channel, is refused: no score, no follow-up, no manager told", async () => {
    const value = buttons.get('requester_survey_1')!;
    expect(value.startsWith(yTicket.id)).toBe(true);
    const res = await externalClick(
      { userId: X_PERSON, teamId: X_TEAM, channelId: X_CHANNEL },
      { action_id: 'requester_survey_1', value },
    );
    expect(res.status).toBe(200);
    // Not told Y's ticket number either (what another organisation's person clicks tells them
    // nothing of which tickets exist).
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      'This survey is for the person who reported the ticket.',
    );
    expect(
      app.fake.callsTo('views.open').filter((c) => c.args.trigger_id === `1337.${X_PERSON}`),
    ).toHaveLength(0);
    expect((await stored())!.satisfaction).toBeUndefined();
    await app.desk.outbox.drain();
    expect(await recoveries()).toBe(0);
    expect(app.fake.postsTo(MANAGER)).toHaveLength(0);

    // Y's own people, in Y's channel, still answer it.
    await externalClick(
      { userId: Y_PERSON, teamId: Y_TEAM, channelId: Y_CHANNEL },
      { action_id: 'requester_survey_4', value: buttons.get('requester_survey_4')! },
    );
    expect(await stored()).toMatchObject({ satisfaction: 4, by: Y_PERSON });
  });

  test("a survey modal naming Y's ticket, sent by a person of X's organisation who was never given it, is refused: the answer stays Y's", async () => {
    // Y's person answers 4 and is given the NPS and comment modal.
    await externalClick(
      { userId: Y_PERSON, teamId: Y_TEAM, channelId: Y_CHANNEL },
      { action_id: 'requester_survey_4', value: buttons.get('requester_survey_4')! },
    );
    const yModal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(yModal.callback_id).toBe('requester_survey');

    // X's person sends a survey modal naming Y's ticket: as the desk wrote Y's person's (its
    // metadata as it is), and as crafted from scratch (the ticket id and a low score).
    const crafted = {
      ...yModal,
      private_metadata: JSON.stringify({ ticketId: yTicket.id, satisfaction: 1 }),
    };
    for (const view of [yModal, crafted]) {
      const res = await externalSubmission({ userId: X_PERSON, teamId: X_TEAM }, view, {
        nps: '0',
        comment: 'Terrible',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: {
          nps: 'This form can no longer be sent. Press your score in the survey again to give your feedback.',
        },
      });
    }
    expect(await stored()).toMatchObject({ satisfaction: 4, by: Y_PERSON });
    expect((await stored())!.comment).toBeUndefined();
    await app.desk.outbox.drain();
    expect(await recoveries()).toBe(0);
    expect(app.fake.postsTo(MANAGER)).toHaveLength(0);

    // Y's person's own modal is saved.
    const res = await externalSubmission({ userId: Y_PERSON, teamId: Y_TEAM }, yModal, {
      nps: '8',
      comment: 'Quick',
    });
    expect(res.status).toBe(200);
    expect(await stored()).toMatchObject({
      satisfaction: 4,
      nps: 8,
      comment: 'Quick',
      by: Y_PERSON,
    });
  });

  test('in Y’s channel the survey is the customer’s people’s as the intake reads them: a guest of our workspace answers it; its assignee and a colleague do not', async () => {
    const click = (userId: string, score: number) =>
      app.slack.blockAction(
        {
          block_id: 'survey',
          action_id: `requester_survey_${score}`,
          value: buttons.get(`requester_survey_${score}`)!,
        },
        { userId, channelId: Y_CHANNEL, messageTs: '1795397400.000200' },
      );
    for (const who of [AGENT, 'U0COLLEAG1']) {
      await click(who, 1);
      expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
        'is for the person who reported',
      );
    }
    expect((await stored())!.satisfaction).toBeUndefined();
    await click(FAKE_GUEST_USER_ID, 5);
    expect(await stored()).toMatchObject({ satisfaction: 5, by: FAKE_GUEST_USER_ID });
  });

  test("the other customer-facing buttons naming Y's ticket do nothing for X's person: Not solved, reopen (no Slack requester to be) and Send to requester (staff only)", async () => {
    await externalClick(
      { userId: X_PERSON, teamId: X_TEAM, channelId: X_CHANNEL },
      { action_id: 'requester_reopen', value: yTicket.number },
    );
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      `Only the person who reported ${yTicket.number} can reopen it with this button.`,
    );
    await externalClick(
      { userId: X_PERSON, teamId: X_TEAM, channelId: X_CHANNEL },
      { action_id: 'requester_draft_open', value: `progress:${yTicket.number}` },
    );
    const ticket = (await app.db.models.tickets.findOne({ number: yTicket.number }).lean())!;
    expect(ticket.status).toBe('resolved');
    expect(
      app.fake.callsTo('views.open').filter((c) => c.args.trigger_id === `1337.${X_PERSON}`),
    ).toHaveLength(0);
  });
});
