import type { ModalView } from '@slack/types';
import type { Translate } from '../i18n/index.js';
import { managesField, skillsField, SKILLS_INPUT_MAX, type Roles } from '../workspace/types.js';
import { context, markdown, type Block } from './blocks.js';
import { ROLES } from './ids.js';
import { formModal, inputBlock, option, textInput } from './inputs.js';
import { md, mention } from './text.js';

/** Slack shows at most this many expert skill inputs (a modal holds 100 blocks). */
export const MAX_EXPERTS = 40;
/** A modal holds 100 blocks: the fixed ones, then two per expert and two per manager shown. */
const MAX_BLOCKS = 100;

function usersInput(
  t: Translate,
  block: string,
  users: readonly string[],
  opts: { optional: boolean; dispatch?: string },
): Block {
  return inputBlock(
    {
      block,
      label: t.plain(`roles.field.${block}` as Parameters<Translate['plain']>[0]),
      hint: t.plain(`roles.hint.${block}` as Parameters<Translate['plain']>[0]),
      optional: opts.optional,
      ...(opts.dispatch ? { dispatch: true } : {}),
    },
    {
      type: 'multi_users_select',
      ...(opts.dispatch ? { action_id: opts.dispatch } : {}),
      ...(users.length ? { initial_users: [...users] } : {}),
    },
  );
}

/**
 * `/desk roles`: who is an admin, a manager (with the account managers each manages, one input
 * per manager, added as managers are picked), an agent (L1), an account manager and an expert
 * (L2, with skills or product lines, one input per expert, added as experts are picked), and
 * whether everyone works tickets (an open desk).
 */
export function rolesModal(t: Translate, roles: Roles, metadata: string): ModalView {
  const experts = roles.experts.slice(0, MAX_EXPERTS);
  // What is left of the modal after the fixed blocks and the experts' (a manager not shown
  // keeps their links).
  const room = Math.floor((MAX_BLOCKS - 7 - 2 * experts.length) / 2);
  const managers = roles.managers.slice(0, Math.max(0, room));
  const blocks: Block[] = [
    markdown(t('roles.intro')),
    usersInput(t, 'admins', roles.admins, { optional: false }),
    usersInput(t, 'managers', roles.managers, {
      optional: true,
      dispatch: ROLES.managersChanged,
    }),
  ];
  for (const managerId of managers) {
    const manages = roles.managerLinks.find((l) => l.managerId === managerId)?.manages ?? [];
    blocks.push(
      context(md`${mention(managerId)}`),
      inputBlock(
        {
          block: managesField(managerId),
          label: t.plain('roles.field.manages'),
          hint: t.plain('roles.hint.manages'),
          optional: true,
        },
        { type: 'multi_users_select', ...(manages.length ? { initial_users: manages } : {}) },
      ),
    );
  }
  blocks.push(
    usersInput(t, 'agents', roles.agents, { optional: true }),
    inputBlock(
      { block: 'open_desk', label: t.plain('roles.field.open_desk'), optional: true },
      {
        type: 'checkboxes',
        options: [option(t.plain('roles.openDesk'), 'yes')],
        ...(roles.openDesk ? { initial_options: [option(t.plain('roles.openDesk'), 'yes')] } : {}),
      },
    ),
    usersInput(t, 'account_managers', roles.accountManagers, { optional: true }),
    // Every expert is in the picker (saving it keeps them); the first MAX_EXPERTS get an input.
    usersInput(
      t,
      'experts',
      roles.experts.map((e) => e.userId),
      { optional: true, dispatch: ROLES.expertsChanged },
    ),
  );
  for (const expert of experts) {
    blocks.push(
      context(md`${mention(expert.userId)}`),
      textInput(
        {
          block: skillsField(expert.userId),
          label: t.plain('roles.field.skills'),
          hint: t.plain('roles.hint.skills'),
          optional: true,
        },
        expert.skills.join(', '),
        { max: SKILLS_INPUT_MAX },
      ),
    );
  }
  return formModal(t, { callbackId: ROLES.view, title: 'roles.title', metadata, blocks });
}
