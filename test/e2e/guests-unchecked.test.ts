// An open desk on an install Slack will never describe people to (installed without users:read:
// users.info answers missing_scope): the desk cannot tell a guest from a member, so what only the
// open desk would let a person without a role do is refused with what helps (a reinstall, or a
// role), not a "try again" that never would; Slack is not asked again meanwhile. A file of its own:
// the refusal is remembered for the install's token, for everyone.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { describe, expect, test } from 'vitest';
import { claimOnCard, openHome } from '../helpers/clicks.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';
import { messageEvent } from '../helpers/slack-requests.js';

const UNCHECKED = 'U0MEMBER05';
const PICKED = 'U0MEMBER06';

// No first admin here (ADMIN_USER_IDS), as before the shared setup.
const { app } = useGuestsApp({ admin: false });

const CANNOT_TELL =
  "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role can change things here.";
const REINSTALL =
  "have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.";
/** The refusal while the desk has no admin: the `npm run admins` line, filled in for `user`. */
const noAdminRefusal = (user: string) =>
  `${CANNOT_TELL} This desk has no admin yet to give you a role: whoever runs the desk's server makes you its admin with \`npm run admins -- --team ${FAKE_TEAM_ID} --add ${user}\` (or lists your id in \`ADMIN_USER_IDS\` before a workspace first uses the desk), then you give yourself a role in \`/desk roles\`. Or ${REINSTALL}`;
const ADMIN = 'U0ADMIN091';

/** A claim from the triage channel as `userId`: the ephemeral answer, and who holds the ticket. */
const claim = (number: string, userId: string) => claimOnCard(app, number, userId, TRIAGE);

describe('an install Slack never tells who is a guest', () => {
  test('a claim is refused with how to get a role or a reinstall, not a "try again"; Slack is not asked again for every request', async () => {
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { number } = await makeTicket(app);
    await app.setSettings(() => ({ agents: [] }));
    app.fake.failNext('users.info', 'missing_scope');
    const refused = await claim(number, UNCHECKED);
    expect(refused.text).toBe(noAdminRefusal(UNCHECKED));
    expect(refused.assigneeId).toBeUndefined();
    expect(app.logs.map((l) => l.msg)).toContain(
      'users.info refused for this install: the open desk cannot tell guests from members, and counts nobody without a role an agent (reinstall with users:read, or give roles)',
    );
    const asked = app.fake.callsTo('users.info').length;
    expect((await claim(number, PICKED)).text).toBe(noAdminRefusal(PICKED));
    expect(app.fake.callsTo('users.info')).toHaveLength(asked);
  });

  test('a list is refused with what to do in either install mode (the install page, or one bot token), not only "from its install page"', async () => {
    await makeTicket(app);
    app.fake.failNext('users.info', 'missing_scope');
    const res = await app.slack.command('/ticket', 'list', { userId: UNCHECKED });
    const text = JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('response_url'));
    expect(text).toContain('so only people with a desk role read its lists and customers');
    expect(text).toContain(
      "from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace)",
    );
  });

  test('with an admin, a claim is refused naming the admin to ask for a role (as every role refusal does), not "an admin"', async () => {
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { number } = await makeTicket(app);
    await app.setSettings(() => ({ agents: [], admins: [ADMIN] }));
    app.fake.failNext('users.info', 'missing_scope');
    expect((await claim(number, UNCHECKED)).text).toBe(
      `${CANNOT_TELL} Ask <@${ADMIN}> to give you a role in \`/desk roles\`, or to ${REINSTALL}`,
    );
  });

  test('with an admin, a list is refused naming them, in the workspace’s language (zh-CN)', async () => {
    await makeTicket(app);
    await app.setSettings(() => ({ admins: [ADMIN], locale: 'zh-CN' }));
    app.fake.failNext('users.info', 'missing_scope');
    const res = await app.slack.command('/ticket', 'list', { userId: UNCHECKED });
    const text = JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('response_url'));
    expect(text).toContain(
      `因此只有拥有服务台角色的人才能查看它的列表和客户；你自己的工单请用 \`/ticket requests\` 查看。请联系 <@${ADMIN}>，在 \`/desk roles\` 中为你分配角色，或请其重新安装应用以授予 \`users:read\` 权限`,
    );
    expect(text).not.toContain('请联系服务台管理员');
  });

  test('App Home of a person without a role names the admins to ask for one, not "an admin of the desk"; with none, the npm run admins line', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    app.fake.failNext('users.info', 'missing_scope');
    const named = await openHome(app, UNCHECKED);
    expect(named).toContain('so only people with a desk role read its lists and customers');
    expect(named).toContain(`Ask <@${ADMIN}> to give you a role in`);
    expect(named).not.toContain('Ask an admin of the desk');
    await app.setSettings(() => ({ admins: [] }));
    const none = await openHome(app, PICKED);
    expect(none).toContain(`npm run admins -- --team ${FAKE_TEAM_ID} --add ${PICKED}`);
  });

  test('in a Slack Connect channel, a colleague’s note opens no ticket of theirs, nor does an agent’s emoji on it: taken for staff', async () => {
    const CHANNEL = 'C0SHARED01';
    const COLLEAGUE = 'U0MEMBER07';
    const NOTE = '1795485600.000300';
    const { code } = await makeCustomer(app);
    await app.setSettings(() => ({ admins: [AGENT], agents: [AGENT] }));
    await linkSharedChannel(app, CHANNEL, code, AGENT);
    app.fake.failNext('users.info', 'missing_scope');
    await app.slack.eventDelivery(
      messageEvent(CHANNEL, COLLEAGUE, 'FYI the new price list is pinned above', NOTE),
      { eventId: 'Ev0UNCHK0001', shared: true },
    );
    await app.slack.command('/desk', `channel link ${code} emoji`, {
      userId: AGENT,
      channelId: CHANNEL,
    });
    app.fake.peopleMessages.set(CHANNEL, [
      { ts: NOTE, user: COLLEAGUE, text: 'FYI the new price list' },
    ]);
    await app.slack.eventDelivery(
      {
        type: 'reaction_added',
        user: AGENT,
        reaction: 'ticket',
        item: { type: 'message', channel: CHANNEL, ts: NOTE },
      },
      { eventId: 'Ev0UNCHK0002', shared: true },
    );
    expect(await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean()).toEqual([]);
    // Taken for staff (no users:read: Slack will never say; a colleague is common there), not
    // for neither side's.
    expect(app.logs.filter((l) => l.standing === 'unchecked')).toEqual([]);
  });

  test('in a Slack Connect channel on an open desk, a guest customer’s "any news?" in their ticket’s thread is not the desk’s first response (Log response would refuse them)', async () => {
    const CHANNEL = 'C0SHARED02';
    const EXTERNAL = 'U0EXTERN02';
    const GUEST = 'U0GUESTRV1';
    const ROOT = '1795485600.000500';
    const { code } = await makeCustomer(app);
    await app.setSettings(() => ({ admins: [AGENT], agents: [AGENT], openDesk: true }));
    await linkSharedChannel(app, CHANNEL, code, AGENT);
    await app.slack.eventDelivery(
      messageEvent(CHANNEL, EXTERNAL, 'Our line 3 stopped with E42', ROOT, { team: 'T0THEIRORG' }),
      { eventId: 'Ev0UNCHK0003', teamId: 'T0THEIRORG', shared: true },
    );
    const tickets = () => app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([EXTERNAL]);
    app.fake.users.set(GUEST, { id: GUEST, name: 'buyer.li', is_restricted: true });
    app.fake.failNext('users.info', 'missing_scope');
    await app.slack.eventDelivery(
      messageEvent(CHANNEL, GUEST, 'Any news? we are still down', '1795485660.000500', {
        thread: ROOT,
      }),
      { eventId: 'Ev0UNCHK0004', shared: true },
    );
    expect((await tickets())[0]!.firstResponseAt).toBeUndefined();
  });
});
