import { expect } from 'vitest';
import { FieldErrors, type FieldProblem } from '../../src/errors.js';

/**
 * Runs a form parser that must refuse its input and returns what the user is shown: form field
 * -> catalogue key and params. Fails the test when the input is accepted or another error is
 * thrown.
 */
export function fieldErrors(parse: () => unknown): Record<string, FieldProblem> {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(FieldErrors);
    return (err as FieldErrors).fields;
  }
  throw new Error('the form was accepted, expected it to be refused');
}
