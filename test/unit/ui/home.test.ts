import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { homeView, type HomeInput } from '../../../src/ui/home.js';
import { HOME, TASK, TICKET } from '../../../src/ui/ids.js';
import {
  COMMANDS,
  TODAY,
  clock,
  customer,
  task,
  ticket,
  workspaceSettings,
} from '../../helpers/records.js';
import { expectValidView, mrkdwn, visibleText } from '../../helpers/ui.js';

const WORDS = {
  en: {
    title: 'Customer care desk',
    find: 'Find customers by name, code, contact or tag',
    figures:
      'Opened 12,345 · Resolved 1,234 · First response on time 76% · First-contact resolution 100%',
    counts: [
      '*Your open tickets* (1,200)',
      '*Unassigned* (2,500)',
      '…and 1,199 more: `/ticket mine` lists them.',
    ],
    footer: 'Workspace time zone: Asia/Shanghai · language: English',
  },
  'zh-CN': {
    title: '客户服务台',
    find: '按名称、编号、联系人或标签查找客户',
    figures: '新建 12,345 · 已解决 1,234 · 首次响应及时率 76% · 首次接触解决率 100%',
    counts: [
      '*我的未结工单*（1,200）',
      '*未分配*（2,500）',
      '……还有 1,199 条，用 `/ticket mine` 查看。',
    ],
    footer: '工作区时区：北京时间 · 语言：简体中文',
  },
} as const;

const none = { items: [], total: 0 };
const AGENT: HomeInput = {
  mine: {
    items: [
      { ticket: ticket({ number: 'T20260001', assigneeId: 'UAGENT' }), clock: clock() },
      {
        ticket: ticket({ number: 'T20260002', assigneeId: 'UAGENT', status: 'waiting' }),
        clock: clock({ paused: true }),
      },
    ],
    total: 12,
  },
  waitingOnMe: none,
  tasks: { items: [task({ id: 'task-1', dueDate: TODAY })], total: 1 },
  signals: {
    items: [customer({ code: 'C2026009', lifecycle: 'churn_warning' })],
    total: 1,
  },
};
const queue = (number: string) => ({
  items: [{ ticket: ticket({ number }), clock: clock() }],
  total: 1,
});
const MANAGER: HomeInput = {
  ...AGENT,
  team: {
    unassigned: queue('T20260011'),
    breaching: queue('T20260012'),
    overdue: none,
    escalatedUnassigned: queue('T20260013'),
    week: { since: '2026-11-23', opened: 7, resolved: 4, onTime: 0.75, firstContact: null },
    outbox: { pending: 0, edits: 0, dead: 0, deadEdits: 0, deadFailing: 0, firstDead: {} },
  },
};
const ADMIN: HomeInput = {
  ...MANAGER,
  problems: [{ kind: 'noHolidays' }, { kind: 'notInChannel', channel: 'C0GONE0001' }],
};

describe.each(LOCALES)('homeView in %s', (locale) => {
  const t = translator(locale);
  const home = (data: HomeInput) =>
    homeView(t, workspaceSettings(locale), COMMANDS, data, TODAY, 'UAGENT');
  const actionIds = (view: ReturnType<typeof home>) =>
    JSON.stringify(view.blocks).match(/"action_id":"[a-z_]+"/g) ?? [];

  test("an agent's Home: their tickets due first with Open, tasks with Done, signals; no team, no settings", () => {
    const view = home(AGENT);
    expectValidView(view);
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: WORDS[locale].title } });
    const text = mrkdwn(view);
    expect(text).toContain(t('home.mine.title', { total: 12 }));
    expect(text).toContain('*T20260001*');
    expect(text).toContain(t('ticket.list.paused'));
    // Where the rest are, as every ticket list of the Home says (revhome F3).
    expect(text).toContain(t('home.more.in', { count: 10, command: '/ticket mine' }));
    expect(text).toContain(t('home.waiting.none'));
    expect(text).toContain(t('home.tasks.title', { total: 1 }));
    expect(text).toContain(t('home.signal.churn'));
    expect(actionIds(view)).toContain(`"action_id":"${TICKET.open}"`);
    expect(actionIds(view)).toContain(`"action_id":"${TASK.doneOpen}"`);
    expect(actionIds(view)).not.toContain(`"action_id":"${HOME.settingsOpen}"`);
    expect(text).not.toContain(t('home.team.unassigned', { total: 1 }));
    expect(view).toMatchSnapshot();
  });

  test("a manager's Home adds the team queue and this week so far", () => {
    const view = home(MANAGER);
    expectValidView(view);
    const text = mrkdwn(view);
    expect(text).toContain(t('home.team.unassigned', { total: 1 }));
    expect(text).toContain(t('home.team.breaching', { total: 1 }));
    expect(text).toContain(t('home.team.escalated', { total: 1 }));
    expect(text).toContain(
      t('home.week.figures', { opened: 7, resolved: 4, onTime: '75%', fcr: '–' }),
    );
    expect(text).toContain(t('home.outbox.ok'));
    expect(actionIds(view)).not.toContain(`"action_id":"${HOME.rolesOpen}"`);
  });

  test("figures read in the reader's language: counts grouped, percentages as the locale writes them", () => {
    const many = (number: string, total: number) => ({ ...queue(number), total });
    const text = mrkdwn(
      home({
        ...MANAGER,
        mine: many('T20260001', 1200),
        team: {
          ...MANAGER.team!,
          unassigned: many('T20260011', 2500),
          week: {
            since: '2026-11-23',
            opened: 12_345,
            resolved: 1_234,
            onTime: 0.756,
            firstContact: 1,
          },
        },
      }),
    );
    expect(text).toContain(WORDS[locale].figures);
    for (const count of WORDS[locale].counts) expect(text).toContain(count);
    expect(text).not.toMatch(/\d %|12345|1200/);
  });

  test('a share short of all (or above none) is never rounded to 100% (or 0%): 199 on time of 200 read 99.5%, 1 of 300 0.3%', () => {
    const week = (onTime: number, firstContact: number) =>
      mrkdwn(
        home({
          ...MANAGER,
          team: {
            ...MANAGER.team!,
            week: { since: '2026-11-23', opened: 200, resolved: 200, onTime, firstContact },
          },
        }),
      );
    const figures = (onTime: string, fcr: string) =>
      t('home.week.figures', { opened: 200, resolved: 200, onTime, fcr });
    expect(week(199 / 200, 1 / 300)).toContain(figures('99.5%', '0.3%'));
    expect(week(9_999 / 10_000, 1 / 10_000)).toContain(figures('99.9%', '0.1%'));
    expect(week(1, 0)).toContain(figures('100%', '0%'));
    expect(week(0.756, 0.994)).toContain(figures('76%', '99%'));
  });

  test("an admin's Home adds Settings, Roles and what blocks the desk", () => {
    const view = home(ADMIN);
    expectValidView(view);
    const text = mrkdwn(view);
    expect(actionIds(view)).toContain(`"action_id":"${HOME.settingsOpen}"`);
    expect(actionIds(view)).toContain(`"action_id":"${HOME.rolesOpen}"`);
    expect(text).toContain(t('home.problem.noHolidays'));
    expect(text).toContain('<#C0GONE0001>');
    expect(home({ ...ADMIN, problems: [] }).blocks.map((b) => mrkdwn([b]))).toContain(
      t('home.problem.none'),
    );
  });

  describe('every section full at once stays within the 100 blocks of a Home tab', () => {
    const full = (n: number, total = 99) => ({
      items: Array.from({ length: n }, (_, i) => ({
        ticket: ticket({ number: `T2026${String(i).padStart(4, '0')}` }),
        clock: clock(),
      })),
      total,
    });
    const tasks = (n: number, over: Partial<Parameters<typeof task>[0]> = {}) => ({
      items: Array.from({ length: n }, (_, i) => task({ id: `t${i}`, ...over })),
      total: 99,
    });
    // What every role may read at once (src/flows/home.ts), each list as full as it is read.
    const personal: HomeInput = {
      mine: full(10),
      waitingOnMe: full(5),
      // The rows' own verbs: each task row is its Done and a row of buttons.
      tasks: tasks(5),
      toApprove: tasks(3, { approverId: 'UAGENT', assigneeId: 'UOTHER' }),
      helping: tasks(3, { helperId: 'UAGENT', assigneeId: 'UOTHER' }),
      signals: {
        items: Array.from({ length: 5 }, (_, i) => ({
          ...customer({
            code: `C${i}`,
            name: 'x'.repeat(200),
            lifecycle: 'churn_warning',
            contractEndDate: '2026-12-31',
          }),
          contractEnds: true,
        })),
        total: 99,
      },
      noAdmin: { team: 'T0TEAM0001', user: 'UAGENT' },
    };
    const risk: HomeInput['risk'] = {
      churn: {
        items: Array.from({ length: 5 }, (_, i) => ({ name: 'x'.repeat(200), code: `C${i}` })),
        total: 99,
      },
      low: 12,
    };
    const team: HomeInput['team'] = {
      ...MANAGER.team!,
      unassigned: full(5),
      breaching: full(5),
      overdue: full(5),
      escalatedUnassigned: full(5),
      outbox: {
        pending: 0,
        edits: 0,
        dead: 2,
        deadEdits: 0,
        deadFailing: 0,
        firstDead: { refused: { to: 'C1' } },
      },
    };
    const ROLES: [string, HomeInput][] = [
      ['an agent who owns customers', { ...personal, customersUnassigned: full(5) }],
      ['an account manager', { ...personal, customersUnassigned: full(5), risk }],
      ['a manager who is an account manager', { ...personal, risk, team }],
      [
        'an admin who is an account manager',
        {
          ...personal,
          noAdmin: undefined,
          risk,
          team,
          problems: [
            { kind: 'noTriage' },
            { kind: 'noManagers' },
            { kind: 'noHolidays' },
            { kind: 'noDigest' },
            { kind: 'noUsersReadOauth' },
            ...Array.from({ length: 9 }, (_, i) => ({
              kind: 'notInChannel' as const,
              channel: `C0GONE000${i}`,
              dismissable: true,
            })),
          ],
        },
      ],
    ];
    const draw = (data: HomeInput) =>
      homeView(
        t,
        // With the triage channel's line too.
        { ...workspaceSettings(locale), channels: { triage: 'C0TRIAGE01' } },
        // As many commands as the desk has (/ticket, /customer, /task, /desk).
        [...COMMANDS, ...COMMANDS],
        data,
        TODAY,
        'UAGENT',
      );
    const more = (command: string) => t('home.more.in', { count: 96, command });

    test.each(ROLES)('%s: every row as read', (_, data) => {
      const view = draw(data);
      expectValidView(view);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      const text = mrkdwn(view);
      // Nothing trimmed: ten of their own tickets, five of each queue, three of each task list;
      // each ticket list names the command that lists the rest.
      expect(text).toContain(t('home.more.in', { count: 89, command: '/ticket mine' }));
      expect(text).not.toContain(t('home.more', { count: 89 }));
      expect(text).toContain(t('home.more.in', { count: 94, command: '/ticket requests' }));
      if (data.customersUnassigned)
        expect(text).toContain(more('/ticket list unassigned').replace('96', '94'));
      if (data.team) {
        const queue = (command: string) => t('home.more.in', { count: 94, command });
        expect(text).toContain(queue('/ticket list unassigned'));
        expect(text).toContain(queue('/ticket list open'));
        expect(text).toContain(queue('/ticket list overdue'));
      }
      // Nothing lists an owner's customers with signals: the rest counted only.
      expect(text).toContain(t('home.more', { count: 94 }));
      expect(text).toContain(t('home.tasks.more', { count: 94 }));
      expect(text).toContain(t('task.approve.more', { count: 96 }));
      expect(text).toContain(t('task.more', { count: 96 }));
    });

    test('more than a Home holds (a future section, a longer list): the lists a command shows in full give up rows first, three kept, and say where the rest are', () => {
      const [, admin] = ROLES[3]!;
      const view = draw({
        ...admin,
        // Read for nobody who has a team queue today: the sections of tomorrow, all the same.
        customersUnassigned: full(5),
        noAdmin: { team: 'T0TEAM0001', user: 'UAGENT' },
      });
      expectValidView(view);
      expect(view.blocks.length).toBe(100);
      const text = mrkdwn(view);
      // 107 blocks: the team queues give up two rows each (the breaching one a row), three kept.
      expect(text).toContain(t('home.more.in', { count: 96, command: '/ticket list unassigned' }));
      expect(text).toContain(t('home.more.in', { count: 96, command: '/ticket list overdue' }));
      expect(text).toContain(t('home.more.in', { count: 95, command: '/ticket list open' }));
      // The person's own work as read: their tickets, tasks, what they sign off and help with.
      expect(text).not.toContain(more('/ticket mine'));
      expect(text).toContain(t('home.more.in', { count: 89, command: '/ticket mine' }));
      expect(text).toContain(t('home.tasks.more', { count: 94 }));
      expect(text).toContain(t('task.more', { count: 96 }));
      expect(text).toContain(t('home.customersUnassigned.title', { total: 99 }));
    });

    test('however much there is, the Home is published: every list down to a row before Slack would refuse it', () => {
      const [, admin] = ROLES[3]!;
      const view = draw({
        ...admin,
        customersUnassigned: full(5),
        noAdmin: { team: 'T0TEAM0001', user: 'UAGENT' },
        problems: Array.from({ length: 4 }, () => admin.problems!).flat(),
      });
      expectValidView(view);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(mrkdwn(view)).toContain(more('/ticket mine'));
    });
  });

  test("an account manager's Home lists their customers' tickets nobody holds, with Open, counting the rest", () => {
    const view = home({
      ...AGENT,
      customersUnassigned: { items: queue('T20260021').items, total: 8 },
    });
    expectValidView(view);
    const text = mrkdwn(view);
    expect(text).toContain(t('home.customersUnassigned.title', { total: 8 }));
    expect(text).toContain('T20260021');
    expect(text).toContain(t('home.more.in', { count: 7, command: '/ticket list unassigned' }));
    expect(mrkdwn(home({ ...AGENT, customersUnassigned: none }))).toContain(
      t('home.customersUnassigned.none'),
    );
    expect(mrkdwn(home(AGENT))).not.toContain(t('home.customersUnassigned.none'));
  });

  test("a guest's Home: the tickets waiting on them with their numbers not linked to the triage card (a member's are)", () => {
    const card = {
      channel: 'C0TRIAGE01',
      ts: '1764000000.000100',
      permalink: 'https://acme.slack.com/archives/C0TRIAGE01/p1764000000000100',
      pending: false,
    };
    const waitingOnMe = {
      items: [{ ticket: ticket({ number: 'T20260031', card }), clock: clock({ paused: true }) }],
      total: 1,
    };
    const guest = mrkdwn(home({ ...AGENT, waitingOnMe, guest: 'permission.denied.guestRead' }));
    expect(guest).toContain('*T20260031*');
    expect(guest).not.toContain(card.permalink);
    expect(mrkdwn(home({ ...AGENT, waitingOnMe }))).toContain(`<${card.permalink}|T20260031>`);
  });

  test('the commands: each usage with what it does', () => {
    const text = mrkdwn(home(AGENT));
    const find = `/customer find &lt;${locale === 'en' ? 'text' : '文本'}&gt;`;
    expect(text).toContain(`\`${find}\`  ${WORDS[locale].find}`);
    expect(text).toContain(`\`/ticket mine\`  ${t('help.ticket.mine')}`);
    expect(text).toContain(WORDS[locale].footer);
    expect(visibleText(home(ADMIN))).not.toMatch(/(help|home)\.\w+/);
  });
});
