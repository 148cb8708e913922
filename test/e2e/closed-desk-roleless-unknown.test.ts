// A member who holds no role on a closed desk types a word a command does not know: "Try one
// of:" names only what they may use, as their `help` lists it (smallfix 1), not the staff's
// subcommands, each of which would refuse them; `/desk`, with nothing for them, sends them to
// `/ticket help` as a guest is sent. An agent is still offered every subcommand. In en and zh-CN.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER, makeCustomer } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const MEMBER = 'U0MEMBER01';
const OWNS = 'U0MEMBER02';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const closed = () =>
  app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
/** What `/command foo` answered `userId` (the message's text). */
const unknown = async (command: string, userId: string): Promise<string> =>
  (await app.slack.command(command, 'foo', { userId })).body.text;

test('/desk foo, /customer foo and /task foo offer them only what they may use; an owner and an agent still see theirs', async () => {
  await makeCustomer(app, { ownerId: OWNS }); // made before the desk closes
  await closed();

  expect(await unknown('/desk', MEMBER)).toBe(
    '`/desk` is for the desk’s staff. `/ticket help` lists what you can do here: ask for help and follow your tickets.',
  );
  expect(await unknown('/customer', MEMBER)).toBe(
    '`/customer foo` is not a command I know. Try one of: `/customer find`, `/customer help`.\n' +
      'To look a customer up by name, contact or tag: `/customer find foo`.',
  );
  expect(await unknown('/task', MEMBER)).toBe(
    '`/task foo` is not a command I know. Try one of: `/task mine`, `/task help`.',
  );
  // A customer's owner may plan its tasks; an agent is offered every subcommand, as before.
  expect(await unknown('/task', OWNS)).toContain('Try one of: `/task new`, `/task mine`');
  expect(await unknown('/customer', AGENT)).toContain('`/customer new`, `/customer find`');
  expect(await unknown('/desk', AGENT)).toContain('`/desk handover`');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await unknown('/desk', MEMBER)).toBe(
    '`/desk` 仅供服务台员工使用。`/ticket help` 列出你在这里可以做的事：提出请求并跟进进度。',
  );
  expect(await unknown('/task', MEMBER)).toBe(
    '无法识别命令 `/task foo`。可用的命令：`/task mine`、`/task help`。',
  );
});
