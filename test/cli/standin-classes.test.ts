// The stand-in's launcher compiled once (src/db/standin.ts standinClasses): kept by the hash of
// its source and classpath, compiled again only when one changed, and safe with two processes
// compiling at once. Runs javac and child processes: the cli project (CI), not npm test.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { standinClasses, standinClasspath } from '../../src/db/standin.js';
import { childEnv } from '../helpers/child.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE = join(ROOT, 'src', 'db', 'standin', 'MongoStandin.java');

/** A stand-in folder of its own: the launcher, and target/ (empty). */
function standinDir(): string {
  const dir = tempDir('standin-classes-');
  copyFileSync(SOURCE, join(dir, 'MongoStandin.java'));
  mkdirSync(join(dir, 'target'));
  return dir;
}

describe('the stand-in launcher compiled once', { timeout: 120_000 }, () => {
  const classpath = standinClasspath();

  test('compiled on the first start, not again; again once the source changed; source mode without javac', () => {
    const dir = standinDir();
    let compiles = 0;
    const onCompile = () => compiles++;
    const first = standinClasses(classpath, { dir, onCompile });
    expect(first).toMatch(/[/\\]target[/\\]classes-[0-9a-f]{16}$/);
    expect(existsSync(join(first!, 'MongoStandin.class'))).toBe(true);
    expect(compiles).toBe(1);
    expect(standinClasses(classpath, { dir, onCompile })).toBe(first);
    expect(compiles).toBe(1);

    appendFileSync(join(dir, 'MongoStandin.java'), '\n// changed\n');
    const changed = standinClasses(classpath, { dir, onCompile });
    expect(compiles).toBe(2);
    expect(changed).not.toBe(first);
    expect(existsSync(join(changed!, 'MongoStandin.class'))).toBe(true);
    // No javac (a JRE's PATH): none, and the launcher runs in source mode.
    appendFileSync(join(dir, 'MongoStandin.java'), '// and again\n');
    expect(standinClasses(classpath, { dir, javac: join(dir, 'no-such-javac') })).toBeUndefined();
    expect(readdirSync(join(dir, 'target')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a compile removes the other folders no start chose lately; one chosen lately, or being compiled into, stays', () => {
    const dir = standinDir();
    const target = join(dir, 'target');
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    const folder = (name: string, at?: Date) => {
      mkdirSync(join(target, name));
      writeFileSync(join(target, name, 'MongoStandin.class'), 'old');
      if (at) utimesSync(join(target, name), at, at);
      return name;
    };
    // Left by older launchers: one an hour old, a compile that died an hour ago; a compile of
    // another process under way now.
    const stale = folder('classes-0123456789abcdef', hourAgo);
    const died = folder(`classes-0123456789abcdef.4242.tmp`, hourAgo);
    const compiling = folder('classes-fedcba9876543210.4343.tmp');
    // The current launcher's, compiled an hour ago and chosen again by a start now (touched).
    const inUse = standinClasses(classpath, { dir })!.split(/[/\\]/).at(-1)!;
    utimesSync(join(target, inUse), hourAgo, hourAgo);
    expect(standinClasses(classpath, { dir })).toBe(join(target, inUse));
    expect(Date.now() - statSync(join(target, inUse)).mtimeMs).toBeLessThan(60_000);

    appendFileSync(join(dir, 'MongoStandin.java'), '\n// changed\n');
    const changed = standinClasses(classpath, { dir })!.split(/[/\\]/).at(-1)!;
    const left = readdirSync(target);
    expect(left).not.toContain(stale);
    expect(left).not.toContain(died);
    expect(left.sort()).toEqual([compiling, inUse, changed].sort());

    // Once no start chose it for a while, the next compile removes it too.
    utimesSync(join(target, inUse), hourAgo, hourAgo);
    appendFileSync(join(dir, 'MongoStandin.java'), '// and again\n');
    const latest = standinClasses(classpath, { dir })!.split(/[/\\]/).at(-1)!;
    expect(readdirSync(target).sort()).toEqual([changed, compiling, latest].sort());
  });

  test('another process renamed its folder first: its classes are used, ours removed', () => {
    const dir = standinDir();
    const theirs = standinClasses(classpath, { dir })!;
    rmSync(join(dir, 'target'), { recursive: true });
    mkdirSync(join(dir, 'target'));
    // A javac that lets the other process finish first: it puts their folder in place, then
    // compiles ours.
    const javac = join(dir, 'javac-late');
    writeFileSync(
      javac,
      `#!/bin/sh\nmkdir -p '${theirs}' && printf theirs > '${theirs}/MongoStandin.class'\nexec javac "$@"\n`,
    );
    chmodSync(javac, 0o755);
    expect(standinClasses(classpath, { dir, javac })).toBe(theirs);
    expect(readFileSync(join(theirs, 'MongoStandin.class'), 'utf8')).toBe('theirs');
    expect(readdirSync(join(dir, 'target'))).toEqual([theirs.split(/[/\\]/).at(-1)]);
  });

  test('two processes starting at once: both get the same complete folder, no half-made one is left', async () => {
    const dir = standinDir();
    const script = `
      import { standinClasses } from './src/db/standin.ts';
      process.stdout.write('ready\\n');
      process.stdin.once('data', () => {
        let compiled = false;
        const classes = standinClasses(${JSON.stringify(classpath)}, {
          dir: ${JSON.stringify(dir)},
          onCompile: () => (compiled = true),
        });
        process.stdout.write(JSON.stringify({ classes, compiled }) + '\\n');
        process.exit(0);
      });`;
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        env: childEnv(),
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = children.map((child) => {
      const got: string[] = [];
      let wanted: ((line: string) => void)[] = [];
      let rest = '';
      child.stdout.on('data', (chunk: Buffer) => {
        rest += chunk.toString();
        const parts = rest.split('\n');
        rest = parts.pop()!;
        for (const line of parts) {
          const next = wanted.shift();
          if (next) next(line);
          else got.push(line);
        }
      });
      return () =>
        new Promise<string>((done) => {
          const line = got.shift();
          if (line !== undefined) done(line);
          else wanted = [...wanted, done];
        });
    });
    // Both loaded, then both told to go at the same moment.
    expect(await Promise.all(lines.map((next) => next()))).toEqual(['ready', 'ready']);
    for (const child of children) child.stdin.write('go\n');
    const results = (await Promise.all(lines.map((next) => next()))).map(
      (line) => JSON.parse(line) as { classes: string; compiled: boolean },
    );
    expect(results[0]!.classes).toMatch(/classes-[0-9a-f]{16}$/);
    expect(results[1]!.classes).toBe(results[0]!.classes);
    expect(existsSync(join(results[0]!.classes, 'MongoStandin.class'))).toBe(true);
    expect(readdirSync(join(dir, 'target'))).toEqual([results[0]!.classes.split(/[/\\]/).at(-1)]);
  });
});
