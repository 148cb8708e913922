// An admin's first month with the desk, in OAuth mode: Acme installs the app from the desk's
// install page (its first admin is the installer), sets it up in Slack (channels, business hours
// with a lunch break, China's 2026 holidays plus the company's own span over National Day, SLA
// targets, roles), imports its customers with the CSV import the CLI runs, and its team opens,
// claims and resolves tickets across the holiday. The admin shortens the company's span after
// tickets are open (the card in the triage channel, the lists and the history follow), reads
// `/desk settings history`, handles a data-subject request (an export refused by Slack for a
// scope the first install lacked, the reinstall that grants it, the export, the erasure), and
// finally the app is uninstalled from Acme (data kept) and from Globex (eraseOnUninstall on).
// Each step goes through the real Bolt stack (signed requests, the fake Slack) and asserts what
// the people read.
import { describe, expect, test } from 'vitest';
import { importCustomers } from '../../src/customer/csv.js';
import { contextIn } from '../helpers/context.js';
import {
  ACME_INSTALL as ACME,
  GLOBEX_INSTALL as GLOBEX,
  installFromPage,
  oauthEnv,
} from '../helpers/oauth.js';
import {
  AGENT,
  AGENT2,
  ALERTS,
  all,
  at,
  DIGEST,
  ESCALATION,
  EXPERT,
  MANAGER,
  OWNER,
  shown,
  TRIAGE,
  useWalkDesk,
} from '../helpers/walk.js';

const who = (userId: string, teamId = ACME.teamId!) => ({ teamId, userId });
const ADMIN = who(ACME.installerUserId);
const GLOBEX_ADMIN = who(GLOBEX.installerUserId, GLOBEX.teamId!);

// Monday 2026-09-21 09:00 in Shanghai.
const { app, lastModal, lastReply, click, card } = useWalkDesk({
  env: oauthEnv(),
  now: '2026-09-21T01:00:00Z',
  teamId: ACME.teamId!,
});

const seenSince = (from: number) => app.fake.calls.slice(from);

/** An input of a modal by its field (a redrawn modal's ids carry a revision: `holidays~1`). */
const fieldOf = (view: Record<string, any>, id: string) =>
  (view.blocks as any[]).find((b) => b.block_id === id || b.block_id?.startsWith(`${id}~`));

/** `/desk settings <group>` by the admin, filled in with `form` and saved; the answer. */
async function saveGroup(group: string, form: Record<string, string>, admin = ADMIN) {
  await app.slack.command('/desk', `settings ${group}`, admin);
  const res = await app.slack.submitView(lastModal(), form, admin);
  expect(res.body).toBe('');
  return lastReply();
}

async function fileTicket(userId: string, title: string, form: Record<string, string>) {
  await app.slack.command('/ticket', `new ${title}`, who(userId));
  expect((await app.slack.submitView(lastModal(), form, who(userId))).body).toBe('');
  await app.desk.outbox.drain();
}

/** Slack's app_uninstalled for a workspace, sent now. */
let stops = 0;
function uninstalled(teamId: string) {
  const eventTime = Math.floor(app.clock.now().getTime() / 1000);
  return app.slack.eventDelivery(
    { type: 'app_uninstalled', event_ts: `${eventTime}.000400` },
    { eventId: `Ev0WALKSTOP${++stops}`, installedTeamId: teamId, eventTime },
  );
}

describe('an admin’s first month with the desk, in OAuth mode', () => {
  test('install, set-up, import, tickets across National Day, a holiday changed, history, a privacy request, reinstall, uninstalls', async () => {
    // Monday 21 September: the installer adds the desk from its install page; the Home tab says
    // what to set up first.
    await installFromPage(app, 'code-acme', ACME);
    let from = app.fake.calls.length;
    await app.slack.event(
      { type: 'app_home_opened', user: ADMIN.userId, channel: 'D0HOME0001', tab: 'home' },
      { teamId: ACME.teamId! },
    );
    const firstHome = all(seenSince(from));
    expect(firstHome).toContain('No triage channel is set');
    expect(firstHome).toContain('No managers are set');
    expect(firstHome).toContain('No holidays are entered for the next 12 months');
    expect(app.fake.callsTo('views.publish').at(-1)!.token).toBe(ACME.botToken);

    // Channels, then business hours with a lunch break: no ticket yet, and it says so plainly.
    expect(
      await saveGroup('channels', {
        channel_triage: TRIAGE,
        channel_escalation: ESCALATION,
        channel_alerts: ALERTS,
        channel_digest: DIGEST,
      }),
    ).toBe('Settings saved: *Channels* (4 fields changed).');
    expect(await saveGroup('hours', { windows: '09:00-12:00, 13:00-18:00' })).toBe(
      "Settings saved: *Business hours* (1 field changed). No open ticket's SLA clock moved.",
    );

    // Holidays: China's 2026 calendar loaded, then the company's own span over National Day
    // (30 September to 9 October) typed under it; the modal says how once.
    await app.slack.command('/desk', 'settings holidays', ADMIN);
    const holidays: Record<string, any> = { ...lastModal(), id: 'V0HOLIDAYS1' };
    expect(JSON.stringify(holidays.blocks).split('a range as 2026-10-01~2026-10-07')).toHaveLength(
      2,
    );
    await app.slack.blockAction(
      { action_id: 'settings_load_holidays', value: '2026' },
      { ...ADMIN, view: { ...holidays, state: { values: {} } } },
    );
    const loaded = { ...lastModal(), id: 'V0HOLIDAYS1' };
    const publicDays = fieldOf(loaded, 'holidays').element.initial_value as string;
    expect(publicDays).toContain('2026-10-07');
    expect(fieldOf(loaded, 'extra_workdays').element.initial_value).toContain('2026-10-10');
    await app.slack.submitView(
      loaded,
      { [fieldOf(loaded, 'holidays').block_id]: `${publicDays}\n2026-09-30~2026-10-09` },
      ADMIN,
    );
    expect(lastReply()).toBe(
      "Settings saved: *Holidays* (2 fields changed). No open ticket's SLA clock moved.",
    );
    const calendar = (await app.desk.services.workspaces.settings(ACME.teamId!)).businessHours;
    expect(calendar.holidays).toEqual(
      expect.arrayContaining(['2026-09-30', '2026-10-01', '2026-10-08', '2026-10-09']),
    );

    // SLA: general x normal in 6 business hours, an urgent ticket resolved in 48.
    expect(await saveGroup('sla', { resp_general_normal: '6', resolution_urgent: '48' })).toContain(
      'Settings saved: *SLA targets* (2 fields changed).',
    );
    // Roles: who works tickets, who escalates, who owns customers.
    await app.slack.command('/desk', 'roles', ADMIN);
    await app.slack.submitView(
      lastModal(),
      {
        managers: MANAGER,
        agents: `${AGENT},${AGENT2}`,
        experts: EXPERT,
        account_managers: OWNER,
      },
      ADMIN,
    );
    expect(lastReply()).toContain(
      'Roles saved: 1 admin, 1 manager, 2 agents, 1 expert, 1 account manager.',
    );

    // Customers come from last year's spreadsheet, by the CSV import the CLI runs (no Slack
    // surface imports a file).
    const importing = await contextIn(app.desk, ADMIN.userId, app.clock.now(), {
      origin: 'import',
      teamId: ACME.teamId!,
    });
    const imported = await importCustomers(
      app.desk.services.customers,
      importing,
      'Name,Industry,Source,First contact,Owner,Contact,Contact title,Phone,Email,Annual revenue\n' +
        `Huadong Machinery,Manufacturing,referral,2026-09-01,${OWNER},Wang Fang,Buyer,13800138000,wang.fang@huadong.example,300000\n` +
        `Beijing Optics,Optics,exhibition,2026-09-02,${OWNER},Li Lei,Lab manager,13900139000,li.lei@optics.example,800000\n`,
    );
    expect(imported).toMatchObject({ created: 2, errors: [] });

    // Tuesday 29 September, the afternoon before the break: two tickets. Huadong's (general,
    // normal: 6 h) has 2 h today, then the break and the make-up Saturday 10 October: due then
    // 14:00; Optics' (important, key: 4 h) at 11:30 that Saturday.
    app.clock.set(at('2026-09-29 16:00'));
    await fileTicket(AGENT, 'Printer offline', {
      customer: 'C2026001',
      severity: 'general',
      type: 'after_sales',
      channel: 'phone',
      description: 'Printer offline after firmware 3.2',
    });
    expect(card('T20260001')).toContain(
      `6 h of business time left, due ${shown('2026-10-10 14:00')}`,
    );
    app.clock.set(at('2026-09-29 16:30'));
    await fileTicket(AGENT2, 'Lens coating defect', {
      customer: 'C2026002',
      severity: 'important',
      type: 'consultation',
      channel: 'email',
      description: 'Batch 42 coating peels',
    });
    expect(card('T20260002')).toContain(
      `4 h of business time left, due ${shown('2026-10-10 11:30')}`,
    );
    app.clock.set(at('2026-09-29 17:00'));
    await click('ticket_claim', 'T20260001', AGENT);
    await app.desk.outbox.drain();
    expect(card('T20260001')).toContain(`<@${AGENT}> · L1`);

    // 17:30 the company decides to open again on Thursday 8 October: the admin takes the 8th
    // and 9th out of the holidays. The confirmation counts the tickets whose clocks moved; the
    // cards in the triage channel show the new due times, as the list and the ticket do.
    app.clock.set(at('2026-09-29 17:30'));
    await app.slack.command('/desk', 'settings holidays', ADMIN);
    const now = fieldOf(lastModal(), 'holidays').element.initial_value as string;
    const shortened = now
      .split('\n')
      .filter((d) => d !== '2026-10-08' && d !== '2026-10-09')
      .join('\n');
    await app.slack.submitView(lastModal(), { holidays: shortened }, ADMIN);
    expect(lastReply()).toBe(
      'Settings saved: *Holidays* (1 field changed). The SLA clocks of 2 open tickets were computed again.',
    );
    await app.desk.outbox.drain();
    expect(card('T20260001')).toContain(
      `4 h 30 min of business time left, due ${shown('2026-10-08 14:00')}`,
    );
    expect(card('T20260002')).toContain(`due ${shown('2026-10-08 11:30')}`);
    expect(card('T20260001') + card('T20260002')).not.toContain('2026-10-10');
    from = app.fake.calls.length;
    await app.slack.command('/ticket', 'list', who(MANAGER));
    const list = all(seenSince(from));
    expect(list).toContain(`due ${shown('2026-10-08 11:30')} · Unassigned`);
    expect(list).toContain(`due ${shown('2026-10-08 14:00')} · <@${AGENT}>`);

    // The history says what changed: the two days removed, not the first dates of the year.
    from = app.fake.calls.length;
    await app.slack.command('/desk', 'settings history', ADMIN);
    const history = all(seenSince(from));
    expect(history).toContain(
      `*Holidays* · ${shown('2026-09-29 17:30')} · <@${ADMIN.userId}>\nHolidays (one date or range a line): removed 2026-10-08, 2026-10-09`,
    );
    expect(history).toContain('Holidays (one date or range a line): added 2026-01-01, 2026-01-02');
    expect(history).toContain(
      'Business hours each working day: 09:00-18:00 → 09:00-12:00, 13:00-18:00',
    );
    expect(history).toContain('First response: general × normal (hours): 8 → 6');
    expect(history).toContain(`Managers: (none) → <@${MANAGER}>`);

    // Thursday 8 October, back at work: Huadong's printer is fixed.
    app.clock.set(at('2026-10-08 10:00'));
    await click('ticket_resolve_open', 'T20260001', AGENT);
    await app.slack.submitView(lastModal(), { resolution: 'Rolled back the firmware' }, who(AGENT));
    await app.desk.outbox.drain();
    expect(card('T20260001')).toContain(`Resolved ${shown('2026-10-08 10:00')}`);

    // Monday 12 October: Li Lei of Beijing Optics asks for their data. The first install has
    // no files:write: Slack refuses the upload, and the admin is told what would fix it.
    app.clock.set(at('2026-10-12 10:00'));
    app.fake.failNext('files.getUploadURLExternal', 'missing_scope');
    await app.slack.command('/desk', 'privacy export C2026002 Li Lei', ADMIN);
    expect(lastReply()).toContain('lacks the `files:write` permission, so nothing was shared');
    expect(lastReply()).toContain('a workspace admin installs the app again to grant it');
    expect(lastReply()).not.toContain('try again in a minute');
    // The admin installs the app again with the manifest's scopes: the same record, the new
    // token, still the desk's admin; the export goes to their DM.
    await installFromPage(app, 'code-acme-2', {
      ...ACME,
      botToken: 'xoxb-acme-0002-secret',
      scopes: [...ACME.scopes!, 'files:write'],
    });
    const install = await app.db.models.installations.findOne({ key: ACME.teamId }).lean();
    expect(install!.scopes).toContain('files:write');
    await app.slack.command('/desk', 'privacy export C2026002 Li Lei', ADMIN);
    expect(lastReply()).toContain('The export of C2026002 contact (1 document, JSON and CSV)');
    const files = app.fake.sharedFiles(`D${ADMIN.userId.slice(1)}`);
    expect(files.map((f) => f.filename)).toEqual([
      'C2026002-contact-2026-10-12.json',
      'C2026002-contact-2026-10-12.csv',
    ]);
    expect(app.fake.tookCalls('files.completeUploadExternal').at(-1)!.token).toBe(
      'xoxb-acme-0002-secret',
    );
    // Then the erasure, confirmed in its modal: its one ticket card is drawn again.
    await app.slack.command('/desk', 'privacy erase C2026002 Li Lei', ADMIN);
    expect(JSON.stringify(lastModal().blocks)).toContain('Not found in the typed text');
    await app.slack.submitView(lastModal(), {}, ADMIN);
    expect(lastReply()).toContain(
      "Erased the contact of C2026002: 1 document changed. Recorded in the privacy log. The cards in the triage channel of the customer's tickets and of other customers' tickets that named what was erased (1 card in all) and the App Homes that list them are being updated",
    );
    await app.desk.outbox.drain();
    from = app.fake.calls.length;
    await app.slack.command('/desk', 'privacy log', ADMIN);
    expect(all(seenSince(from))).toContain('erasure · <@U0ACMEADM1> · C2026002 contact');
    expect(await app.db.models.customers.findOne({ code: 'C2026002' }).lean()).toMatchObject({
      contacts: [],
    });

    // A second workspace, Globex, installs the desk and asks for its data to go with the app.
    await installFromPage(app, 'code-globex', GLOBEX);
    expect(await saveGroup('privacy', { erase_on_uninstall: 'yes' }, GLOBEX_ADMIN)).toBe(
      'Settings saved: *Personal data* (1 field changed).',
    );
    await app.desk.services.customers.create(
      await contextIn(app.desk, GLOBEX.installerUserId, app.clock.now(), {
        teamId: GLOBEX.teamId!,
      }),
      {
        name: 'Globex Customer',
        industry: 'Retail',
        source: 'referral',
        firstContactDate: '2026-10-01',
        ownerId: GLOBEX.installerUserId,
      },
    );

    // Tuesday 20 October: both workspaces remove the app. Acme keeps its data (the default);
    // Globex's is erased at once. Either way a command is told the desk is not connected.
    app.clock.set(at('2026-10-20 10:00'));
    expect((await uninstalled(GLOBEX.teamId!)).status).toBe(200);
    expect((await uninstalled(ACME.teamId!)).status).toBe(200);
    const count = (teamId: string) =>
      Promise.all(
        [app.db.models.customers, app.db.models.tickets, app.db.models.workspaces].map((m) =>
          (m as any).countDocuments({ teamId }),
        ),
      );
    expect(await count(ACME.teamId!)).toEqual([2, 2, 1]);
    expect(await count(GLOBEX.teamId!)).toEqual([0, 0, 0]);
    for (const person of [who(MANAGER), GLOBEX_ADMIN]) {
      const res = await app.slack.command('/ticket', 'list', person);
      expect(res.body.text).toBe(
        'The desk is not connected to this workspace (its access was removed, or it was never installed here), so nothing was done. A workspace admin can connect it by installing the app.',
      );
    }
  });
});
