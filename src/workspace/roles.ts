/** The roles of a workspace as `/desk roles` edits them (pure): reading the form, applying it. */
import { FieldErrors, type FieldProblem } from '../errors.js';
import type { FormData } from '../forms/kinds.js';
import { SLACK_ID } from '../slack-ids.js';
import type { WorkspaceSettings } from './settings.js';
import { managesField, skillsField, type Roles } from './types.js';

export function rolesOf(settings: WorkspaceSettings): Roles {
  const { admins, managers, agents, experts, accountManagers, openDesk, managerLinks } = settings;
  return { admins, managers, agents, experts, accountManagers, openDesk, managerLinks };
}

/** A Slack user id as Slack sends it in a users select. */
const USER_ID = SLACK_ID.user;
export const MAX_SKILLS = 20;
export const MAX_SKILL_LENGTH = 40;

/** `billing, 网络、 ERP；printers` -> ['billing', '网络', 'ERP', 'printers'] (each once). */
export function splitSkills(text: string | undefined): string[] {
  const seen = new Set<string>();
  const skills: string[] = [];
  for (const raw of (text ?? '').split(/[,，、;；\n]/)) {
    const skill = raw.trim().replace(/\s+/g, ' ');
    if (skill && !seen.has(skill.toLowerCase())) {
      seen.add(skill.toLowerCase());
      skills.push(skill);
    }
  }
  return skills;
}

/**
 * Each manager's "Manages" (the people they manage) as the form gives it; a manager whose input
 * the modal did not show keeps what `saved` holds. Nobody manages themselves.
 */
function readLinks(
  managers: string[],
  form: FormData,
  saved: Roles['managerLinks'],
  ids: (block: string) => string[],
): Roles['managerLinks'] {
  return managers.flatMap((managerId) => {
    const block = managesField(managerId);
    const manages =
      form[block] === undefined
        ? (saved.find((l) => l.managerId === managerId)?.manages ?? [])
        : ids(block);
    const others = manages.filter((id) => id !== managerId);
    return others.length ? [{ managerId, manages: others }] : [];
  });
}

/**
 * Reads the roles modal: user lists (ids checked), each expert's skills, who each manager
 * manages, the open desk. At least one admin stays (else nobody could ever change the roles
 * again). FieldErrors name the block of every bad value.
 */
export function parseRolesForm(form: FormData, saved: Roles['managerLinks'] = []): Roles {
  const problems: Record<string, FieldProblem> = {};
  const users = (block: string): string[] => {
    const ids = (form[block] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.some((id) => !USER_ID.test(id))) problems[block] = { key: 'roles.error.users' };
    return [...new Set(ids.filter((id) => USER_ID.test(id)))];
  };
  const admins = users('admins');
  if (!admins.length && !problems.admins) problems.admins = { key: 'roles.error.noAdmin' };
  const experts = users('experts').map((userId) => {
    const block = skillsField(userId);
    const skills = splitSkills(form[block]);
    if (skills.length > MAX_SKILLS || skills.some((s) => s.length > MAX_SKILL_LENGTH))
      problems[block] = {
        key: 'roles.error.skills',
        params: { max: MAX_SKILLS, length: MAX_SKILL_LENGTH },
      };
    return { userId, skills };
  });
  const managers = users('managers');
  const roles: Roles = {
    admins,
    managers,
    managerLinks: readLinks(managers, form, saved, users),
    agents: users('agents'),
    accountManagers: users('account_managers'),
    experts,
    openDesk: (form.open_desk ?? '').split(',').includes('yes'),
  };
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return roles;
}

/**
 * The roles as the modal shows them while it is being filled (an expert picked or removed):
 * what was typed so far, without refusing anything yet.
 */
export function draftRoles(form: FormData, saved: Roles): Roles {
  const ids = (block: string) =>
    (form[block] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((id) => USER_ID.test(id));
  const managers = ids('managers');
  return {
    admins: ids('admins'),
    managers,
    managerLinks: readLinks(managers, form, saved.managerLinks, ids),
    agents: ids('agents'),
    accountManagers: ids('account_managers'),
    openDesk: (form.open_desk ?? '').split(',').includes('yes'),
    experts: ids('experts').map((userId) => {
      const typed = form[skillsField(userId)];
      const known = saved.experts.find((e) => e.userId === userId)?.skills ?? [];
      return { userId, skills: typed === undefined ? known : splitSkills(typed) };
    }),
  };
}
