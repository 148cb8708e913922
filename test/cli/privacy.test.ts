// The privacy CLI (`npm run privacy`) as an operator runs it against the app's database: held to
// the workspace's admins, refusing bad arguments with the usage, writing the full export as JSON
// and CSV, asking for --yes before an erasure, and listing the privacy log afterwards.
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { tPlainText } from '../../src/i18n/index.js';
import { zonedDateTime } from '../../src/time.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { runTool, toolArgs } from '../helpers/jobs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { tempDir } from '../helpers/temp.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

const privacy = (...args: string[]) =>
  runTool(app, toolArgs('privacy'), args, { ADMIN_USER_IDS: ADMIN });

let code = '';
/** The arguments naming the customer's contact 王芳 (this test's `code`), run by ADMIN. */
const herContact = () => [
  '--team',
  FAKE_TEAM_ID,
  '--as',
  ADMIN,
  '--customer',
  code,
  '--contact',
  '王芳',
];
beforeEach(async () => {
  await app.setSettings(() => ({ accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, {
    contact: { name: '王芳', phone: '+8613800138000', email: 'wang.fang@example.cn' },
  });
  code = customer.code;
  // Another customer's ticket names her: the erasure finds and removes that mention too.
  const other = await makeCustomer(app, { name: 'Other Co' });
  await makeTicket(app, { customerCode: other.code, description: 'Asked 王芳 for the drawings' });
  // A message in the other customer's channel, waiting in the Events API inbox, names her too.
  const admin = await ctxOf(app, ADMIN);
  await app.desk.services.channels.link(admin, {
    channelId: 'C0OTHERCO1',
    customerCode: other.code,
    shared: true,
  });
  await app.desk.services.channels.receive(admin, 'Ev0CLIERASE1', 'message', {
    event: { type: 'message', channel: 'C0OTHERCO1', user: 'U0CUSTUSR1', text: '王芳 is away' },
    actor: 'U0CUSTUSR1',
    external: true,
  });
});

// Each test starts the CLI as a process several times, a few seconds each on a busy machine.
/**
 * `req`'s ticket on the customer ('Coolant leak on line 3'): their reply on it (after a claim by
 * `claimedBy`), a staff note, resolved by the agent, and their survey answer.
 */
async function coolantLeak(req: string, opts: { claimedBy?: string; staffNote?: string } = {}) {
  const own = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    description: 'Coolant on the floor',
    requester: { userId: req, via: 'slack' },
  });
  if (opts.claimedBy) await act(app, own.number, { action: 'claim' }, opts.claimedBy);
  await act(app, own.number, { action: 'note', text: 'Photos of the leak', said: 'reply' }, req);
  if (opts.staffNote) await act(app, own.number, { action: 'note', text: opts.staffNote });
  await act(app, own.number, { action: 'resolve', summary: 'Seal replaced' }, AGENT);
  await app.desk.flows.requester.answer(await ctxOf(app, req), own.id, {
    satisfaction: 2,
    comment: 'Took two days',
  });
  return own;
}

/** `by`'s follow-up in the channel on another person's ticket, as the timeline records it. */
async function followUp(number: string, by: string, text: string) {
  await app.db.models.tickets.updateOne(
    { number },
    { $push: { timeline: { action: 'note', by, at: app.clock.now(), text, said: 'followUp' } } },
  );
}

describe('privacy CLI', { timeout: 90_000 }, () => {
  test('bad arguments print each problem and the usage, exit 2; a non-admin is refused, exit 1', async () => {
    const bad = await privacy('export', '--team', 'nope', '--as', ADMIN);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('team: a Slack team id such as T0123ABCD');
    expect(bad.stderr).toContain('export needs --customer, --user or both');
    expect(bad.stderr).toContain('Usage:');

    const refused = await privacy('log', '--team', FAKE_TEAM_ID, '--as', OWNER);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/admin/i);
    expect(refused.stdout).toBe('');
  });

  test('a refused --as is told in terminal terms: who is no admin, the admins to run it as, or the npm run admins line while there is none (en and zh-CN)', async () => {
    const asOwner = ['log', '--team', FAKE_TEAM_ID, '--as', OWNER];
    const en = await privacy(...asOwner);
    expect(en.status).toBe(1);
    expect(en.stderr).toBe(
      `${OWNER} (--as) is not an admin of the desk, and only admins can handle data-subject requests and read the privacy log. Run it with --as set to one of them (${ADMIN}), or ask one to make ${OWNER} an admin in Slack with /desk roles.\n`,
    );
    const zh = await privacy(...asOwner, '--locale', 'zh-CN');
    expect(zh.stderr).toBe(
      `${OWNER}（--as）不是服务台管理员，只有管理员可以处理数据主体请求并查看隐私日志。请把 --as 换成其中一位管理员（${ADMIN}）再运行，或请一位管理员在 Slack 中用 /desk roles 把 ${OWNER} 设为管理员。\n`,
    );

    // No admin at all: the line that makes the --as user one, runnable as written.
    await app.setSettings(() => ({ admins: [] }));
    const none = await privacy(...asOwner);
    expect(none.status).toBe(1);
    const line = `npm run admins -- --team ${FAKE_TEAM_ID} --add ${OWNER}`;
    expect(none.stderr).toBe(
      `Only an admin of the desk can do this, and ${FAKE_TEAM_ID} has none yet. Make ${OWNER} (--as) one with ${line}, then run this again.\n`,
    );
    const noneZh = await privacy(...asOwner, '--locale', 'zh-CN');
    expect(noneZh.stderr).toBe(
      `只有服务台管理员可以执行此操作，而工作区 ${FAKE_TEAM_ID} 还没有管理员。请执行 ${line} 把 ${OWNER}（--as）设为管理员，然后重新运行。\n`,
    );
    expect(en.stderr + zh.stderr + none.stderr + noneZh.stderr).not.toMatch(
      /ask U|make you one|请联系|把你设为/,
    );
  });

  test('an unknown customer is told how to look its code up in the terminal (not /customer find), in both languages', async () => {
    const unknown = ['--team', FAKE_TEAM_ID, '--as', ADMIN, '--customer', 'C2099999'];
    // Written to customer-codes.csv, the file the import's hint for an unknown customer names too
    // (not customers.csv, the README's import file, which it would overwrite).
    const line = `npm run customers -- export --team ${FAKE_TEAM_ID} --as ${ADMIN} --out customer-codes.csv`;
    const importHint = tPlainText('en', 'import.error.noCustomer', {
      ref: 'C2099999',
      team: FAKE_TEAM_ID,
      user: ADMIN,
    });
    expect(importHint).toContain(line);
    const en = await privacy('erase', ...unknown);
    expect(en.status).toBe(1);
    expect(en.stdout).toBe('');
    expect(en.stderr).toBe(
      `No customer has the code C2099999. Every customer's code is in the file this writes: ${line}\n`,
    );
    const zh = await privacy('export', ...unknown, '--out', 'never', '--locale', 'zh-CN');
    expect(zh.status).toBe(1);
    expect(zh.stderr).toBe(`没有编号为“C2099999”的客户。以下命令会导出全部客户及其编号：${line}\n`);
    expect(en.stderr + zh.stderr).not.toContain('/customer');

    // The line runs as written (its file put in a temporary folder): it lists the customer codes.
    const args = /npm run customers -- (.*)$/m.exec(en.stderr)![1]!.split(' ');
    const out = join(tempDir('privacy-'), 'customer-codes.csv');
    args[args.indexOf('--out') + 1] = out;
    const listed = await runTool(app, toolArgs('customers'), args, {
      ADMIN_USER_IDS: ADMIN,
    });
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(code);
  });

  test('erase --yes while another erasure of the workspace holds its lease (Slack, another run): refused naming what runs, exit 1, nothing erased', async () => {
    // A Slack user's erasure under way (from Slack, on the app's instance): its lease, held by
    // the real time the CLI reads.
    await app.db.models.erasureLeases.create({
      _id: `${FAKE_TEAM_ID}:erasure`,
      teamId: FAKE_TEAM_ID,
      subject: 'user:U0CUSTUSR1',
      owner: 'slack',
      at: new Date(),
      until: new Date(Date.now() + 5 * 60_000),
    });
    const refused = await privacy(
      'erase',
      ...['--team', FAKE_TEAM_ID, '--as', ADMIN, '--customer', code, '--yes'],
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'Not erased: an erasure of Slack user U0CUSTUSR1 is running (from Slack or another run of this tool), and erasures run one at a time. Run this again when it is done.\n',
    );
    expect(refused.stdout).toBe('');
    const kept = await app.db.models.customers.findOne({ code }).lean();
    expect(kept!.contacts.map((c) => c.name)).toEqual(['王芳']);
    // The holder's lease is left as it was.
    expect(await app.db.models.erasureLeases.countDocuments({ owner: 'slack' })).toBe(1);
  });

  test('erase --yes whose lease another erasure took within its last step: run to the end and said on stdout, "run it again" on stderr, exit 1; the other lease stays', async () => {
    const run = await runTool(
      app,
      [
        '--import',
        'tsx',
        '--import',
        './test/cli/hooks/lease-taken-at-end.ts',
        'src/cli/privacy.ts',
      ],
      ['erase', ...herContact(), '--yes'],
      { ADMIN_USER_IDS: ADMIN },
    );
    expect(run.stderr).toBe(`${tPlainText('en', 'cli.privacy.overran')}\n`);
    expect(run.status).toBe(1);
    // Erased to the end all the same, and said.
    expect(run.stdout).toContain(`erased 1 contact of ${code}: `);
    const after = await app.db.models.customers.findOne({ code }).lean();
    expect(after!.contacts).toEqual([]);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    // The lease the other erasure took stays its own.
    expect(await app.db.models.erasureLeases.countDocuments({ owner: 'another' })).toBe(1);
  });

  test('export writes the contact in full to JSON and CSV (a path refused: neither, nothing logged); erase asks for --yes, then erases; the log lists both', async () => {
    const subject = herContact();
    const dir = tempDir('privacy-');
    const out = join(dir, 'subject');
    // A link planted at the CSV's path: refused in one line, exit 1; neither file is written
    // (not the JSON either) and nothing is logged as exported.
    const refused = join(dir, 'refused');
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep');
    symlinkSync(target, `${refused}.csv`);
    const linked = await privacy('export', ...subject, '--out', refused);
    expect(linked.stderr).toBe(
      `${refused}.csv is a symbolic link: nothing written (give the path of the file itself)\n`,
    );
    expect(linked.status).toBe(1);
    expect(existsSync(`${refused}.json`)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'export.subject' })).toBe(0);
    // A file there before, readable by all, is written over readable by its owner only.
    writeFileSync(`${out}.csv`, 'old', { mode: 0o644 });
    const exported = await privacy('export', ...subject, '--out', out);
    expect(exported.status).toBe(0);
    // Her personal data in full: readable by the operator only.
    for (const file of [`${out}.json`, `${out}.csv`])
      expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    // Counted in words that agree with the count ("1 document", not "1 documents").
    const documents = Object.values(json as Record<string, unknown>)
      .filter(Array.isArray)
      .reduce((n, docs) => n + docs.length, 0);
    expect(exported.stdout).toBe(
      `exported ${documents} document${documents === 1 ? '' : 's'} about ${json.subject} to ${out}.json and ${out}.csv\n`,
    );
    expect(json.contacts[0]).toMatchObject({ name: '王芳', email: 'wang.fang@example.cn' });
    expect(readFileSync(`${out}.csv`, 'utf8')).toContain('contacts,0,email,wang.fang@example.cn');

    // Without --yes, a dry run: it says what it would erase and succeeds (exit 0).
    const dry = await privacy('erase', ...subject);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toBe(
      `would erase 1 contact of ${code}; also mentioned in other customers' documents: 1 ticket; in customer channel messages not yet made into tickets (the events inbox): 1; run again with --yes\n`,
    );
    const kept = await app.db.models.customers.findOne({ code }).lean();
    expect(kept!.contacts.map((c) => c.name)).toEqual(['王芳']);

    // Her customer's ticket names her; its card is in the triage channel and on the owner's Home.
    const ticket = await makeTicket(app, { customerCode: code, title: '王芳: gearbox noise' });
    await act(app, ticket.number, { action: 'reassign', to: OWNER }, ADMIN);
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const cardTs = (await app.db.models.tickets.findById(ticket.id).lean())!.card.ts;
    expect(cardTs).toBeTruthy();
    const before = app.fake.calls.length;

    const erased = await privacy('erase', ...subject, '--yes');
    expect(erased.status).toBe(0);
    expect(erased.stdout).toContain(`erased 1 contact of ${code}: `);
    // Her customer's card and the other customer's ticket's card that named her.
    expect(erased.stdout).toContain(
      'ticket cards to update (with the App Homes listing it, by the running app): 2',
    );
    // The CLI has no Slack client: it wrote the card's and the Home's refreshes to the outbox,
    // stamped with the real time, which the running app delivers once that time is due.
    app.clock.set(new Date(Date.now() + 10_000).toISOString());
    await app.desk.outbox.drain();
    const calls = app.fake.calls.slice(before);
    const card = app.fake.updatesOf(cardTs, before);
    expect(card).toHaveLength(1);
    expect(JSON.stringify(card[0]!.args)).toContain('[erased]: gearbox noise');
    expect(JSON.stringify(card[0]!.args)).not.toContain('王芳');
    const home = calls.filter((c) => c.method === 'views.publish' && c.args.user_id === OWNER);
    expect(home).toHaveLength(1);
    expect(JSON.stringify(home[0]!.args.view)).toContain(ticket.number);
    expect(JSON.stringify(home[0]!.args.view)).not.toContain('王芳');
    const after = await app.db.models.customers.findOne({ code }).lean();
    expect(after!.contacts).toEqual([]);
    const mention = await app.db.models.tickets.findOne({ description: /drawings/ }).lean();
    expect(mention!.description).toBe('Asked [erased] for the drawings');
    const mentionCard = app.fake.updatesOf(mention!.card.ts, before);
    expect(mentionCard).toHaveLength(1);
    expect(JSON.stringify(mentionCard[0]!.args)).not.toContain('王芳');
    const event = await app.db.models.seenEvents.findOne().lean();
    expect(JSON.parse(event!.payload!).event.text).toBe('[erased] is away');

    const log = await privacy('log', '--team', FAKE_TEAM_ID, '--as', ADMIN);
    expect(log.status).toBe(0);
    const lines = log.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(1, 4));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['export.subject', ADMIN, `${code} contact`],
        ['erase', ADMIN, `${code} contact`],
      ]),
    );
    expect(log.stdout).not.toContain('王芳');
    // Done by the tool in the admin's name (--as): marked so, in this log and in Slack's, told
    // from the admin's own in Slack.
    const details = log.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
      .filter(([, kind]) => kind === 'export.subject' || kind === 'erase')
      .map((l) => JSON.parse(l[4]!) as Record<string, unknown>);
    expect(details.map((d) => d.via)).toEqual(['cli', 'cli']);
    const slack = JSON.stringify(
      (await app.slack.command('/desk', 'privacy log', { userId: ADMIN })).body,
    );
    expect(slack.match(/ · from the command line \(`--as`\)/g)).toHaveLength(2);
  });

  test('export --user: the tickets that Slack user requested, whole; their own entries and survey answer on another ticket; nothing else of another person’s', async () => {
    // A Slack Connect requester of the customer whose Slack name is on no contact record.
    const REQ = 'U0CUSTREQ1';
    const SOMEONE = 'U0SOMEONE1';
    const own = await coolantLeak(REQ);
    // Another person's ticket (another customer's) where she wrote once; and one she never saw.
    const other = await makeCustomer(app, { name: 'Jinqiao Tools' });
    const theirs = await makeTicket(app, {
      customerCode: other.code,
      title: 'Invoice dispute',
      description: 'Private to Jinqiao',
      requester: { userId: SOMEONE, via: 'slack' },
    });
    await act(app, theirs.number, { action: 'note', text: 'Their own words' }, SOMEONE);
    await followUp(theirs.number, REQ, 'Same leak here');
    const untouched = await makeTicket(app, {
      customerCode: other.code,
      title: 'Untouched matter',
      requester: { userId: SOMEONE, via: 'slack' },
    });

    const out = join(tempDir('privacy-'), 'subject');
    const byAdmin = ['--team', FAKE_TEAM_ID, '--as', ADMIN];
    const exported = await privacy('export', ...byAdmin, '--user', REQ, '--out', out);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const text = readFileSync(`${out}.json`, 'utf8');
    const json = JSON.parse(text);
    expect(json.subject).toBe(`${code} contact`);
    expect(json.tickets.map((t: { number: string }) => t.number)).toEqual([own.number]);
    expect(json.tickets[0]).toMatchObject({
      title: 'Coolant leak on line 3',
      requester: { userId: REQ },
      survey: { satisfaction: 2, comment: 'Took two days', by: REQ },
    });
    expect(json.tickets[0].timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ by: REQ, text: 'Photos of the leak' })]),
    );
    expect(json.ticketEntries).toEqual([
      {
        _id: theirs.id,
        number: theirs.number,
        timeline: [expect.objectContaining({ action: 'note', by: REQ, text: 'Same leak here' })],
      },
    ]);
    for (const never of [
      'Invoice dispute',
      'Private to Jinqiao',
      'Their own words',
      untouched.number,
    ])
      expect(text).not.toContain(never);
    const csv = readFileSync(`${out}.csv`, 'utf8');
    expect(csv).toContain(`tickets,${own.id},survey.comment,Took two days`);
    expect(csv).toContain(`ticketEntries,${theirs.id},timeline[0].text,Same leak here`);
    expect(csv).not.toContain('Their own words');

    // A malformed id is refused with the usage.
    const bad = await privacy('export', ...byAdmin, '--user', 'Wang', '--out', out);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('user: a Slack user id such as U0123ABCD');

    // Logged as for a contact: the customer's code, never the Slack user id.
    const log = await privacy('log', '--team', FAKE_TEAM_ID, '--as', ADMIN);
    expect(log.stdout.split('\t').slice(1, 4)).toEqual([
      'export.subject',
      ADMIN,
      `${code} contact`,
    ]);
    expect(log.stdout).toContain('"slackUser":true');
    expect(log.stdout).not.toContain(REQ);
  });

  test('erase --user: a dry run first; then nothing of what that Slack user typed, nor their user id, is left in any collection once the running app has published her App Home again (its outbox entry deleting itself); their tickets stay with the requester [erased]; log --user lists it', async () => {
    const REQ = 'U0CUSTREQ1';
    const SOMEONE = 'U0SOMEONE1';
    // What she typed, and her user id: none of it may be left anywhere afterwards.
    const TRACES = [
      REQ,
      'Coolant leak on line 3',
      'Coolant on the floor',
      'Photos of the leak',
      'Took two days',
      'Same leak here',
      'Second leak on line 4',
    ];
    await app.setSettings(() => ({ agents: [AGENT] }));
    const own = await coolantLeak(REQ, {
      claimedBy: AGENT,
      staffNote: `Asked <@${REQ}> for the part number`,
    });
    // Another person's ticket where she wrote once (her follow-up in the channel: a plain note
    // of hers there would be a staff entry, refused).
    const other = await makeCustomer(app, { name: 'Jinqiao Tools' });
    const theirs = await makeTicket(app, {
      customerCode: other.code,
      title: 'Invoice dispute',
      requester: { userId: SOMEONE, via: 'slack' },
    });
    await followUp(theirs.number, REQ, 'Same leak here');
    // She follows it too (as the requester view's Follow stores it, with when she began):
    // taken off at the erasure.
    await app.db.models.tickets.updateOne(
      { _id: theirs.id },
      { $set: { followers: [REQ], followedAt: [{ user: REQ, at: new Date() }] } },
    );
    // Her message in her customer's channel, not made into a ticket yet; another's naming her.
    const admin = await ctxOf(app, ADMIN);
    await app.desk.services.channels.link(admin, {
      channelId: 'C0HERCHAN1',
      customerCode: code,
      shared: true,
    });
    for (const [id, user, text] of [
      ['Ev0USERERA1', REQ, 'Second leak on line 4'],
      ['Ev0USERERA2', 'U0CUSTUSR1', `<@${REQ}> knows the valve`],
    ] as const)
      await app.desk.services.channels.receive(admin, id, 'message', {
        event: { type: 'message', channel: 'C0HERCHAN1', user, text },
        actor: user,
        external: true,
      });
    // The DMs she was sent (the survey, the steps) and the cards are in the outbox.
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const cardTs = (await app.db.models.tickets.findById(own.id).lean())!.card.ts;
    expect(cardTs).toBeTruthy();
    expect((await scan(TRACES)).length).toBeGreaterThan(5);

    const subject = ['--team', FAKE_TEAM_ID, '--as', ADMIN, '--user', REQ];
    const dry = await privacy('erase', ...subject);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toBe(
      `would erase Slack user ${REQ}: 1 ticket they requested (kept, the requester [erased], their report erased); their entries on 1 other ticket; 1 ticket they follow (taken off the followers); in customer channel messages not yet made into tickets (the events inbox): 2; run again with --yes\n`,
    );
    expect((await app.db.models.tickets.findById(own.id).lean())!.requester).toEqual({
      userId: REQ,
      via: 'slack',
    });

    const before = app.fake.calls.length;
    const erased = await privacy('erase', ...subject, '--yes');
    expect(erased.stderr).toBe('');
    expect(erased.status).toBe(0);
    expect(erased.stdout).toMatch(
      new RegExp(
        `^erased Slack user ${REQ}: \\d+ documents changed; ticket cards to update \\(with the App Homes listing them, by the running app\\): 2\\n$`,
      ),
    );
    // Her App Home (it listed her tickets' titles) is left to the running app: her id only in
    // its self-deleting outbox entry, whose key names nobody.
    expect(await scan(TRACES)).toEqual([`outbox.to: ${REQ}`]);
    const owed = (await app.db.models.outbox.findOne({ to: REQ }).lean())!;
    expect([owed.kind, owed.state, owed.forget, owed.key.startsWith('forget:home:')]).toEqual([
      'home',
      'pending',
      true,
      true,
    ]);
    // Her ticket stays, the customer's service record: the requester is the marker, the
    // staff's entries and the scores stay.
    const kept = (await app.db.models.tickets.findById(own.id).lean())!;
    expect(kept.requester).toEqual({ contactName: '[erased]', via: 'slack' });
    expect([kept.title, kept.description, kept.resolution]).toEqual([
      '[erased]',
      '[erased]',
      'Seal replaced',
    ]);
    expect(kept.survey).toMatchObject({ satisfaction: 2, comment: '[erased]', by: '[erased]' });
    expect(kept.timeline.filter((e) => e.by === AGENT).map((e) => e.action)).toEqual(
      expect.arrayContaining(['claim', 'note', 'resolve']),
    );
    expect(kept.timeline.find((e) => e.by === AGENT && e.action === 'note')!.text).toBe(
      'Asked [erased] for the part number',
    );
    const their = (await app.db.models.tickets.findById(theirs.id).lean())!;
    expect(their.title).toBe('Invoice dispute');
    expect(their.requester).toEqual({ userId: SOMEONE, via: 'slack' });
    expect([their.followers, their.followedAt]).toEqual([[], []]);
    // Her own message will not become a ticket; the other person's keeps its text without her.
    const events = await app.db.models.seenEvents.find().sort({ _id: 1 }).lean();
    expect(
      events.map((e) => [e._id.endsWith('Ev0USERERA1'), e.status, e.payload === undefined]),
    ).toEqual(expect.arrayContaining([[true, 'done', true]]));
    const redacted = events.find((e) => e._id.endsWith('Ev0USERERA2'))!;
    expect(JSON.parse(redacted.payload!).event.text).toBe('[erased] knows the valve');
    // The running app shows her ticket's card again without what she typed.
    app.clock.set(new Date(Date.now() + 10_000).toISOString());
    await app.desk.outbox.drain();
    const card = app.fake.updatesOf(cardTs, before);
    expect(card).toHaveLength(1);
    expect(JSON.stringify(card[0]!.args)).not.toContain('Coolant');
    expect(JSON.stringify(card[0]!.args)).not.toContain(REQ);
    // And her App Home again, from the records (none of her tickets' titles); that delivered, the
    // entry is deleted: nothing anywhere holds her id.
    const homes = app.fake.calls
      .slice(before)
      .filter((c) => c.method === 'views.publish' && c.args.user_id === REQ);
    expect(homes.map((c) => c.outcome)).toEqual(['ok']);
    expect(JSON.stringify(homes[0]!.args.view)).not.toContain('Coolant');
    expect(await scan(TRACES)).toEqual([]);

    // The log lists it by --user, never naming her; staff is refused; --user erases alone.
    const log = await privacy('log', ...subject);
    expect(log.status).toBe(0);
    expect(
      log.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(1, 4)),
    ).toEqual([['erase', ADMIN, `${code} contact`]]);
    expect(log.stdout).not.toContain(REQ);
    const all = await privacy('log', '--team', FAKE_TEAM_ID, '--as', ADMIN);
    expect(all.stdout.trim().split('\n')).toHaveLength(1);
    const staff = await privacy('erase', '--team', FAKE_TEAM_ID, '--as', ADMIN, '--user', AGENT);
    expect(staff.status).toBe(1);
    expect(staff.stderr).toContain(`${AGENT} works or has worked on the desk`);
    const both = await privacy('erase', ...subject, '--customer', code);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('erase takes --user alone');
  });

  test('erase --user whose ticket waits on them, its lease lost after the resume: the dry run says the resume; stderr how many resumes are owed and that the running app finishes the erasure itself; a re-run says it told them', async () => {
    const REQ = 'U0CUSTREQ2';
    await app.setSettings(() => ({ agents: [AGENT] }));
    const ticket = await makeTicket(app, {
      customerCode: code,
      title: 'Valve stuck on line 2',
      requester: { userId: REQ, via: 'slack' },
    });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(app, ticket.number, { action: 'wait', question: 'Which valve?' }, AGENT);
    const subject = ['--team', FAKE_TEAM_ID, '--as', ADMIN, '--user', REQ];
    const dry = await privacy('erase', ...subject);
    expect(dry.status).toBe(0);
    expect(dry.stdout.split('\n')[1]).toBe(
      '1 ticket waits on them ("Waiting on customer"): the erasure resumes it, by the desk, as nobody will be left to answer it; its SLA clock runs again',
    );

    const cut = await runTool(
      app,
      [
        '--import',
        'tsx',
        '--import',
        './test/cli/hooks/lease-taken-after-resume.ts',
        'src/cli/privacy.ts',
      ],
      ['erase', ...subject, '--yes'],
      { ADMIN_USER_IDS: ADMIN },
    );
    expect(cut.status).toBe(1);
    expect(cut.stdout).toBe('');
    expect(cut.stderr).toBe(
      `${tPlainText('en', 'cli.privacy.overran')}\n1 ticket that waited on them was resumed by the desk, its assignee and thread not told yet: they are told once this erasure is done, by running it again or, if nobody does, by the running app, which finishes it itself once no other erasure is running\n`,
    );
    const resumed = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(resumed.status).toBe('assigned');
    expect(resumed.erasureResumeOwed).toBeTruthy();

    // The other erasure done (its lease given back): run again, the resume is told.
    await app.db.models.erasureLeases.deleteMany({});
    const dms = () => app.db.models.outbox.countDocuments({ to: AGENT });
    const dmsBefore = await dms();
    const again = await privacy('erase', ...subject, '--yes');
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout.split('\n').slice(1)).toEqual([
      '1 ticket resumed by an earlier run of this erasure that was cut short: its resume is told now (its assignee and thread, by the running app)',
      '',
    ]);
    const told = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(told.erasureResumeOwed).toBeUndefined();
    expect(await dms()).toBe(dmsBefore + 1);
  });

  test('erase --user of a former guest owner: the dry run (en and zh-CN) and the result count the tickets, the task and the change log entry naming them as the owner; the log records them', async () => {
    const GUEST = 'U0GUESTOW3';
    // A closed ticket of the customer from when GUEST owned it (OWNER standing in), and an open
    // one whose L3 hand-over found GUEST the owner: the desk's tickets name them nowhere else.
    const closed = await makeTicket(app, { customerCode: code, title: 'Press 12 leaks' });
    await app.db.models.tickets.updateOne(
      { _id: closed.id },
      { $set: { status: 'closed', guestOwner: GUEST, closedAt: app.clock.now() } },
    );
    const open = await makeTicket(app, { customerCode: code, title: 'Press 14 leaks' });
    await app.db.models.tickets.updateOne(
      { _id: open.id },
      {
        $push: {
          timeline: {
            action: 'escalate',
            by: OWNER,
            at: app.clock.now(),
            level: 3,
            assigneeId: OWNER,
            owners: { accountManagerId: OWNER, guestOwner: GUEST },
          },
        },
      },
    );
    // A task planned for the one who stood in for GUEST (the owner then): it names them too.
    await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
      customerCode: code,
      kind: 'call',
      assigneeId: OWNER,
      dueDate: '2026-11-24',
      content: 'Call about the press',
      submissionId: 'erase-guest-owner-1',
    });
    await app.db.models.tasks.updateOne({ teamId: FAKE_TEAM_ID }, { $set: { guestOwner: GUEST } });
    // The customer's change log: the change of owner from GUEST to OWNER.
    const customer = (await app.db.models.customers
      .findOne({ teamId: FAKE_TEAM_ID, code })
      .lean())!;
    const change = await app.db.models.customerChanges.create({
      teamId: FAKE_TEAM_ID,
      customerId: customer._id,
      field: 'ownerId',
      oldValue: GUEST,
      newValue: OWNER,
      by: OWNER,
      at: app.clock.now(),
      source: 'slack',
    });
    const subject = ['--team', FAKE_TEAM_ID, '--as', ADMIN, '--user', GUEST];
    const dry = await privacy('erase', ...subject);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe(
      `would erase Slack user ${GUEST}: 0 tickets they requested (kept, the requester [erased], their report erased); their entries on 0 other tickets; 0 tickets they follow (taken off the followers); 2 tickets naming them as the customer's owner, not a member of the workspace then (their user id there [erased]); 1 task naming them as the customer's owner, not a member of the workspace then (their user id there [erased]); 1 change log entry naming them as a customer's owner, before or after the change (their user id there [erased]); in customer channel messages not yet made into tickets (the events inbox): 0; run again with --yes\n`,
    );
    const zh = await privacy('erase', ...subject, '--locale', 'zh-CN');
    expect(zh.stdout).toContain(
      '记有其为客户负责人（当时不是本工作区成员）的 2 张工单（其用户 ID 将改为 [erased]）；记有其为客户负责人（当时不是本工作区成员）的 1 项任务（其用户 ID 将改为 [erased]）；记有其为客户负责人（变更前或变更后）的 1 条变更记录（其用户 ID 将改为 [erased]）；',
    );

    const erased = await privacy('erase', ...subject, '--yes');
    expect(erased.stderr).toBe('');
    expect(erased.status).toBe(0);
    expect(erased.stdout).toMatch(
      new RegExp(
        `^erased Slack user ${GUEST}: \\d+ documents changed; 2 tickets named them as the customer's owner, not a member of the workspace then \\(their user id there now \\[erased\\]\\); 1 task named them as the customer's owner, not a member of the workspace then \\(their user id there now \\[erased\\]\\); 1 change log entry named them as a customer's owner, before or after the change \\(their user id there now \\[erased\\]\\); ticket cards`,
      ),
    );
    for (const id of [closed.id, open.id])
      expect(JSON.stringify(await app.db.models.tickets.findById(id).lean())).not.toContain(GUEST);
    const log = await app.db.models.privacyLog.findOne({ kind: 'erase' }).lean();
    expect(log?.detail).toMatchObject({ requested: 0, owned: 2, ownedTasks: 1, ownerChanges: 1 });
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    expect(task.guestOwner).toBe('[erased]');
    expect(await app.db.models.customerChanges.findById(change._id).lean()).toMatchObject({
      oldValue: '[erased]',
      newValue: OWNER,
    });
  });

  test('a customer erased before: the dry run and erase --yes say when it was erased, exit 0; one erasure in the privacy log, its date kept', async () => {
    const whole = ['--team', FAKE_TEAM_ID, '--as', ADMIN, '--customer', code];
    const first = await privacy('erase', ...whole, '--yes');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`erased customer ${code}: `);
    const erasedAt = (await app.db.models.customers.findOne({ code }).lean())!.erasedAt as Date;
    expect(erasedAt).toBeInstanceOf(Date);
    // Shown in the workspace's zone, as the tools show times.
    const when = zonedDateTime(
      erasedAt,
      (await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).timeZone,
    );
    const said = `customer ${code} was already erased on ${when}: nothing more to erase, and no other erasure is logged\n`;

    const dry = await privacy('erase', ...whole);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe(said);
    expect(dry.status).toBe(0);
    const again = await privacy('erase', ...whole, '--yes');
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(said);
    expect(again.status).toBe(0);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    expect((await app.db.models.customers.findOne({ code }).lean())!.erasedAt).toEqual(erasedAt);

    const zh = await runTool(
      app,
      toolArgs('privacy'),
      ['erase', ...whole, '--yes', '--locale', 'zh-CN'],
      {
        ADMIN_USER_IDS: ADMIN,
      },
    );
    expect(zh.stdout).toBe(
      `客户 ${code} 已于 ${when} 清除：没有需要再清除的内容，也不会再记录一次清除\n`,
    );
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  });

  test('a customer whose erasure was cut short after its rewrite: the dry run says so, not "nothing more to erase"; --yes finishes its links and logs the erasure, with its first date', async () => {
    const customer = await makeCustomer(app, { name: 'Jinling Tools' });
    await app.desk.services.channels.link(await ctxOf(app, ADMIN), {
      channelId: 'C0HUADONG1',
      customerCode: customer.code,
      shared: true,
    });
    // Erase in Slack, the process dying right after the customer's rewrite.
    const cut = vi
      .spyOn(DataSubjectRepository.prototype, 'nameErased')
      .mockRejectedValueOnce(new Error('process died'));
    try {
      await app.slack.viewSubmission(
        {
          id: 'V0CUT00001',
          callback_id: 'privacy_erase',
          private_metadata: JSON.stringify({ code: customer.code }),
          blocks: [],
        },
        {},
        { userId: ADMIN },
      );
    } finally {
      cut.mockRestore();
    }
    const erasedAt = (await app.db.models.customers.findOne({ code: customer.code }).lean())!
      .erasedAt as Date;
    expect(erasedAt).toBeInstanceOf(Date);
    expect(await scan(['Jinling Tools'])).not.toEqual([]);
    const when = zonedDateTime(
      erasedAt,
      (await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).timeZone,
    );
    const whole = ['--team', FAKE_TEAM_ID, '--as', ADMIN, '--customer', customer.code];

    const dry = await privacy('erase', ...whole);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe(
      `customer ${customer.code} was erased on ${when}, but that erasure was cut short: its name may still be on its channel links and tasks, and the erasure is not in the privacy log. Run again with --yes to finish it\n`,
    );
    expect(dry.status).toBe(0);
    const zh = await runTool(app, toolArgs('privacy'), ['erase', ...whole, '--locale', 'zh-CN'], {
      ADMIN_USER_IDS: ADMIN,
    });
    expect(zh.stdout).toContain('该次清除未完成');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);

    const run = await privacy('erase', ...whole, '--yes');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`erased customer ${customer.code}: `);
    expect(await scan(['Jinling Tools'])).toEqual([]);
    const log = await app.db.models.privacyLog.find({ kind: 'erase' }).lean();
    expect(log.map((e) => [e.subject, e.detail.via, e.detail.firstErasedAt])).toEqual([
      [customer.code, 'cli', erasedAt],
    ]);
    const again = await privacy('erase', ...whole);
    expect(again.stdout).toBe(
      `customer ${customer.code} was already erased on ${when}: nothing more to erase, and no other erasure is logged\n`,
    );
  });
});

/** Every string in the database that contains one of `needles`. */
const scan = (needles: string[]) => scanStrings(app.db, needles);
