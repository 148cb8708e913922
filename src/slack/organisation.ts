import { SLACK_ID } from '../slack-ids.js';
import type { OrgWorkspaces } from './envelope.js';
import type { SlackPerson } from './users-info.js';

/**
 * The one rule of who belongs to another organisation than the workspace `where.teamId` (a Slack
 * Connect person: a customer, never staff): the person's team (a workspace's id, or an org's)
 * is neither that workspace nor, for a workspace of an Enterprise Grid org, the org itself or,
 * for an org-wide install, another workspace of the same org. An org's own id is ours only where
 * it is the org of the install serving `teamId` (and the request's, when there is a request: a
 * payload naming an enterprise the install is not of, a Slack Connect person of a Grid org,
 * does not make its person one of ours). Another workspace is of the org when an install of the
 * org serves it, else when Slack says the person is of the org (`OrgWorkspaces.inOrg`, asked
 * only then). No team said: ours. The boundary says it of a request's actor (`ctx.external`);
 * listeners of another person (a message's author) ask it here, with the install's org; a person
 * Slack's users.info described (a role, an owner, a ticket handed over) is judged by it too
 * (`describedOfOtherOrganisation`), so that nobody is given what they could never act on.
 */
export async function ofOtherOrganisation(
  orgs: OrgWorkspaces | undefined,
  where: {
    teamId: string;
    /**
     * The request the person acts in (Bolt's context): its org, and whether it says its install
     * is org-wide. Without one (a message's author, a redo), the install's org is taken.
     */
    request?: { enterpriseId?: string; orgWide: boolean };
  },
  person: { team: unknown; userId?: string },
): Promise<boolean> {
  const { teamId, request } = where;
  const team = person.team;
  if (typeof team !== 'string' || team === teamId) return false;
  const enterprise = request ? request.enterpriseId : await orgs?.enterpriseOf(teamId);
  const ours = typeof enterprise === 'string' && SLACK_ID.enterprise.test(enterprise);
  if (SLACK_ID.enterprise.test(team))
    return !ours || team !== enterprise || !orgs || (await orgs.enterpriseOf(teamId)) !== team;
  if (!SLACK_ID.team.test(team)) return false;
  if (!ours || !orgs || !SLACK_ID.team.test(teamId)) return true;
  const orgWide = request?.orgWide === true || (await orgs.orgWide(enterprise, teamId));
  return !(orgWide && (await orgs.inOrg(enterprise, team, person.userId)));
}

/**
 * What the rule says of a person as Slack's users.info described them (`SlackPerson`), for
 * workspace `teamId`: `external` when Slack says they share no channel with the workspace
 * (`is_stranger`), or names their workspace (`team_id`) and `ofOtherOrganisation` (the rule a
 * request's actor is judged by) says that workspace is another organisation's (a person of a
 * sibling workspace of the same Enterprise Grid org is ours only where the install serving
 * `teamId` is org-wide, where they can act in the desk: never on a workspace's own install nor
 * with one bot token, no org-wide install to say so); a workspace Slack did not say: `ours`.
 * `unknown` when the rule could not tell: a read of the installs failed, or `orgs` said it could
 * not answer (threw: a daily check's Grid org lookup not answered in time). The daily checks,
 * which take a follower off for good or mark a role holder, an owner or a requester, act on an
 * answer only, and ask again at the next run.
 */
export async function organisationDescribed(
  orgs: OrgWorkspaces | undefined,
  teamId: string,
  person: Pick<SlackPerson, 'userId' | 'teamId' | 'stranger'>,
): Promise<'external' | 'ours' | 'unknown'> {
  if (person.stranger) return 'external';
  if (!person.teamId || person.teamId === teamId) return 'ours';
  try {
    const other = await ofOtherOrganisation(
      orgs,
      { teamId },
      { team: person.teamId, userId: person.userId },
    );
    return other ? 'external' : 'ours';
  } catch {
    return 'unknown';
  }
}

/**
 * Whether a person as Slack's users.info described them is of another organisation than
 * workspace `teamId` (`organisationDescribed`): what a desk role, a customer, a task, a follower
 * or a ticket handed over is refused for when it is submitted, and what the desk's own hand-offs
 * and staff DMs skip. The installs not read (the database failing): of another organisation, as
 * for their requests (the submission is refused, to be tried again).
 */
export async function describedOfOtherOrganisation(
  orgs: OrgWorkspaces | undefined,
  teamId: string,
  person: Pick<SlackPerson, 'userId' | 'teamId' | 'stranger'>,
): Promise<boolean> {
  return (await organisationDescribed(orgs, teamId, person)) !== 'ours';
}
