import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tPlainText } from '../i18n/index.js';

/** src/db/standin in the source tree; the compiled code looks there too (dist mirrors src). */
function standinDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'src', 'db', 'standin');
    dir = dirname(dir);
  }
  throw new Error('cannot find the project root (package.json) above ' + import.meta.url);
}

export interface RunningStandin {
  uri: string;
  stop(): Promise<void>;
}

/** Why the stand-in cannot run here, in words that say what to install. */
export class StandinUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StandinUnavailableError';
  }
}

/**
 * The stand-in's data file is held by another process (a desk or a tool started earlier with
 * the same DATA_DIR): H2 locks it, and the embedded database serves one process at a time.
 */
export class DataFileInUseError extends Error {
  constructor(readonly file: string) {
    super(tPlainText('en', 'db.fileInUse', { file }));
    this.name = 'DataFileInUseError';
  }
}

/** Java must be on the PATH (17+: mongo-java-server 1.47 needs it). */
function checkJava(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (java.error) {
    throw new StandinUnavailableError(
      (java.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'java is not on the PATH: install Java 17+ (and Maven) to use mongo-java-server, or set MONGODB_URI'
        : `cannot run java: ${java.error.message}`,
    );
  }
}

/**
 * The classpath Maven resolved for mongo-java-server. Resolves it on first use (Maven fetches the
 * artifacts once into ~/.m2 and the classpath is kept in target/classpath.txt): only ever called
 * when neither MONGODB_URI nor a mongod is there, so those who have one never need Maven.
 */
export function standinClasspath(options: { dir?: string; onResolve?: () => void } = {}): string {
  const dir = options.dir ?? standinDir();
  const file = join(dir, 'target', 'classpath.txt');
  if (!existsSync(file)) {
    options.onResolve?.();
    // Written under a name of its own, then renamed: two processes resolving at once never
    // read a half-written classpath.
    const partial = `${file}.${process.pid}.tmp`;
    const mvn = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(dir, 'pom.xml'),
        'dependency:build-classpath',
        `-Dmdep.outputFile=${partial}`,
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (mvn.error && (mvn.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StandinUnavailableError(
        'mvn is not on the PATH: install Maven (it fetches mongo-java-server once) to use mongo-java-server, or set MONGODB_URI',
      );
    }
    if (mvn.error || mvn.status !== 0 || !existsSync(partial)) {
      const why =
        mvn.error?.message ?? (mvn.stdout + mvn.stderr).trim().split('\n').slice(-3).join(' ');
      throw new StandinUnavailableError(`Maven could not resolve mongo-java-server: ${why}`);
    }
    renameSync(partial, file);
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The launcher, MongoStandin.java, compiled once into `target/classes-<hash>/` (the hash of the
 * source and of the classpath it is compiled against), so a start does not compile it again:
 * Java's single-file source mode compiles it in every JVM, ~1 s of CPU a start. Compiled into a
 * folder of its own name, then renamed: two processes compiling at once never load half a
 * folder (the one renamed second finds the other's and removes its own). A changed launcher or
 * classpath gets a folder of its own; a compile that fails (no `javac` on the PATH) returns
 * undefined, and the launcher runs in source mode as before. A compile removes the folders of
 * other hashes (`dropOldClasses`) that no start chose lately: each start touches the folder it
 * uses.
 */
export function standinClasses(
  classpath: string,
  options: { dir?: string; javac?: string; onCompile?: () => void } = {},
): string | undefined {
  const dir = options.dir ?? standinDir();
  const source = join(dir, 'MongoStandin.java');
  const hash = createHash('sha256')
    .update(readFileSync(source))
    .update('\0')
    .update(classpath)
    .digest('hex')
    .slice(0, 16);
  const classes = join(dir, 'target', `classes-${hash}`);
  const built = (folder: string) => existsSync(join(folder, 'MongoStandin.class'));
  if (built(classes)) {
    // Chosen now: its JVM loads from it within the start's limit, so no compile removes it meanwhile.
    try {
      const now = new Date();
      utimesSync(classes, now, now);
    } catch {
      // removed meanwhile, or a read-only checkout: the JVM says so if the classes are gone
    }
    return classes;
  }
  options.onCompile?.();
  const partial = `${classes}.${process.pid}.tmp`;
  rmSync(partial, { recursive: true, force: true });
  // --release 17: the classes run on any Java 17+, whichever JDK compiled them.
  const javac = spawnSync(
    options.javac ?? 'javac',
    ['--release', '17', '-nowarn', '-d', partial, '-cp', classpath, source],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (javac.error || javac.status !== 0 || !built(partial)) {
    rmSync(partial, { recursive: true, force: true });
    return undefined;
  }
  try {
    renameSync(partial, classes);
  } catch {
    // Another process renamed its folder first: the same source, so the same classes.
    rmSync(partial, { recursive: true, force: true });
    if (!built(classes)) return undefined;
  }
  dropOldClasses(join(dir, 'target'), classes);
  return classes;
}

/**
 * Longer than a start takes to load its classes (its limit is 60 s; every class of the launcher
 * is loaded before it says LISTENING), and than a compile takes (javac's limit is 120 s).
 */
const CLASSES_IDLE_MS = 10 * 60_000;

/**
 * Removes the compiled launchers in `target` other than `keep`: `classes-<hash>` folders of an
 * older launcher or classpath, and the half-made `.tmp` folders of compiles that died, each only
 * once untouched for CLASSES_IDLE_MS. Another process may be starting from one (it touched it
 * when it chose it) or compiling into one: those are younger. A folder another process removes
 * meanwhile, or that cannot be removed, is left to it.
 */
function dropOldClasses(target: string, keep: string): void {
  let names: string[];
  try {
    names = readdirSync(target);
  } catch {
    return;
  }
  const keepName = keep.split(/[/\\]/).at(-1);
  for (const name of names) {
    if (name === keepName || !/^classes-[0-9a-f]{16}(\.\d+\.tmp)?$/.test(name)) continue;
    const folder = join(target, name);
    try {
      if (Date.now() - statSync(folder).mtimeMs < CLASSES_IDLE_MS) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // gone already (another compile removed it), or not ours to remove
    }
  }
}

/**
 * How the stand-in's JVM runs for tests and benchmarks (`standinJvmOptions`; not for `npm start`):
 * the client compiler only and a single-threaded collector. A test run is a few minutes of short
 * commands on a small machine; C2's compiler threads and the parallel collector cost more CPU than
 * they give back there (measured on 2 cores: a quarter less CPU for the same tests, the Node side
 * included). The benchmarks use them too, so that their stand-in runs as the tests' does: in the
 * latency benchmark the default collector (G1) paused both cores for 20-53 ms every few seconds
 * (README, #16); with these options 2 of 4 twenty-round runs had every kind within 1.5x of the
 * bare app, against 0 of 2 with the default, which is not enough to call it a cure.
 */
export const LIGHT_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * Starts mongo-java-server (a MongoDB wire-protocol server in Java) on a free loopback port.
 * With `file`, data is kept in an H2 file across restarts; otherwise it lives in memory.
 * The Java process exits when our end of its stdin closes, so it never outlives us.
 */
export async function startStandin(
  options: {
    file?: string;
    timeoutMs?: number;
    onResolve?: () => void;
    /** The JVM's options (JAVA_TOOL_OPTIONS) unless the environment sets its own. */
    jvmOptions?: string;
  } = {},
): Promise<RunningStandin> {
  checkJava();
  const classpath = standinClasspath(options.onResolve ? { onResolve: options.onResolve } : {});
  const classes = standinClasses(classpath);
  const args = classes
    ? ['-Xss4m', '-cp', [classes, classpath].join(delimiter), 'MongoStandin', '--port', '0']
    : ['-Xss4m', '-cp', classpath, join(standinDir(), 'MongoStandin.java'), '--port', '0'];
  if (options.file) args.push('--file', options.file);
  const env =
    options.jvmOptions && process.env.JAVA_TOOL_OPTIONS === undefined
      ? { ...process.env, JAVA_TOOL_OPTIONS: options.jvmOptions }
      : process.env;
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });

  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mongo-java-server did not start within ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run java: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (options.file && /The file is locked/.test(stderr)) {
        reject(new DataFileInUseError(options.file));
        return;
      }
      // java's own notes on compiling the launcher ("Note: ... deprecated API") say nothing.
      const said = stderr
        .split('\n')
        .filter(
          (line) =>
            line.trim() &&
            !line.startsWith('Note: ') &&
            !line.startsWith('Picked up JAVA_TOOL_OPTIONS'),
        )
        .join('\n');
      reject(new Error(`mongo-java-server exited with code ${code}: ${said.trim()}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^LISTENING (\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });

  return {
    uri: `mongodb://${address}/`,
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}
