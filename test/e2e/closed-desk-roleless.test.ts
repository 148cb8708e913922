// A member who holds no role on a closed desk: their App Home and each command's `help` list only
// the commands they may use (the DM help's list), and `/task new` is refused before its modal,
// naming the admins to ask.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER, makeCustomer } from '../helpers/factories.js';
import { ephemeralOf, homeText } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const MEMBER = 'U0MEMBER01';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const closed = () =>
  app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
const STAFF_LINES = ['`/customer new`', '`/task new', '`/desk handover`', '`/desk report'];

describe('a member with no role on a closed desk', { timeout: 120_000 }, () => {
  test('their Home lists only what they may use, as the DM help does; an agent still sees all', async () => {
    await closed();
    const home = await homeText(app, MEMBER);
    expect(home).toContain('`/ticket new [title]`');
    expect(home).toContain('`/customer C2026001`');
    expect(home).not.toContain('*/desk*');
    expect(STAFF_LINES.filter((line) => home.includes(line))).toEqual([]);
    const agents = await homeText(app, AGENT);
    expect(STAFF_LINES.filter((line) => !agents.includes(line))).toEqual([]);
  });

  test('/task new is refused before the modal, naming whom to ask', async () => {
    await closed();
    await makeCustomer(app);
    const opened = app.fake.callsTo('views.open').length;
    const res = await app.slack.command('/task', 'new', { userId: MEMBER });
    expect(app.fake.callsTo('views.open').length).toBe(opened);
    expect(ephemeralOf(res)).toBe(
      `You can plan tasks only for a customer you own, and you own none. Agents, experts and managers plan tasks for any customer: ask <@${ADMIN}> to give you a role in \`/desk roles\`.`,
    );
  });

  test('/task new opens its modal for one who owns a customer, and for an agent', async () => {
    await makeCustomer(app, { ownerId: MEMBER }); // made before the desk closes
    await closed();
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command('/task', 'new', { userId: MEMBER });
    await app.slack.command('/task', 'new', { userId: AGENT });
    expect(app.fake.callsTo('views.open').length).toBe(opened + 2);
  });

  test('/desk help, /customer help and /task help list them only what they may use; an owner and an agent still see theirs', async () => {
    const OWNS = 'U0MEMBER02';
    await makeCustomer(app, { ownerId: OWNS }); // made before the desk closes
    await closed();
    /** What `/command help` answered `userId`. */
    const help = async (command: string, userId: string) =>
      ephemeralOf(await app.slack.command(command, 'help', { userId }));
    const desk = await help('/desk', MEMBER);
    expect(desk).toContain('`/desk` is for the desk’s staff. `/ticket help` lists what you can do');
    expect(desk).not.toContain('`/desk roles`');
    const customer = await help('/customer', MEMBER);
    expect(customer).toContain('`/customer C2026001`');
    expect(customer).not.toContain('`/customer new`');
    const task = await help('/task', MEMBER);
    expect(task).toContain('`/task mine');
    expect(task).not.toContain('`/task new');
    // A customer's owner without a role may plan its tasks; an agent sees every line, as before.
    expect(await help('/task', OWNS)).toContain('`/task new');
    expect(await help('/customer', AGENT)).toContain('`/customer new`');
    expect(await help('/desk', AGENT)).toContain('`/desk handover`');
  });
});
