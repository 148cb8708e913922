// A first retention run leaves tens of thousands of edits of the desk's old posts waiting: the
// managers' Home says them apart from the messages waiting or given up, in the reader's language
// (revposts F3).
import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import type { OutboxCounts } from '../../../src/outbox/types.js';
import { homeView, type HomeInput } from '../../../src/ui/home.js';
import { channelLink, keep } from '../../../src/ui/text.js';
import { COMMANDS, TODAY, workspaceSettings } from '../../helpers/records.js';
import { expectValidView, mrkdwn } from '../../helpers/ui.js';

const none = { items: [], total: 0 };
const managerWith = (outbox: OutboxCounts): HomeInput => ({
  mine: none,
  waitingOnMe: none,
  tasks: none,
  signals: none,
  team: {
    unassigned: none,
    breaching: none,
    overdue: none,
    escalatedUnassigned: none,
    week: { since: '2026-11-23', opened: 0, resolved: 0, onTime: null, firstContact: null },
    outbox,
  },
});

const EDITS = {
  en: '12,345 old posts of the desk are being edited to take out anonymised words',
  'zh-CN': '正在编辑服务台的 12,345 条旧消息，去除已匿名化的内容',
} as const;

describe.each(LOCALES)("a manager's Home in %s", (locale) => {
  const t = translator(locale);
  const home = (outbox: OutboxCounts) =>
    homeView(t, workspaceSettings(locale), COMMANDS, managerWith(outbox), TODAY, 'UMANAGER');

  test('the edits of old posts waiting are said apart: the messages waiting count without them', () => {
    const view = home({
      pending: 3,
      edits: 12_345,
      dead: 0,
      deadEdits: 0,
      deadFailing: 0,
      firstDead: {},
    });
    expectValidView(view);
    const text = mrkdwn(view);
    expect(text).toContain(EDITS[locale]);
    expect(text).toContain(t('home.outbox.pending', { count: 3 }));
    // None waiting but the edits: every message delivered, the edits still said.
    const quiet = mrkdwn(
      home({ pending: 0, edits: 12_345, dead: 0, deadEdits: 0, deadFailing: 0, firstDead: {} }),
    );
    expect(quiet).toContain(t('home.outbox.ok'));
    expect(quiet).toContain(EDITS[locale]);
  });

  test('edits given up are said apart, with their reason and the button to send them again; never as messages given up', () => {
    const view = home({
      pending: 0,
      edits: 0,
      dead: 0,
      deadEdits: 4_321,
      firstDeadEdit: { to: 'C0GONE0001', lastError: 'not_in_channel' },
      deadFailing: 0,
      firstDead: {},
    });
    expectValidView(view);
    const text = mrkdwn(view);
    expect(text).toContain(t('home.outbox.ok'));
    expect(text).toContain('4,321');
    expect(text).toContain('`not_in_channel`');
    expect(text).toContain('<#C0GONE0001>');
    expect(JSON.stringify(view)).toContain('home_resend_undelivered');
    // Beside two messages given up: those are counted as two, the edits apart.
    const dead = { to: 'C0GONE0001', lastError: 'not_in_channel' };
    const both = mrkdwn(
      home({
        pending: 0,
        edits: 0,
        dead: 2,
        deadEdits: 4_321,
        firstDeadEdit: { to: 'C0GONE0001', lastError: 'not_in_channel' },
        deadFailing: 0,
        firstDead: { refused: dead },
      }),
    );
    expect(both).toContain(
      t('home.outbox.dead', { count: 2, error: 'not_in_channel', to: '<#C0GONE0001>' }).slice(
        0,
        20,
      ),
    );
    expect(both).toContain('4,321');
  });

  test('beside messages given up too; no edits, no line', () => {
    const dead = { to: 'C0GONE0001', lastError: 'not_in_channel' };
    const view = home({
      pending: 0,
      edits: 12_345,
      dead: 2,
      deadEdits: 0,
      deadFailing: 0,
      firstDead: { refused: dead },
    });
    expectValidView(view);
    expect(mrkdwn(view)).toContain(EDITS[locale]);
    const plain = mrkdwn(
      home({ pending: 3, edits: 0, dead: 0, deadEdits: 0, deadFailing: 0, firstDead: {} }),
    );
    expect(plain).not.toContain(EDITS[locale].slice(0, 12));
    expect(plain).toContain(t('home.outbox.pending', { count: 3 }));
  });

  test('given up while Slack failed and refused besides: the refusal first, with what to fix, the outage apart', () => {
    const refused = { to: 'C0GONE0001', lastError: 'not_in_channel' };
    const failing = {
      to: 'C0TRIAGE01',
      lastError: 'An HTTP protocol error occurred: statusCode = 500',
    };
    const view = home({
      pending: 0,
      edits: 0,
      dead: 5,
      deadEdits: 0,
      deadFailing: 3,
      firstDead: { refused, failing },
    });
    expectValidView(view);
    const text = mrkdwn(view);
    const fix = t('home.outbox.dead', {
      count: 2,
      error: refused.lastError,
      to: keep(channelLink('C0GONE0001')),
    });
    const too = t('home.outbox.deadFailingToo', {
      count: 3,
      error: failing.lastError,
      to: keep(channelLink('C0TRIAGE01')),
    });
    expect(text).toContain(fix);
    expect(text).toContain(too);
    expect(text.indexOf(fix)).toBeLessThan(text.indexOf(too));
    expect(text).not.toContain(
      t('home.outbox.deadFailing', { count: 5, error: '', to: '' }).slice(0, 30),
    );
    // All of them given up while Slack failed: one line, nothing to fix.
    const outage = mrkdwn(
      home({ pending: 0, edits: 0, dead: 3, deadEdits: 0, deadFailing: 3, firstDead: { failing } }),
    );
    expect(outage).toContain(
      t('home.outbox.deadFailing', {
        count: 3,
        error: failing.lastError,
        to: keep(channelLink('C0TRIAGE01')),
      }),
    );
    expect(outage).not.toContain('not_in_channel');
  });
});
