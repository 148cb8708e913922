import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { HandlerDeps } from '../../handlers/deps.js';
import { commandSpecs } from '../../handlers/commands/index.js';
import { commandUsage, commandUsages } from '../../handlers/commands/router.js';
import { defaultSettings } from '../../src/workspace/settings.js';

// What Slack shows under a command as it is typed (the manifest's usage hint) and what `help`
// prints must only offer what the command accepts: each alternative (`a | b`, outside brackets)
// starts with one of its subcommands, `help`, or a record id its fallback reads.
const specs = commandSpecs({} as HandlerDeps);

/** `a [x | y] | b` -> ['a [x | y]', 'b']: the alternatives outside brackets. */
function alternatives(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '[' || ch === '<') depth++;
    if (ch === ']' || ch === '>') depth--;
    if (depth === 0 && text.startsWith(' | ', i)) {
      out.push(current.trim());
      current = '';
      i += 2;
      continue;
    }
    current += ch;
  }
  return [...out, current.trim()];
}

function hints(): Map<string, string> {
  const manifest = readFileSync('manifest.yml', 'utf8');
  const found = new Map<string, string>();
  for (const m of manifest.matchAll(/- command: (\/\w+)\n(?:\s+\w+: .*\n)*?\s+usage_hint: "(.*)"/g))
    found.set(m[1]!, m[2]!);
  return found;
}

function accepted(command: string, first: string): boolean {
  const spec = specs.find((s) => s.command === command)!;
  return (
    first === 'help' ||
    spec.subcommands.some((s) => s.name === first) ||
    (spec.fallback?.matches(first) ?? false)
  );
}

describe('usage hints and help offer only what the commands accept', () => {
  test('the manifest has a usage hint for every command', () => {
    expect([...hints().keys()].sort()).toEqual(specs.map((s) => s.command).sort());
  });

  test.each(specs.map((s) => s.command))('%s: each alternative of its usage hint', (command) => {
    const refused = alternatives(hints().get(command)!).filter(
      (alt) => !accepted(command, alt.split(' ')[0]!),
    );
    expect(refused).toEqual([]);
  });

  test.each(specs.map((s) => s.command))('%s: each alternative of a help line', (command) => {
    const spec = specs.find((s) => s.command === command)!;
    const refused = commandUsage(spec)
      .lines.flatMap((line) => alternatives(line.usage))
      .filter((alt) => {
        const [typed, first = ''] = alt.split(' ');
        return typed !== command || !accepted(command, first);
      });
    expect(refused).toEqual([]);
  });

  // The other way: the hint offers every line help lists (as help writes it, the command left
  // out), so that Slack shows each subcommand while the command is typed.
  test.each(specs.map((s) => s.command))('%s: its usage hint offers every help line', (command) => {
    const spec = specs.find((s) => s.command === command)!;
    const offered = alternatives(hints().get(command)!);
    const missing = commandUsage(spec)
      .lines.flatMap((line) => alternatives(line.usage))
      .map((alt) => alt.replace(`${command} `, ''))
      .filter((alt) => !offered.includes(alt));
    expect(missing).toEqual([]);
  });
});

describe('what a reader is listed', () => {
  const settings = defaultSettings({
    locale: 'en',
    timeZone: 'Asia/Shanghai',
    admins: ['U0ADMIN001'],
    channels: {},
  });
  const usages = (reader: Parameters<typeof commandUsages>[1]) =>
    commandUsages(specs, reader).map((u) => u.lines.map((l) => l.usage));

  test('a guest who reads only their own tickets: filing, their requests, their ticket, help', () => {
    expect(usages({ settings, actor: 'U0GUEST001', guest: 'guest' })).toEqual([
      ['/ticket new [title]', '/ticket requests', '/ticket T20260001', '/ticket help'],
    ]);
    expect(usages({ settings, actor: 'U0GUEST001', guest: 'unknown' })).toHaveLength(1);
  });

  test('a person of another organisation (Slack Connect) reads no more of the desk than a guest, whatever the guest flag says', () => {
    const guests = [
      ['/ticket new [title]', '/ticket requests', '/ticket T20260001', '/ticket help'],
    ];
    expect(usages({ settings, actor: 'U0EXTERN01', external: true })).toEqual(guests);
    expect(usages({ settings, actor: 'U0EXTERN01', guest: 'guest', external: true })).toEqual(
      guests,
    );
  });

  test("a member: every command, but a manager's team list", () => {
    expect(usages({ settings, actor: 'U0MEMBER01' })).toEqual(
      specs.map((spec) =>
        commandUsage(spec)
          .lines.map((l) => l.usage)
          .filter((u) => u !== '/task team'),
      ),
    );
    const manager = { ...settings, managers: ['U0MANAGER1'] };
    expect(usages({ settings: manager, actor: 'U0MANAGER1' }).flat()).toContain('/task team');
  });
});
