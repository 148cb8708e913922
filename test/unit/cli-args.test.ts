// The operator tools' `--team` and `--as` take the ids the app takes from Slack's payloads, no
// more: an id the app would refuse in a request (too long, lower case) is refused on the command
// line with the argument's own message, before any database is opened.
import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { ARGS_PARSE, refuseArguments, sayIn, teamIdArg, userIdArg } from '../../src/cli/shared.js';

const refusal = (schema: typeof teamIdArg, value: string) =>
  schema.safeParse(value).error?.issues[0]?.message;

describe('operator tool ids', () => {
  test('--team: a workspace or an org id as Slack makes them', () => {
    expect(teamIdArg.parse('T01ABC')).toBe('T01ABC');
    expect(teamIdArg.parse('E01ABC')).toBe('E01ABC');
    expect(refusal(teamIdArg, 't01abc')).toBe('cli.args.teamId');
    expect(refusal(teamIdArg, `T${'A'.repeat(32)}`)).toBe('cli.args.teamId');
  });

  test('--as: a user id as Slack makes them', () => {
    expect(userIdArg.parse('W02DEF')).toBe('W02DEF');
    expect(refusal(userIdArg, 'C01ABC')).toBe('cli.args.userId');
    expect(refusal(userIdArg, `U${'A'.repeat(32)}`)).toBe('cli.args.userId');
  });
});

// `npm run customers` with no command said only "command: required", not which commands there are.
describe('a command word left out', () => {
  const args = z.object({ command: z.enum(['import', 'export']) });
  const refused = (locale: 'en' | 'zh-CN', command?: string) => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = refuseArguments(
        args.safeParse({ command }, ARGS_PARSE).error!,
        'Usage: x',
        sayIn(locale),
      );
      return { code, text: write.mock.calls.map((c) => String(c[0])).join('') };
    } finally {
      write.mockRestore();
    }
  };

  test('is said to be required with the words it takes (en, zh-CN); a wrong one as before', () => {
    expect(refused('en')).toEqual({
      code: 2,
      text: 'command: required, one of import, export\nUsage: x\n',
    });
    expect(refused('zh-CN').text).toBe('command：必填，应为以下之一：import、export\nUsage: x\n');
    expect(refused('en', 'list').text).toBe('command: one of import, export\nUsage: x\n');
  });
});
