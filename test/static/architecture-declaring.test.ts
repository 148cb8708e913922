// A projected customer (a daily run's CareCustomer or SignalCustomer, the digest's, a stage
// check's: a Pick of some of CustomerRecord's fields, the rest never read from the database) must
// never reach a parameter that reads a field it lacks. TypeScript refuses a missing required
// field, not a missing *optional* one (`{ lastOrderDate?: string }` takes a CareCustomer without
// it, and the helper sees undefined where the file has a date): the helpers the daily runs call
// are written `Declaring<C, Input>` (src/customer/types.ts), which turns that hole into a compile
// error. That is a convention; this checks the rule itself, with the type checker, on every call
// of the daily runs and of the customer and task domains (SCANNED): for each argument whose type is a projected customer, the parameter it
// is passed to (as the call resolves it, generics inferred) has no optional property that is a
// customer field the argument's type does not declare. A new helper written with a plain
// parameter type that reads a field the run's list leaves out fails here, naming the call.
//
// What it does not see: a projected customer passed inside something else (an object literal's
// property, an array or a Map handed to a helper: the argument's type is not the customer's), a
// parameter typed `any` or with an index signature, a field read through a variable or a
// return type declared wider (`const c: { notes?: string } = customer`), and a projection whose
// type also has fields that are not CustomerRecord's (a spread with extra fields: not recognised
// as a customer), and calls in files outside SCANNED (a helper elsewhere that the runs reach only
// through a customer- or task-domain helper is checked at that helper's call, not at its own).
// Those are left to review and to Declaring.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** A planted hole: a helper with a plain parameter type, handed a daily run's customer. */
const FIXTURE = 'test/fixtures/declaring-hole.ts';

/**
 * The calls checked: those of the daily signals and tasks runs and of every helper of the
 * customer and task domains they call (whose own calls pass the customer on), and FIXTURE's.
 * Type-checking every call of the production code took ~30 s of CPU; these are what the runs reach.
 */
const SCANNED = [
  'jobs/customer-signals.ts',
  'jobs/tasks.ts',
  'src/flows/signals.ts',
  'src/flows/tasks.ts',
  'src/customer/',
  'src/task/',
  'src/workspace/types.ts',
  FIXTURE,
];

/** The production code (not the benches, which construct customers of their own), and FIXTURE. */
function program(): ts.Program {
  const configPath = join(ROOT, 'tsconfig.build.json');
  const config = ts.readConfigFile(configPath, (p) => readFileSync(p, 'utf8'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const roots = parsed.fileNames.filter((f) => !relative(ROOT, f).startsWith('bench/'));
  return ts.createProgram([...roots, join(ROOT, FIXTURE)], { ...parsed.options, noEmit: true });
}

interface Finding {
  at: string;
  call: string;
  argument: string;
  fields: string[];
}

function holes(): { findings: Finding[]; checked: number } {
  const prog = program();
  const checker = prog.getTypeChecker();
  const typesFile = prog.getSourceFile(join(ROOT, 'src/customer/types.ts'));
  if (!typesFile) throw new Error('src/customer/types.ts is not in the program');
  const symbol = checker
    .getExportsOfModule(checker.getSymbolAtLocation(typesFile)!)
    .find((s) => s.name === 'CustomerRecord');
  if (!symbol) throw new Error('CustomerRecord not found');
  const fields = new Set(
    checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name),
  );
  if (fields.size < 40) throw new Error(`CustomerRecord has ${fields.size} fields?`);

  /** A Pick of CustomerRecord leaving some out (each member of a union, all of them so). */
  const projected = (type: ts.Type): boolean => {
    if (type.isUnion()) return type.types.every(projected);
    if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return false;
    const names = checker.getPropertiesOfType(type).map((p) => p.name);
    return (
      names.includes('code') &&
      names.includes('teamId') &&
      names.includes('lifecycle') &&
      names.every((n) => fields.has(n)) &&
      names.length < fields.size
    );
  };
  const declares = (type: ts.Type, name: string): boolean =>
    type.isUnion()
      ? type.types.every((t) => declares(t, name))
      : !!checker.getPropertyOfType(type, name);

  const findings: Finding[] = [];
  let checked = 0;
  for (const file of prog.getSourceFiles()) {
    const path = relative(ROOT, file.fileName);
    if (file.isDeclarationFile || !SCANNED.some((p) => path.startsWith(p))) continue;
    const visit = (node: ts.Node): void => {
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.length) {
        const signature = checker.getResolvedSignature(node);
        node.arguments.forEach((arg, i) => {
          if (!signature) return;
          const argType = checker.getTypeAtLocation(arg);
          if (!projected(argType)) return;
          const params = signature.getParameters();
          const param = params[Math.min(i, params.length - 1)];
          if (!param) return;
          checked++;
          let paramType = checker.getTypeOfSymbol(param);
          // A rest parameter: its elements'.
          if (i >= params.length - 1 && signature.declaration) {
            const decl = signature.declaration.parameters?.[params.length - 1];
            if (decl && ts.isParameter(decl) && decl.dotDotDotToken)
              paramType = checker.getIndexTypeOfType(paramType, ts.IndexKind.Number) ?? paramType;
          }
          const members = paramType.isUnion() ? paramType.types : [paramType];
          const missing = new Set<string>();
          for (const member of members) {
            // A parameter taking anything (unknown, a type parameter unconstrained) reads nothing.
            if (!(member.flags & ts.TypeFlags.Object) && !member.isIntersection()) continue;
            for (const prop of checker.getPropertiesOfType(member))
              if (
                prop.flags & ts.SymbolFlags.Optional &&
                fields.has(prop.name) &&
                !declares(argType, prop.name)
              )
                missing.add(prop.name);
          }
          if (missing.size) {
            const { line } = file.getLineAndCharacterOfPosition(node.getStart());
            findings.push({
              at: `${path}:${line + 1}`,
              call: node.expression.getText(file),
              argument: checker.typeToString(argType),
              fields: [...missing].sort(),
            });
          }
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { findings, checked };
}

test('no projected customer is passed to a parameter reading an optional field it lacks', () => {
  const { findings, checked } = holes();
  // The scan sees the daily runs' calls (the planners', the signal rules', the stage rules').
  expect(checked).toBeGreaterThan(30);
  // The planted hole is found, named by the field it misses; nothing in the production code.
  expect(findings.filter((f) => f.at.startsWith(FIXTURE))).toEqual([
    expect.objectContaining({ call: 'readsNotes', argument: 'CareCustomer', fields: ['notes'] }),
  ]);
  expect(findings.filter((f) => !f.at.startsWith(FIXTURE))).toEqual([]);
}, 600_000);
