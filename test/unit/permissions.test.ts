import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import {
  assertMay,
  may,
  PERMISSIONS,
  withinReopenDays,
  type Permission,
} from '../../src/permissions.js';
import { defaultSettings } from '../../src/workspace/settings.js';

const NOW = new Date('2026-11-30T03:00:00Z');
const DAY = 86_400_000;

/** A workspace whose desk is closed: only the people given a role work tickets. */
const settings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: ['UADMIN'], channels: {} }),
  managers: ['UMGR'],
  agents: ['UAGENT', 'UASSIGNEE'],
  experts: [{ userId: 'UEXPERT', skills: ['billing'] }],
  accountManagers: ['UACCT', 'UOWNER'],
  openDesk: false,
};

/** A ticket resolved two days ago: assigned, reported by UREQ, customer owned by UOWNER. */
const subject = {
  ticket: {
    assigneeId: 'UASSIGNEE',
    createdBy: 'UREQ',
    accountManagerId: 'UOWNER',
    status: 'resolved',
    resolvedAt: new Date(NOW.getTime() - 2 * DAY),
  },
  customer: { ownerId: 'UOWNER' },
  task: { assigneeId: 'UASSIGNEE' },
};

const PEOPLE = [
  'UADMIN',
  'UMGR',
  'UAGENT',
  'UEXPERT',
  'UACCT',
  'UOWNER',
  'UASSIGNEE',
  'UREQ',
  'UOUT',
] as const;

/**
 * The permission table written out by hand, one row per permission, one letter per person in
 * PEOPLE's order (admin, manager, agent, expert, account manager, the customer's owner, the
 * ticket's assignee, its requester, someone with no role): Y may, . may not.
 */
const EXPECTED: Record<Permission, string> = {
  'ticket.create': 'YYYYYYYYY',
  'ticket.claim': 'YYYY..Y..',
  'ticket.reassign': 'YY....Y..',
  'ticket.escalate': 'YY....Y..',
  'ticket.wait': 'YY....Y..',
  'ticket.resume': 'YY....YY.',
  'ticket.resolve': 'YY....Y..',
  'ticket.note': 'YYYY.YYY.',
  'ticket.respond': 'YYYY.YY..',
  'ticket.reopen': 'YY....YY.',
  'ticket.close': 'YY....Y..',
  'ticket.merge': 'YY....Y..',
  'ticket.followers': 'YY....Y..',

  'ticket.contact': 'YY...YY..',
  'ticket.plan': 'YY...YY..',
  'ticket.classify': 'YY....Y..',
  'ticket.seePersonal': 'YY...YYY.',
  'customer.create': 'YYYYYYY..',
  'customer.editService': 'YYYY.YY..',
  'customer.editCommercial': 'YY...Y...',
  'customer.overrideTier': 'YY.......',
  'customer.seeContacts': 'YY...Y...',
  'customer.recordOrder': 'YY...Y...',
  'customer.logInteraction': 'YYYY.YY..',
  'customer.planTask': 'YYYY.YY..',
  'task.complete': 'YY...YY..',
  'task.reschedule': 'YY...YY..',
  'task.edit': 'YY...YY..',
  'task.cancel': 'YY.......',
  'task.seeTeam': 'YY.......',
  'outbox.manage': 'YY.......',
  'settings.edit': 'Y........',
  'privacy.manage': 'Y........',
  'roles.edit': 'Y........',
  'channel.link': 'Y........',
  'report.view': 'YY.......',
  'team.handover': 'YY.......',
};

describe('the permission table', () => {
  test('every permission has a row here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  test.each(Object.entries(EXPECTED))('%s: %s', (permission, row) => {
    const got = PEOPLE.map((user) =>
      may(settings, user, permission as Permission, subject, NOW) ? 'Y' : '.',
    ).join('');
    expect(got).toBe(row);
  });

  test("Cancel task: its planner, its approver, the executor's manager (linked, else any) and admins; not the executor", () => {
    const task = { assigneeId: 'UASSIGNEE', createdBy: 'UAGENT', approverId: 'UEXPERT' };
    const linked = {
      ...settings,
      managers: ['UMGR', 'UMGR2'],
      managerLinks: [{ managerId: 'UMGR2', manages: ['UASSIGNEE'] }],
    };
    const who = (s: typeof settings) =>
      [...PEOPLE, 'UMGR2'].filter((u) => may(s, u, 'task.cancel', { task }, NOW)).join(',');
    expect(who(settings)).toBe('UADMIN,UMGR,UAGENT,UEXPERT');
    // Linked to another manager: not UMGR's to cancel (admins always).
    expect(who(linked)).toBe('UADMIN,UAGENT,UEXPERT,UMGR2');
  });

  test('an unassigned ticket: staff may resolve or escalate it (they take it), others may not', () => {
    const open = { ticket: { createdBy: 'UREQ', accountManagerId: 'UOWNER', status: 'new' } };
    const who = (p: Permission) => PEOPLE.filter((u) => may(settings, u, p, open, NOW)).join(',');
    expect(who('ticket.resolve')).toBe('UADMIN,UMGR,UAGENT,UEXPERT,UASSIGNEE');
    expect(who('ticket.escalate')).toBe('UADMIN,UMGR,UAGENT,UEXPERT,UASSIGNEE');
    // Waiting on the customer and reassigning are for whoever holds it.
    expect(who('ticket.wait')).toBe('UADMIN,UMGR');
  });

  test('a ticket for a contact outside Slack has no requester in Slack: its filer may not reopen or resume it, but reads what they typed and adds notes', () => {
    const forContact = {
      ticket: { ...subject.ticket, requester: { contactName: 'Wang Fang' } },
    };
    expect(may(settings, 'UREQ', 'ticket.reopen', forContact, NOW)).toBe(false);
    expect(may(settings, 'UREQ', 'ticket.resume', forContact, NOW)).toBe(false);
    expect(may(settings, 'UREQ', 'ticket.seePersonal', forContact, NOW)).toBe(true);
    expect(may(settings, 'UREQ', 'ticket.note', forContact, NOW)).toBe(true);
    // A requester picked in Slack is the one, whoever filed it.
    const picked = { ticket: { ...subject.ticket, requester: { userId: 'UOUT' } } };
    expect(may(settings, 'UOUT', 'ticket.seePersonal', picked, NOW)).toBe(true);
    expect(may(settings, 'UREQ', 'ticket.reopen', picked, NOW)).toBe(false);
  });

  test("who holds a ticket's step task (its executor) may take that step: reopen or record the contact, nothing else", () => {
    const held = { ...subject, step: { holderId: 'UOUT' } };
    const may_ = (p: Permission) => may(settings, 'UOUT', p, held, NOW);
    expect(may_('ticket.reopen')).toBe(true);
    expect(may_('ticket.contact')).toBe(true);
    const others = (Object.keys(PERMISSIONS) as Permission[]).filter(
      (p) => p !== 'ticket.reopen' && p !== 'ticket.contact',
    );
    expect(others.filter((p) => may_(p) && !may(settings, 'UOUT', p, subject, NOW))).toEqual([]);
    // Someone else's step task gives nothing.
    expect(may(settings, 'UAGENT', 'ticket.reopen', held, NOW)).toBe(false);
  });

  test('the requester may reopen within 7 days of the resolution, not after', () => {
    const at = (days: number) => ({
      ticket: { ...subject.ticket, resolvedAt: new Date(NOW.getTime() - days * DAY) },
    });
    expect(may(settings, 'UREQ', 'ticket.reopen', at(7), NOW)).toBe(true);
    expect(may(settings, 'UREQ', 'ticket.reopen', at(8), NOW)).toBe(false);
  });

  test('a resolved ticket stored without its resolution time is within the reopen window; one not resolved is not', () => {
    const { resolvedAt: _dropped, ...unknown } = subject.ticket;
    expect(withinReopenDays(unknown, NOW)).toBe(true);
    expect(may(settings, 'UREQ', 'ticket.reopen', { ticket: unknown }, NOW)).toBe(true);
    expect(withinReopenDays({ ...unknown, status: 'closed' }, NOW)).toBe(false);
    expect(withinReopenDays({ ...subject.ticket, status: 'assigned' }, NOW)).toBe(false);
  });

  test('an open desk makes everyone an agent, but gives nobody commercial or admin rights', () => {
    const open = { ...settings, openDesk: true };
    expect(may(open, 'UOUT', 'ticket.claim', subject, NOW)).toBe(true);
    expect(may(open, 'UOUT', 'customer.editService', subject, NOW)).toBe(true);
    expect(may(open, 'UOUT', 'customer.editCommercial', subject, NOW)).toBe(false);
    expect(may(open, 'UOUT', 'settings.edit', subject, NOW)).toBe(false);
  });

  test('a task made by hand: whoever planned it may edit it, not complete it; its approver may complete it, not edit it', () => {
    const task = { task: { assigneeId: 'UASSIGNEE', approverId: 'UAGENT', createdBy: 'UACCT' } };
    expect(may(settings, 'UACCT', 'task.edit', task, NOW)).toBe(true);
    expect(may(settings, 'UACCT', 'task.complete', task, NOW)).toBe(false);
    expect(may(settings, 'UAGENT', 'task.edit', task, NOW)).toBe(false);
    expect(may(settings, 'UAGENT', 'task.complete', task, NOW)).toBe(true);
  });

  test('the desk itself may do everything', () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[])
      expect(may(settings, SYSTEM_ACTOR, p, subject, NOW)).toBe(true);
  });

  test('a refusal is FORBIDDEN with the explanation naming the assignee', () => {
    const ctx = { settings, actor: 'UAGENT', now: NOW };
    const refused = (() => {
      try {
        assertMay(ctx, 'ticket.resolve', subject);
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      messageKey: 'permission.denied.assigneeOrManager',
      params: { user: 'UASSIGNEE' },
    });
  });
});
