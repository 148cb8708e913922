// The operator tools' `--team` and `--as` take the ids the app takes from Slack's payloads, no
// more: an id the app would refuse in a request (too long, lower case) is refused on the command
// line with the argument's own message, before any database is opened.
import { describe, expect, test } from 'vitest';
import { teamIdArg, userIdArg } from '../../src/cli/shared.js';

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
