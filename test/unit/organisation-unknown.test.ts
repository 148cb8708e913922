// A daily check takes a follower off for good (and marks a role holder, an owner or a requester)
// on what the rule says of them: a read of the installs that failed, or a Grid org lookup that did
// not answer, is `unknown` (asked again at the next run), never "another organisation". A request
// or a submission still fails closed (describedOfOtherOrganisation).
import { expect, test } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { OrgWorkspaces } from '../../src/slack/envelope.js';
import { OrgPeople } from '../../src/slack/org-people.js';
import {
  describedOfOtherOrganisation,
  organisationDescribed,
} from '../../src/slack/organisation.js';
import { PeopleCheck } from '../../src/slack/people.js';
import { SlackPeople, type SlackPerson } from '../../src/slack/users-info.js';

const E = 'E0INITECH1';
const HOME = 'T0INITECH1';
const person = { userId: 'U0SIBLING1', teamId: 'T0INITECH2', stranger: false };
const ok: OrgWorkspaces = {
  enterpriseOf: async () => E,
  orgWide: async () => true,
  inOrg: async () => true,
};
const gone = (): Promise<never> => Promise.reject(new Error('db down'));

test('org-wide install: ours when the installs answer, unknown when a read of them fails (a request: external)', async () => {
  expect(await organisationDescribed(ok, HOME, person)).toBe('ours');
  for (const failing of [
    { ...ok, orgWide: gone },
    { ...ok, enterpriseOf: gone },
    { ...ok, inOrg: gone },
  ]) {
    expect(await organisationDescribed(failing, HOME, person)).toBe('unknown');
    expect(await describedOfOtherOrganisation(failing, HOME, person)).toBe(true);
  }
  // What needs no read is said whatever the installs do.
  const failing = { enterpriseOf: gone, orgWide: gone, inOrg: gone };
  expect(await organisationDescribed(failing, HOME, { ...person, teamId: HOME })).toBe('ours');
  expect(await organisationDescribed(failing, HOME, { ...person, stranger: true })).toBe(
    'external',
  );
  // Another organisation's workspace on a workspace of no org: said without a failing read.
  expect(
    await organisationDescribed({ ...ok, enterpriseOf: async () => undefined }, HOME, person),
  ).toBe('external');
});

test('the people check a daily run asks reads the installs as the jobs do (a lookup not answered throws: unknown)', async () => {
  const sibling: SlackPerson = { ...person, name: 'Sib Ling', unfit: null, enterpriseId: E };
  const jobOrgs = { ...ok, inOrg: gone };
  const check = new PeopleCheck(new SlackPeople({ now: () => new Date() }), 1_000, ok, jobOrgs);
  expect(await check.organisation(HOME, sibling)).toBe('unknown');
  // A submission still reads `orgs`.
  expect(await check.external(HOME, sibling)).toBe(false);
  expect(
    await new PeopleCheck(new SlackPeople({ now: () => new Date() })).organisation(HOME, sibling),
  ).toBe('external');
});

test('the Grid org lookup: Slack’s answer is yes or no, a failure is unknown (and is for a minute after)', async () => {
  const clock = { now: () => new Date('2026-12-07T03:00:00Z') };
  const people = new SlackPeople(clock);
  const lookup = (answer: (userId: string) => Promise<unknown>) => ({
    asker: async () => 'B0ORGBOT01:xoxb',
    call: async () => answer,
  });
  const log = createLogger('silent');
  const org = new OrgPeople(people, clock, 1_000);
  const failing = lookup(() =>
    Promise.reject(Object.assign(new Error('x'), { code: 'slack_webapi_platform_error' })),
  );
  expect(await org.said(failing, E, 'U0SIBLING1', log)).toBe('unknown');
  expect(await org.ofOrg(failing, E, 'U0SIBLING1', log)).toBe(false);
  // Remembered as missed for a minute: unknown at once, even with Slack answering now.
  const answering = lookup(async (id) => ({
    ok: true,
    user: { id, name: 'sib', enterprise_user: { enterprise_id: E } },
  }));
  expect(await org.said(answering, E, 'U0SIBLING1', log)).toBe('unknown');
  expect(await org.said(answering, E, 'U0OTHER001', log)).toBe(true);
});
