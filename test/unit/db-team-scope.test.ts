// Queries (find, updateOne, countDocuments…) go through mongoose's sanitizeFilter (set on the
// connection): an operator object passed as a value is matched literally. Aggregation pipelines
// and bulkWrite's filters are not queries: mongoose neither sanitizes nor scopes them. So each
// of them is written from stored values only and scoped by team id, and this scan holds every
// one to the second half of that: an aggregate's (or a $lookup's) first stage matches on
// teamId, and every bulk write's filter names teamId (or the outbox's entries by their stored
// ids or team and keys). A new pipeline or bulk write without it fails here, not in a review.
// A job's pipeline over every workspace, built from constants, is marked and says why.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const BULK_OPS = new Set(['updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany']);
/** Filters built by a helper that scopes them (the outbox's entries by stored id, or team and key). */
const SCOPING_HELPERS = new Set(['whereEntries']);

function name(node: ts.PropertyName | ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isIdentifier(node) || ts.isStringLiteral(node)) return node.text;
  return undefined;
}

/** Whether an object literal names teamId (`teamId`, `teamId: x`) or spreads a scoping helper. */
function scoped(obj: ts.Expression): boolean {
  if (!ts.isObjectLiteralExpression(obj)) return false;
  return obj.properties.some(
    (p) =>
      ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
        name(p.name) === 'teamId') ||
      (ts.isSpreadAssignment(p) &&
        ts.isCallExpression(p.expression) &&
        SCOPING_HELPERS.has(name(p.expression.expression) ?? '')),
  );
}

interface Finding {
  where: string;
  what: string;
  ok: boolean;
}

/** Every aggregate pipeline, $lookup pipeline and bulk-write filter of a file, judged. */
function scan(file: string): Finding[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const at = (node: ts.Node) =>
    `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const firstMatch = (pipeline: ts.Expression, node: ts.Node, what: string) => {
    const first = ts.isArrayLiteralExpression(pipeline) ? pipeline.elements[0] : undefined;
    const match =
      first && ts.isObjectLiteralExpression(first)
        ? first.properties.find(
            (p): p is ts.PropertyAssignment =>
              ts.isPropertyAssignment(p) && name(p.name) === '$match',
          )
        : undefined;
    found.push({
      where: at(node),
      what,
      ok: (!!match && scoped(match.initializer)) || everyTeam(node),
    });
  };
  // A job's pipeline over every workspace at once, written from constants only, says so in a
  // comment on one of the three lines above it (`team-scope: every team, …why`).
  const lines = text.split('\n');
  const everyTeam = (node: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line;
    return lines
      .slice(Math.max(0, line - 3), line + 1)
      .some((l) => /team-scope: every team, \S/.test(l));
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'aggregate' &&
      node.arguments[0]
    )
      firstMatch(node.arguments[0], node, 'aggregate');
    // (A pipeline passed on, `pipeline: opts.join.pipeline`, is judged where it is written.)
    if (
      ts.isPropertyAssignment(node) &&
      name(node.name) === 'pipeline' &&
      ts.isArrayLiteralExpression(node.initializer)
    )
      firstMatch(node.initializer, node, '$lookup pipeline');
    if (
      ts.isPropertyAssignment(node) &&
      name(node.name) === 'filter' &&
      ts.isObjectLiteralExpression(node.parent) &&
      ts.isPropertyAssignment(node.parent.parent) &&
      BULK_OPS.has(name(node.parent.parent.name) ?? '')
    )
      found.push({ where: at(node), what: 'bulk write filter', ok: scoped(node.initializer) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const FINDINGS = files('src').flatMap(scan);

describe('pipelines and bulk writes (which sanitizeFilter does not cover) are scoped by team', () => {
  test('the scan sees them', () => {
    const kinds = new Set(FINDINGS.map((f) => f.what));
    expect(kinds).toEqual(new Set(['aggregate', '$lookup pipeline', 'bulk write filter']));
    expect(FINDINGS.length).toBeGreaterThanOrEqual(15);
  });

  test("every aggregate's and $lookup's first stage matches on teamId; every bulk write's filter names it", () => {
    expect(FINDINGS.filter((f) => !f.ok).map((f) => `${f.where} (${f.what})`)).toEqual([]);
  });

  test('raw driver collections (no sanitizeFilter, no casting) are used by the privacy rewrite only', () => {
    const raw = files('src').filter((file) =>
      /\.collection\.(find|findOne|update|replace|delete|aggregate|bulkWrite|insert)/.test(
        readFileSync(join(ROOT, file), 'utf8'),
      ),
    );
    expect(raw).toEqual(['src/privacy/repository.ts']);
  });
});
