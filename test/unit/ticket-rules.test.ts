import { describe, expect, test } from 'vitest';
import {
  allows,
  roleOnTicket,
  skillsMatch,
  slaTargets,
  ticketNumber,
} from '../../src/ticket/rules.js';
import { defaultSettings } from '../../src/workspace/settings.js';

const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: [],
  channels: {},
});

describe('ticket rules', () => {
  test.each([
    ['urgent', 'normal', 120],
    ['general', 'strategic', 240],
    ['general', 'normal', 480],
    ['important', 'key', 240],
  ] as const)(
    'first response for %s from a %s customer: the stricter, %i min',
    (severity, tier, minutes) => {
      expect(slaTargets(settings, severity, tier).responseMinutes).toBe(minutes);
    },
  );

  test('the resolution target follows the severity only; the first response still combines severity and tier', () => {
    const set = {
      ...settings,
      sla: {
        ...settings.sla,
        resolutionMinutesBySeverity: { urgent: 480, important: 1440, general: 4320 },
      },
    };
    for (const tier of ['strategic', 'key', 'normal'] as const)
      expect(
        (['urgent', 'important', 'general'] as const).map((sev) => slaTargets(set, sev, tier)),
        tier,
      ).toEqual(
        (['urgent', 'important', 'general'] as const).map((sev) => ({
          responseMinutes: slaTargets(settings, sev, tier).responseMinutes,
          resolutionMinutes: set.sla.resolutionMinutesBySeverity[sev],
          aroundTheClock: false,
          // The tier the first-response target was given for (a move up brings it forward).
          responseTier: tier,
        })),
      );
    // By default 72 h for every severity, as when it was one target.
    expect(slaTargets(settings, 'urgent', 'strategic').resolutionMinutes).toBe(72 * 60);
    expect(slaTargets(settings, 'general', 'normal').resolutionMinutes).toBe(72 * 60);
  });

  test('urgent tickets run 24x7 only when the workspace chose so', () => {
    expect(slaTargets(settings, 'urgent', 'key').aroundTheClock).toBe(false);
    const around = { ...settings, sla: { ...settings.sla, urgentAroundTheClock: true } };
    expect(slaTargets(around, 'urgent', 'key').aroundTheClock).toBe(true);
    expect(slaTargets(around, 'important', 'key').aroundTheClock).toBe(false);
  });

  test('numbers are T + year + four digits', () => {
    expect(ticketNumber(2026, 1)).toBe('T20260001');
    expect(ticketNumber(2026, 12345)).toBe('T202612345');
  });

  test('a closed ticket allows nothing; a resolved one only reopen, close and notes', () => {
    expect(['claim', 'note', 'reopen'].filter((a) => allows('closed', a as never))).toEqual([]);
    expect(
      ['claim', 'resolve', 'reopen', 'close', 'note'].filter((a) => allows('resolved', a as never)),
    ).toEqual(['reopen', 'close', 'note']);
  });

  test("who a reader is on a merge's target: its assignee first, then its requester, a follower, none", () => {
    const target = { assigneeId: 'UA', requester: { userId: 'UR' }, followers: ['UF', 'UA', 'UR'] };
    expect(roleOnTicket(target, 'UA')).toBe('assignee');
    expect(roleOnTicket(target, 'UR')).toBe('requester');
    expect(roleOnTicket(target, 'UF')).toBe('follower');
    expect(roleOnTicket(target, 'UX')).toBe('none');
    expect(roleOnTicket({}, 'UX')).toBe('none');
  });
});

describe('skillsMatch', () => {
  const on = (title: string, description = '') =>
    ({ type: 'consultation', title, description }) as const;
  test.each([
    [['ERP'], 'Interpreter needed', false],
    [['ERP'], 'ERP crashes', true],
    [['erp'], 'The ERP-system is down', true],
    [['ERP'], 'ERP系统崩溃', true],
    [['UI'], 'The build fails', false],
    [['API'], 'Capital expenses report', false],
    [['printer'], 'Printers jam on every job', true],
    [['network printer'], 'The network printer is offline', true],
    [['network printer'], 'Printer on the network', false],
    [['网络'], '客户说网络断了', true],
    [['扫码枪'], '扫码枪无法识别', true],
    [['consultation'], 'Anything', true],
    // A skill with a symbol word boundaries drop is matched as written, not as its letters.
    [['C#'], 'Plan C failed', false],
    [['C#', 'C++'], 'C盘满了', false],
    [['C++'], 'Plan C failed', false],
    [['C#'], 'The C# service crashes', true],
    [['c#'], 'Crash in our service (C#).', true],
    [['C++'], 'C++ build broken', true],
    [['C++'], 'Our C++/CLI wrapper', true],
    [['C#'], 'C盘满了, C#程序无法启动', true],
    [['.NET'], 'The .NET runtime fails.', true],
    [['.NET'], 'Internet is down', false],
    [['.NET'], 'The net is down', false],
    [['R&D'], 'R&D cannot log in', true],
    [['R&D'], 'R and D', false],
    [['Visual C++'], 'visual   c++ 2022 crashes', true],
  ] as const)('%j in "%s": %s', (skills, title, expected) => {
    expect(skillsMatch(skills, on(title))).toBe(expected);
  });
});
