import { expect, test } from 'vitest';
import type { OrgWorkspaces } from '../../src/slack/envelope.js';
import { describedOfOtherOrganisation, ofOtherOrganisation } from '../../src/slack/organisation.js';

const OURS = 'T0OURS0001';
const SIBLING = 'T0SIBLING1';
const ORG = 'E0OURS0001';
const ours = { userId: 'U0PERSON01', teamId: OURS, stranger: false };
const sibling = { ...ours, teamId: SIBLING };

/** The installs of a Grid org: `OURS` served by an org-wide install, or by its own. */
function grid(orgWide: boolean, siblings = [SIBLING]): OrgWorkspaces {
  return {
    enterpriseOf: async (teamId) =>
      teamId === OURS || siblings.includes(teamId) ? ORG : undefined,
    orgWide: async (enterpriseId, teamId) => orgWide && enterpriseId === ORG && teamId === OURS,
    inOrg: async (enterpriseId, teamId) => enterpriseId === ORG && siblings.includes(teamId),
  };
}

test('a person is external when Slack says stranger, or names another workspace of no shared org', async () => {
  const is = (p: typeof ours, orgs?: OrgWorkspaces) => describedOfOtherOrganisation(orgs, OURS, p);
  expect(await is(ours)).toBe(false);
  expect(await is({ ...ours, teamId: null } as never)).toBe(false);
  expect(await is({ ...ours, stranger: true })).toBe(true);
  expect(await is({ ...ours, teamId: 'T0OTHER001' })).toBe(true);
  // Another org's Grid person: still external, org-wide install or not.
  expect(await is({ ...ours, teamId: 'T0OTHER001' }, grid(true))).toBe(true);
});

test('a person of a sibling workspace of the Grid org is ours only where the install is org-wide (where they can act)', async () => {
  expect(await describedOfOtherOrganisation(grid(true), OURS, sibling)).toBe(false);
  // Unless Slack says they share no channel with us.
  expect(await describedOfOtherOrganisation(grid(true), OURS, { ...sibling, stranger: true })).toBe(
    true,
  );
  // The workspace's own install: their requests are refused as another organisation's, so no role.
  expect(await describedOfOtherOrganisation(grid(false), OURS, sibling)).toBe(true);
  // One bot token (no installs): the same.
  expect(await describedOfOtherOrganisation(undefined, OURS, sibling)).toBe(true);
});

test('the roles rule and the acting rule say the same of every person', async () => {
  const teams = [OURS, SIBLING, 'T0OTHER001'];
  for (const orgs of [undefined, grid(false), grid(true), grid(true, [])])
    for (const teamId of teams) {
      const person = { ...ours, teamId };
      expect(await describedOfOtherOrganisation(orgs, OURS, person)).toBe(
        await ofOtherOrganisation(orgs, { teamId: OURS }, { team: teamId, userId: person.userId }),
      );
    }
});

test('the installs not read: of another organisation, as for their requests', async () => {
  const failing: OrgWorkspaces = {
    ...grid(true),
    enterpriseOf: () => Promise.reject(new Error('database down')),
  };
  expect(await describedOfOtherOrganisation(failing, OURS, sibling)).toBe(true);
  expect(await describedOfOtherOrganisation(failing, OURS, ours)).toBe(false);
});
