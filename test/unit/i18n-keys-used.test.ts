// Every catalogue key is used somewhere: named in the source (src/, handlers/, jobs/; the
// catalogues themselves aside), or built there from one of the prefixes below (`ticket.type.${type}`,
// or a prefix handed to an options builder such as `choice(SIZES, 'size')`). A key left behind
// when its surface goes fails here, naming it; remove it from both catalogues.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { catalogues } from '../../src/i18n/index.js';

/**
 * The prefixes keys are built from at run time. Each must itself appear in the source, as a
 * template (`ticket.type.${`) or as a quoted prefix (`'settings.weekday'`), so the list cannot
 * outlive the code that builds them.
 */
const DYNAMIC_PREFIXES = [
  'alert.',
  'change.source.',
  'channel.intake.option.',
  'churnReason.',
  'complaint.rootCause.',
  'complaint.urgency.',
  'contactRole.',
  'customer.tagSuggestions.',
  'customerType.',
  'digest.f.',
  'greeting.',
  'home.problem.',
  'interaction.',
  'lifecycle.',
  'potential.',
  'privacy.erase.where.',
  'privacy.kind.',
  'report.reason.',
  'report.keyFact.',
  'report.tierName.',
  'requester.survey.score',
  'roles.field.',
  'roles.hint.',
  'settings.about.',
  'settings.field.',
  'settings.group.',
  'settings.hint.',
  'settings.locale.',
  'settings.weekday.',
  'signal.churn.',
  'size.',
  'source.',
  'task.contactOutcome.',
  'task.kind.',
  'task.what.',
  'ticket.channel.',
  'ticket.error.stale.',
  'ticket.event.',
  'ticket.list.',
  'ticket.severity.',
  'ticket.status.',
  'ticket.type.',
  'tier.',
  'valueClass.',
];

/** The catalogues, which name every key (src/i18n/index.ts, which fills them, is source). */
const CATALOGUES = [join('src', 'i18n', 'en.ts'), join('src', 'i18n', 'zh-CN.ts')];

function sourceText(): string {
  const root = join(import.meta.dirname, '../..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !CATALOGUES.some((c) => path.endsWith(c))) files.push(path);
    }
  };
  for (const dir of ['src', 'handlers', 'jobs']) walk(join(root, dir));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('message catalogue keys', () => {
  const text = sourceText();

  test('every key is named in the source or built from a listed prefix', () => {
    const unused = Object.keys(catalogues.en).filter(
      (key) => !text.includes(key) && !DYNAMIC_PREFIXES.some((p) => key.startsWith(p)),
    );
    expect(unused).toEqual([]);
  });

  test('every listed prefix is built in the source', () => {
    const stale = DYNAMIC_PREFIXES.filter(
      (p) => !text.includes(`${p}\${`) && !text.includes(`'${p.replace(/\.$/, '')}'`),
    );
    expect(stale).toEqual([]);
  });
});
