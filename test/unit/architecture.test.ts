// The layers the README draws, checked on every import of the production code: a change that
// breaks the direction (handlers -> flows -> domain -> db; ui and notify on domain types only)
// or closes a cycle fails here, not in a review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Edge {
  from: string;
  to: string;
  /** `import type` (erased at run time). */
  typeOnly: boolean;
}

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every import and re-export of a file: project files as paths from the root, packages by name. */
function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
  );
  const edges: Edge[] = [];
  for (const node of source.statements) {
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) continue;
    const spec = node.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec)) continue;
    const typeOnly = ts.isImportDeclaration(node)
      ? !!node.importClause &&
        (node.importClause.isTypeOnly ||
          (!node.importClause.name &&
            !!node.importClause.namedBindings &&
            ts.isNamedImports(node.importClause.namedBindings) &&
            node.importClause.namedBindings.elements.every((e) => e.isTypeOnly)))
      : node.isTypeOnly;
    const to = spec.text.startsWith('.')
      ? relative(ROOT, resolve(ROOT, dirname(file), spec.text)).replace(/\.js$/, '.ts')
      : spec.text;
    edges.push({ from: file, to, typeOnly });
  }
  return edges;
}

const PRODUCTION = [...files('src'), ...files('handlers'), ...files('jobs')];
const EDGES = PRODUCTION.flatMap(importsOf);
const DOMAINS = [
  'customer',
  'ticket',
  'task',
  'digest',
  'sla',
  'workspace',
  'outbox',
  'channel',
  'events',
  'privacy',
  'install',
];

const inDir = (path: string, dir: string) => path.startsWith(`${dir}/`);
const isDomain = (path: string) => DOMAINS.some((d) => inDir(path, `src/${d}`));
/** The composition roots: the one place (with the CLIs) that wires handlers and jobs in. */
const isRoot = (path: string) =>
  path === 'src/app.ts' || path === 'src/main.ts' || inDir(path, 'src/cli');
/** Where data is stored: models, repositories, the run ledger, mongoose itself. */
const isStorage = (path: string) =>
  path === 'mongoose' || /\/(model|repository|activity-repository|ledger)\.ts$/.test(path);
/**
 * Domain modules any layer may take values from: vocabularies, the field registry, and the pure
 * rule masking phones and emails in typed text (which every surface applies).
 */
const isDomainVocabulary = (path: string) =>
  (isDomain(path) && /\/(types|fields|settings)\.ts$/.test(path)) ||
  path === 'src/privacy/free-text.ts';

function violations(test: (e: Edge) => boolean): string[] {
  return EDGES.filter(test).map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`);
}

describe('layers', () => {
  test('the scan sees the production code', () => {
    expect(PRODUCTION.length).toBeGreaterThan(100);
    expect(EDGES.some((e) => e.from.startsWith('handlers/') && inDir(e.to, 'src/flows'))).toBe(
      true,
    );
  });

  test('nothing in src imports handlers or jobs but the composition roots', () => {
    expect(
      violations(
        (e) =>
          inDir(e.from, 'src') &&
          !isRoot(e.from) &&
          (inDir(e.to, 'handlers') || inDir(e.to, 'jobs')),
      ),
    ).toEqual([]);
  });

  test('domain folders import neither flows, notify, ui, slack, handlers nor Slack packages', () => {
    const outward = ['src/flows', 'src/notify', 'src/ui', 'src/slack', 'handlers', 'jobs'];
    expect(
      violations(
        (e) =>
          isDomain(e.from) &&
          (outward.some((dir) => inDir(e.to, dir)) || e.to.startsWith('@slack/')),
      ),
    ).toEqual([]);
  });

  test('flows change the domain through its services, never its repositories or models', () => {
    expect(violations((e) => inDir(e.from, 'src/flows') && isStorage(e.to))).toEqual([]);
  });

  test('flows use the domain and ask the notifiers by their types; they render nothing', () => {
    expect(
      violations(
        (e) =>
          inDir(e.from, 'src/flows') &&
          (inDir(e.to, 'src/ui') ||
            inDir(e.to, 'src/slack') ||
            inDir(e.to, 'handlers') ||
            inDir(e.to, 'jobs') ||
            e.to.startsWith('@slack/') ||
            (inDir(e.to, 'src/notify') && !e.typeOnly)),
      ),
    ).toEqual([]);
  });

  test('ui and notify depend on domain types only (values from types.ts and fields.ts, and the typed-text masking)', () => {
    expect(
      violations(
        (e) =>
          (inDir(e.from, 'src/ui') || inDir(e.from, 'src/notify')) &&
          isDomain(e.to) &&
          !e.typeOnly &&
          !isDomainVocabulary(e.to),
      ),
    ).toEqual([]);
    expect(
      violations(
        (e) =>
          inDir(e.from, 'src/ui') &&
          (inDir(e.to, 'src/flows') || inDir(e.to, 'src/notify') || inDir(e.to, 'src/slack')),
      ),
    ).toEqual([]);
  });

  test('handlers and jobs reach the database only through services and flows', () => {
    expect(
      violations(
        (e) =>
          (inDir(e.from, 'handlers') || inDir(e.from, 'jobs')) &&
          (inDir(e.to, 'src/db') || inDir(e.to, 'src/notify') || isStorage(e.to)),
      ),
    ).toEqual([]);
  });

  test('handlers and jobs do not import each other', () => {
    expect(
      violations(
        (e) =>
          (inDir(e.from, 'handlers') && inDir(e.to, 'jobs')) ||
          (inDir(e.from, 'jobs') && inDir(e.to, 'handlers')),
      ),
    ).toEqual([]);
  });

  test('the database layer knows the domain only through the schemas it registers', () => {
    expect(
      violations(
        (e) =>
          inDir(e.from, 'src/db') &&
          isDomain(e.to) &&
          !(e.from === 'src/db/models.ts' && /\/model\.ts$/.test(e.to)),
      ),
    ).toEqual([]);
  });

  test('only models, repositories and the database layer import mongoose', () => {
    const allowed = (path: string) =>
      inDir(path, 'src/db') || /\/(model|repository|activity-repository|ledger)\.ts$/.test(path);
    expect(violations((e) => e.to === 'mongoose' && !allowed(e.from))).toEqual([]);
  });

  test('no import cycle, type-only imports included', () => {
    const graph = new Map<string, string[]>();
    for (const e of EDGES)
      if (PRODUCTION.includes(e.to)) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of PRODUCTION) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('command-line tools', () => {
  /** The packages a file loads at run time: its value imports, followed through the project. */
  function packagesLoadedBy(entry: string): Set<string> {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const e of EDGES.filter((e) => e.from === file && !e.typeOnly)) {
        if (e.to.startsWith('src/') || e.to.startsWith('handlers/') || e.to.startsWith('jobs/'))
          walk(e.to);
        else packages.add(e.to);
      }
    };
    walk(entry);
    return packages;
  }

  test('the customers CSV tool loads no Slack package (Bolt is half a second of CPU at each start)', () => {
    expect(
      [...packagesLoadedBy('src/cli/customers.ts')].filter((p) => p.startsWith('@slack/')),
    ).toEqual([]);
  });

  test('a listener that says beforeSave is registered with checked, and only such a one', () => {
    // boundary() acks a budget-0 submission at its first wait unless told the listener says
    // beforeSave (`checked`): a check that waits would then refuse after the saving view.
    const mismatched = files('handlers').filter((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return /\bbeforeSave\(/.test(text) !== /\bchecked<\w+>\(/.test(text);
    });
    expect(mismatched).toEqual([]);
  });
});
