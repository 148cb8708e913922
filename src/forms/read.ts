import { FieldErrors, type FieldProblem } from '../errors.js';
import { normalise, type FormData, type Kind } from './kinds.js';

/** How one field of a form is read: its kind, and whether it must be given. */
export interface Rule<T, Required extends boolean> {
  kind: Kind<T>;
  required: Required;
}

export const required = <T>(kind: Kind<T>): Rule<T, true> => ({ kind, required: true });
export const optional = <T>(kind: Kind<T>): Rule<T, false> => ({ kind, required: false });

type Values<R extends Record<string, Rule<unknown, boolean>>> = {
  [K in keyof R]: R[K] extends Rule<infer T, true>
    ? T
    : R[K] extends Rule<infer T, false>
      ? T | undefined
      : never;
};

/**
 * Reads one field: `undefined` when it is empty, its value when it parses, else the problem.
 * Text longer than the kind allows is a problem before it is parsed.
 */
export function readField<T>(
  raw: string | undefined,
  kind: Kind<T>,
  today: string | undefined,
): { value: T | undefined } | { problem: FieldProblem } {
  // A one-line input's text has no line breaks (a CSV cell or an API call may bring them).
  const oneLine = kind.input.type === 'text' && !kind.input.multiline;
  const text = normalise(raw, kind.collapse, kind.asTyped, oneLine);
  if (text === undefined) return { value: undefined };
  if (kind.max !== undefined && text.length > kind.max)
    return { problem: { key: 'form.error.tooLong', params: { max: kind.max } } };
  const parsed = kind.parse(text, today);
  return parsed.ok ? { value: parsed.value } : { problem: parsed.problem };
}

/**
 * Reads a whole form by its rules: every field's problem is collected and thrown at once as
 * FieldErrors (one inline message per modal field); otherwise the typed values, required ones
 * guaranteed present.
 */
export function readForm<R extends Record<string, Rule<unknown, boolean>>>(
  form: FormData,
  rules: R,
  /** Today in the workspace's zone, for dates that may not be later (none: no such date). */
  today: string | undefined,
  /** Checks across fields, on the values that were read; may add problems. */
  refine?: (values: Partial<Values<R>>, problems: Record<string, FieldProblem>) => void,
): Values<R> {
  const problems: Record<string, FieldProblem> = {};
  const values: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(rules)) {
    const read = readField(form[field], rule.kind, today);
    if ('problem' in read) problems[field] = read.problem;
    else if (read.value === undefined && rule.required)
      problems[field] = { key: 'form.error.required' };
    else values[field] = read.value;
  }
  refine?.(values as Partial<Values<R>>, problems);
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return values as Values<R>;
}
