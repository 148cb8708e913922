import { FieldErrors, type FieldProblem } from '../errors.js';
import { trimmed, type FormData } from '../customer/form.js';
import { INTERACTION_TYPES } from '../customer/rules.js';
import type { TaskOutcome } from './repository.js';
import type { TaskKind } from './rules.js';

function score(
  form: FormData,
  field: string,
  max: number,
  problems: Record<string, FieldProblem>,
): number | undefined {
  const raw = form[field]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (max === 5 ? 1 : 0) || value > max)
    problems[field] = {
      key: 'form.error.choice',
      params: { choices: `${max === 5 ? 1 : 0}-${max}` },
    };
  return value;
}

/**
 * The Done modal of a task: how the customer was reached, what came of it, and for a revisit
 * whether the issue is solved and the satisfaction (1-5, required) and NPS (0-10) scores.
 * `summary` may be left empty on a revisit: the scores are the summary then.
 */
export function parseTaskOutcome(form: FormData, kind: TaskKind): TaskOutcome {
  const problems: Record<string, FieldProblem> = {};
  const interactionType = INTERACTION_TYPES.find((v) => v === form.type);
  if (!interactionType)
    problems.type = { key: 'form.error.choice', params: { choices: INTERACTION_TYPES.join(', ') } };
  const summary = trimmed(form, 'summary', 2000, problems);
  if (!summary && kind !== 'revisit') problems.summary = { key: 'form.error.required' };
  const feedback = trimmed(form, 'feedback', 2000, problems);
  const satisfaction = score(form, 'satisfaction', 5, problems);
  const nps = score(form, 'nps', 10, problems);
  let solved: boolean | undefined;
  if (kind === 'revisit') {
    if (form.solved === 'yes' || form.solved === 'no') solved = form.solved === 'yes';
    else problems.solved = { key: 'form.error.required' };
    if (satisfaction === undefined && !problems.satisfaction)
      problems.satisfaction = { key: 'form.error.required' };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return {
    interactionType: interactionType!,
    summary: summary ?? '',
    ...(solved !== undefined ? { solved } : {}),
    ...(satisfaction !== undefined ? { satisfaction } : {}),
    ...(nps !== undefined ? { nps } : {}),
    ...(feedback ? { feedback } : {}),
  };
}
