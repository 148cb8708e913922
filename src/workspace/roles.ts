/** The roles of a workspace as `/desk roles` edits them (pure): reading the form, applying it. */
import { FieldErrors, type FieldProblem } from '../errors.js';
import type { FormData } from '../forms/kinds.js';
import { SLACK_ID } from '../slack-ids.js';
import { clipAtCharacter } from '../text/clip.js';
import { mergeItems, shownDigest, type ListItems } from './form.js';
import type { WorkspaceSettings } from './settings.js';
import {
  managesField,
  MAX_SKILL_LENGTH,
  MAX_SKILLS,
  roleLists,
  skillsField,
  type Roles,
  type UnfitPerson,
} from './types.js';

/**
 * Whether a change of the roles may change whom `ownerExecutor` names for a guest owner (the
 * managers, their links, the admins): then their open tickets and tasks follow.
 */
export function standInsMayMove(
  before: Pick<WorkspaceSettings, 'managers' | 'managerLinks' | 'admins'>,
  after: Pick<WorkspaceSettings, 'managers' | 'managerLinks' | 'admins'>,
): boolean {
  const of = (s: typeof before) => JSON.stringify([s.managers, s.managerLinks, s.admins]);
  return of(before) !== of(after);
}

export function rolesOf(settings: WorkspaceSettings): Roles {
  const { admins, managers, agents, experts, accountManagers, openDesk, managerLinks } = settings;
  return { admins, managers, agents, experts, accountManagers, openDesk, managerLinks };
}

/** A Slack user id as Slack sends it in a users select. */
const USER_ID = SLACK_ID.user;

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
 * An expert's skills as the form gives them; an expert whose input the modal did not show (past
 * the first MAX_EXPERTS) keeps what `saved` holds. An input left empty is in the form, as no
 * skills.
 */
function readSkills(form: FormData, userId: string, saved: Roles['experts']): string[] {
  const block = skillsField(userId);
  return block in form
    ? splitSkills(form[block])
    : (saved.find((e) => e.userId === userId)?.skills ?? []);
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
export function parseRolesForm(
  form: FormData,
  saved: Pick<Roles, 'managerLinks' | 'experts'> = { managerLinks: [], experts: [] },
): Roles {
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
    const skills = readSkills(form, userId, saved.experts);
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
    managerLinks: readLinks(managers, form, saved.managerLinks, users),
    agents: users('agents'),
    accountManagers: users('account_managers'),
    experts,
    openDesk: (form.open_desk ?? '').split(',').includes('yes'),
  };
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return roles;
}

/**
 * Everyone the roles name (admins, managers, agents, experts, account managers) and whom each
 * manager manages. With `form`, only the "Manages" the form showed: a manager whose input it did
 * not show keeps their links as saved, and nobody can be asked to change what they cannot see.
 */
export function peopleOf(roles: Roles, form?: FormData): string[] {
  const links = form
    ? roles.managerLinks.filter((l) => form[managesField(l.managerId)] !== undefined)
    : roles.managerLinks;
  return [
    ...new Set([
      ...roles.admins,
      ...roles.managers,
      ...roles.agents,
      ...roles.experts.map((e) => e.userId),
      ...roles.accountManagers,
      ...links.flatMap((l) => l.manages),
    ]),
  ];
}

/**
 * Refuses roles given to people who may not hold one (bots, deactivated accounts, guests, people of
 * another organisation: see
 * UnfitPerson), on each list that names them (a manager's "Manages" too: whom a manager manages
 * are account managers), by name, grouped by why.
 */
export function refuseUnfit(roles: Roles, unfit: readonly UnfitPerson[]): void {
  if (!unfit.length) return;
  const problems: Record<string, FieldProblem> = {};
  for (const { block, people: picked } of roleLists(roles)) {
    const here = unfit.filter((p) => picked.includes(p.userId));
    if (!here.length) continue;
    const names = (reason: UnfitPerson['reason']) =>
      here.filter((p) => p.reason === reason).map((p) => clipAtCharacter(p.name, 80, ''));
    const groups = {
      bots: names('bot'),
      deactivated: names('deactivated'),
      guests: names('guest'),
      external: names('external'),
    };
    problems[block] = {
      key: 'roles.error.unfit',
      // A group nobody is in is left out of the message ('none'); the others are joined with
      // the reader's list separator (`a, b`, `a、b`).
      params: Object.fromEntries(Object.keys(groups).map((group) => [group, 'none'])),
      lists: Object.fromEntries(Object.entries(groups).filter(([, group]) => group.length)),
    };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
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
    experts: ids('experts').map((userId) => ({
      userId,
      skills: readSkills(form, userId, saved.experts),
    })),
  };
}

/**
 * What the roles modal showed when it opened, by digest (`shownDigest`), kept in its metadata
 * (`rolesShown`): its save writes only what was changed from it (`changedRoles`). `lists`: the
 * user lists by block and `open_desk`; `skills` and `manages`: each expert's skills and each
 * manager's "Manages" the modal showed an input for, by user id (one left out showed none or
 * nothing: read as empty).
 */
export interface RolesShown {
  lists: Record<string, string>;
  skills: Record<string, string>;
  manages: Record<string, string>;
}

/**
 * The experts and managers whose input `rolesShown` keeps a digest of: those the modal shows an
 * input for (src/ui/roles.ts `rolesModal`: the first 40 experts, then as many managers as the
 * 100 blocks leave room for, two blocks each after 7 fixed ones), so that the metadata stays
 * well within Slack's 3,000 characters (46 digests at most). A person past them has no input:
 * their skills or links stay as stored.
 */
const SHOWN_EXPERTS = 40;
const shownManagers = (experts: number) =>
  Math.max(0, Math.floor((100 - 7 - 2 * Math.min(experts, SHOWN_EXPERTS)) / 2));

/** A list of people as compared: order left out. */
const peopleText = (ids: readonly string[]) => [...ids].sort().join(',');
/**
 * A list whose order decides something, as compared: in order. The first manager (else the first
 * admin) stands in for a guest owner (`ownerExecutor`) and holds the hand-made tasks, so putting
 * another first is a change.
 */
const orderedText = (ids: readonly string[]) => ids.join(',');
const ORDERED = new Set(['admins', 'managers']);
const listText = (block: string) => (ORDERED.has(block) ? orderedText : peopleText);
const skillsText = (skills: readonly string[]) => skills.join(', ');
const deskText = (open: boolean) => (open ? 'yes' : 'no');

/** The user lists of the roles modal, by block (`roleLists`' but each manager's "Manages"). */
function listsOf(roles: Roles): Record<string, string[]> {
  return Object.fromEntries(
    roleLists(roles)
      .filter((l) => l.list !== 'managerLinks')
      .map((l) => [l.block, [...l.people]]),
  );
}

/** What a roles modal opened on `roles` shows (RolesShown). */
export function rolesShown(roles: Roles): RolesShown {
  const lists = Object.fromEntries(
    Object.entries(listsOf(roles)).map(([block, ids]) => [
      block,
      shownDigest(listText(block)(ids)),
    ]),
  );
  return {
    lists: { ...lists, open_desk: shownDigest(deskText(roles.openDesk)) },
    skills: Object.fromEntries(
      roles.experts
        .slice(0, SHOWN_EXPERTS)
        .filter((e) => e.skills.length)
        .map((e) => [e.userId, shownDigest(skillsText(e.skills))]),
    ),
    manages: Object.fromEntries(
      roles.managers.slice(0, shownManagers(roles.experts.length)).flatMap((id) => {
        const manages = roles.managerLinks.find((l) => l.managerId === id)?.manages ?? [];
        return manages.length ? [[id, shownDigest(peopleText(manages))]] : [];
      }),
    ),
  };
}

/** A roles list as merged item by item: people by id, skills by name (any case). */
const PEOPLE: ListItems = { sep: ',' };
const SKILLS: ListItems = { sep: ', ', key: (skill) => skill.toLowerCase() };
const idsOf = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The digest `rolesShown` keeps of a block of the modal (a list, skills, "Manages"), if any. */
function shownDigestOf(shown: RolesShown, block: string): string | undefined {
  const [kind, userId] = block.split(':');
  if (userId === undefined) return shown.lists[block];
  const digests = kind === 'skills' ? shown.skills : kind === 'manages' ? shown.manages : {};
  return digests[userId] ?? shownDigest('');
}

/** A block's text (the modal's form) as `rolesShown` compares it. */
function comparedText(block: string, text: string | undefined): string {
  if (block.startsWith('skills:')) return skillsText(splitSkills(text));
  if (block.startsWith('manages:')) return peopleText(idsOf(text));
  if (block === 'open_desk') return deskText((text ?? '').split(',').includes('yes'));
  return listText(block)(idsOf(text));
}

/**
 * The blocks of the `/desk roles` modal redrawn as experts or managers are picked whose text
 * as it opened the save needs to merge them item by item, for its metadata (`listsShown`): its
 * inputs are drawn again with what was typed, so their initial values no longer say it. Kept:
 * what `carried` holds already (an earlier redraw), and each block the admin changed (`typed`
 * differs from `initial`, the view redrawn's initial values) whose initial value is still what
 * the modal opened with (its digest in `shown`). A block left out is drawn again as it showed
 * it: its initial value still says it.
 */
export function carryRolesShown(
  initial: FormData,
  typed: FormData,
  shown: RolesShown | undefined,
  carried: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!shown) return carried;
  const out: Record<string, string> = { ...carried };
  for (const [block, text] of Object.entries(initial)) {
    if (block in out || block === 'open_desk' || (typed[block] ?? '') === (text ?? '')) continue;
    const digest = shownDigestOf(shown, block);
    if (digest !== undefined && shownDigest(comparedText(block, text)) === digest)
      out[block] = text ?? '';
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The roles a modal's save writes on the roles as stored (`current`): each list, the open desk,
 * each expert's skills and each manager's "Manages" the admin left as the modal showed it
 * (`shown`) as stored now, whoever changed it meanwhile (`npm run admins -- --add`, another
 * admin's save); each they changed as `typed` (the form as parseRolesForm read it; `form` says
 * which skills and "Manages" inputs it had: one it had none for stays as stored). A list whose
 * text as shown the save knows (`shownForm`: the view's initial values, or what a redraw kept,
 * `carryRolesShown`; checked against `shown`) is merged item by item: the people (or skills)
 * the admin added or removed are applied to the list as stored, so two admins adding two agents
 * both keep theirs (admins and managers too, the first as one of the two put it: the first
 * manager stands in for a guest owner; both putting another first is refused). One they changed that someone else changed too since
 * the modal opened (to something else) is refused on its block: a list known only by its
 * digest, or a skill renamed by both, named. So is a person one removed whose skills or
 * "Manages" the other changed, on the list, naming them, and the skills or "Manages" one changed
 * of a person the other removed, on that input.
 */
export function changedRoles(
  current: Roles,
  typed: Roles,
  form: FormData,
  shown: RolesShown,
  shownForm: FormData = {},
): Roles {
  const problems: Record<string, FieldProblem> = {};
  const pick = <T>(block: string, was: string, mine: T, now: T, text: (v: T) => string): T => {
    if (shownDigest(text(mine)) === was) return now;
    if (shownDigest(text(now)) !== was && text(mine) !== text(now))
      problems[block] = { key: 'settings.error.changedMeanwhile' };
    return mine;
  };
  /** A block's text as the modal showed it, if the save knows it (`shownForm`, checked). */
  const asShown = (block: string): string | undefined => {
    if (!(block in shownForm)) return undefined;
    const text = shownForm[block] ?? '';
    return shownDigest(comparedText(block, text)) === shownDigestOf(shown, block)
      ? text
      : undefined;
  };
  const merged = (block: string, list: ListItems, mine: string, now: string) => {
    const { text, conflict } = mergeItems(list, asShown(block), mine, now);
    if (conflict !== undefined)
      problems[block] = { key: 'settings.error.itemChangedMeanwhile', params: { item: conflict } };
    return text;
  };
  const empty = shownDigest('');
  const [mine, now] = [listsOf(typed), listsOf(current)];
  const wasList = (block: string) => {
    const text = asShown(block);
    return text === undefined ? undefined : idsOf(text);
  };
  /** Admins or managers whose first this admin put there and someone else removed meanwhile. */
  const firstGone: string[] = [];
  /**
   * Admins or managers as merged (`set`: the people, merged item by item): the first stands in
   * for a guest owner, the rest is a set. First: whom this admin put first if they changed who
   * is (a reorder, a removal of the first), else whom the roles as stored put first; both
   * changing who is first, to different people, is refused on the list. The rest in the order
   * this admin gave if they reordered it, else as stored, who the other added at its end. One
   * put first who is no longer on the list (the other removed them): as merged, refused when
   * this admin put them there (after the checks that say more: no admin left, the stand-in).
   */
  const ordered = (block: string, was: string[], m: string[], n: string[], set: string[]) => {
    const [wasFirst, myFirst, nowFirst] = [was[0], m[0], n[0]];
    const mineMoved = myFirst !== wasFirst;
    if (mineMoved && nowFirst !== wasFirst && myFirst !== nowFirst) {
      problems[block] = { key: 'settings.error.changedMeanwhile' };
      return m;
    }
    const first = mineMoved ? myFirst : nowFirst;
    if (mineMoved && first !== undefined && !set.includes(first)) firstGone.push(block);
    const common = was.slice(1).filter((id) => m.includes(id) && id !== myFirst);
    const reordered = orderedText(common) !== orderedText(m.filter((id) => common.includes(id)));
    const base = reordered ? m : n;
    const rest = [
      ...base.filter((id) => set.includes(id)),
      ...set.filter((id) => !base.includes(id)),
    ].filter((id) => id !== first);
    return first !== undefined && set.includes(first) ? [first, ...rest] : rest;
  };
  const list = (block: string) => {
    const was = wasList(block);
    const [m, n] = [mine[block]!, now[block]!];
    if (!was) return pick(block, shown.lists[block] ?? empty, m, n, listText(block));
    const set = idsOf(merged(block, PEOPLE, m.join(','), n.join(',')));
    return ORDERED.has(block) ? ordered(block, was, m, n, set) : set;
  };
  const experts = list('experts').map((userId) => {
    const stored = current.experts.find((e) => e.userId === userId)?.skills;
    const given = typed.experts.find((e) => e.userId === userId)?.skills ?? [];
    const block = skillsField(userId);
    const skills = !(block in form)
      ? (stored ?? given)
      : asShown(block) !== undefined
        ? splitSkills(merged(block, SKILLS, skillsText(given), skillsText(stored ?? [])))
        : pick(block, shown.skills[userId] ?? empty, given, stored ?? [], skillsText);
    return { userId, skills };
  });
  const managers = list('managers');
  const of = (r: Roles, managerId: string) =>
    r.managerLinks.find((l) => l.managerId === managerId)?.manages ?? [];
  const managerLinks = managers.flatMap((managerId) => {
    const block = managesField(managerId);
    const manages =
      form[block] === undefined
        ? of(current, managerId)
        : asShown(block) !== undefined
          ? idsOf(
              merged(
                block,
                PEOPLE,
                of(typed, managerId).join(','),
                of(current, managerId).join(','),
              ),
            )
          : pick(
              block,
              shown.manages[managerId] ?? empty,
              of(typed, managerId),
              of(current, managerId),
              peopleText,
            );
    const others = manages.filter((id) => id !== managerId);
    return others.length ? [{ managerId, manages: others }] : [];
  });
  // A person the admin took off a list whose skills or "Manages" (as the modal showed them: an
  // input it had) someone else changed meanwhile: refused on the list, naming them.
  const wasExperts = wasList('experts');
  const wasManagers = wasList('managers');
  const removedChanged = (
    block: 'experts' | 'managers',
    kept: string[],
    showedInput: (userId: string) => boolean,
    digests: Record<string, string>,
    text: (userId: string) => string,
    key: 'roles.error.skillsChangedMeanwhile' | 'roles.error.linksChangedMeanwhile',
  ) => {
    const gone = now[block]!.filter((id) => !kept.includes(id) && !mine[block]!.includes(id));
    const clash = gone.find((id) => {
      const was = digests[id] ?? (showedInput(id) ? empty : undefined);
      return was !== undefined && shownDigest(text(id)) !== was;
    });
    if (clash && !problems[block]) problems[block] = { key, params: { user: clash, named: 'no' } };
  };
  removedChanged(
    'experts',
    experts.map((e) => e.userId),
    (id) => !!wasExperts && wasExperts.indexOf(id) >= 0 && wasExperts.indexOf(id) < SHOWN_EXPERTS,
    shown.skills,
    (id) => skillsText(current.experts.find((e) => e.userId === id)?.skills ?? []),
    'roles.error.skillsChangedMeanwhile',
  );
  removedChanged(
    'managers',
    managers,
    (id) =>
      !!wasManagers &&
      !!wasExperts &&
      wasManagers.indexOf(id) >= 0 &&
      wasManagers.indexOf(id) < shownManagers(wasExperts.length),
    shown.manages,
    (id) => peopleText(of(current, id)),
    'roles.error.linksChangedMeanwhile',
  );
  // Skills or "Manages" the admin changed of someone another admin took off the list meanwhile.
  for (const userId of mine.experts!) {
    const block = skillsField(userId);
    if (!(block in form) || experts.some((e) => e.userId === userId)) continue;
    const given = typed.experts.find((e) => e.userId === userId)?.skills ?? [];
    if (shownDigest(skillsText(given)) !== (shown.skills[userId] ?? empty))
      problems[block] ??= { key: 'roles.error.removedMeanwhile' };
  }
  for (const managerId of mine.managers!) {
    const block = managesField(managerId);
    if (form[block] === undefined || managers.includes(managerId)) continue;
    if (shownDigest(peopleText(of(typed, managerId))) !== (shown.manages[managerId] ?? empty))
      problems[block] ??= { key: 'roles.error.removedMeanwhile' };
  }
  const roles: Roles = {
    admins: list('admins'),
    managers,
    managerLinks,
    agents: list('agents'),
    accountManagers: list('account_managers'),
    experts,
    openDesk: pick(
      'open_desk',
      shown.lists.open_desk ?? empty,
      typed.openDesk,
      current.openDesk,
      deskText,
    ),
  };
  // Who stands in for a guest owner (`ownerExecutor`: the first manager, else the first admin)
  // as the save leaves it: someone neither this admin nor the roles as stored put there (each
  // removed another manager, one of them the first; one replaced the first while the other added
  // one) is refused, on the list that decides it, naming them.
  const standIn = (r: Pick<Roles, 'admins' | 'managers'>) => r.managers[0] ?? r.admins[0];
  const after = standIn(roles);
  if (after !== undefined && after !== standIn(typed) && after !== standIn(current)) {
    const block = [mine.managers!, now.managers!, roles.managers].some((l) => l.length)
      ? 'managers'
      : 'admins';
    problems[block] ??= {
      key: 'roles.error.standInMeanwhile',
      params: { list: block, user: after, named: 'no' },
    };
  }
  // What the form refuses (parseRolesForm), refused on the roles as merged too: two saves the
  // form took each may together leave no admin, or give an expert more skills than it allows.
  if (!roles.admins.length) problems.admins ??= { key: 'roles.error.noAdminMeanwhile' };
  for (const block of firstGone) problems[block] ??= { key: 'settings.error.changedMeanwhile' };
  for (const { userId, skills } of roles.experts) {
    const stored = current.experts.find((e) => e.userId === userId)?.skills ?? [];
    if (skillsText(skills) === skillsText(stored)) continue;
    if (skills.length > MAX_SKILLS)
      problems[skillsField(userId)] ??= {
        key: 'roles.error.skillsMeanwhile',
        params: { count: skills.length, max: MAX_SKILLS },
      };
    else if (skills.some((s) => s.length > MAX_SKILL_LENGTH))
      problems[skillsField(userId)] ??= {
        key: 'roles.error.skills',
        params: { max: MAX_SKILLS, length: MAX_SKILL_LENGTH },
      };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return roles;
}

/**
 * The messages of `changedRoles` that name a person (`params.user`: their member ID, `named`
 * no). An inline error is plain text, where a mention does not show: `namedInRoles` says them
 * by the name Slack shows for them instead.
 */
const NAMING: ReadonlySet<string> = new Set([
  'roles.error.linksChangedMeanwhile',
  'roles.error.skillsChangedMeanwhile',
  'roles.error.standInMeanwhile',
]);

/** The people `changedRoles`'s refusal names by member ID. */
export function peopleNamedIn(error: FieldErrors): string[] {
  return Object.values(error.fields).flatMap((p) =>
    NAMING.has(p.key) && typeof p.params?.user === 'string' ? [p.params.user] : [],
  );
}

/**
 * `changedRoles`'s refusal with each person it names by member ID said by their name (`names`:
 * as Slack shows them, by id; at most 80 characters); one `names` has not stays by member ID.
 */
export function namedInRoles(error: FieldErrors, names: ReadonlyMap<string, string>): FieldErrors {
  return new FieldErrors(
    Object.fromEntries(
      Object.entries(error.fields).map(([block, p]) => {
        const name = typeof p.params?.user === 'string' ? names.get(p.params.user) : undefined;
        return [
          block,
          NAMING.has(p.key) && name
            ? { ...p, params: { ...p.params, user: clipAtCharacter(name, 80), named: 'yes' } }
            : p,
        ];
      }),
    ),
  );
}
