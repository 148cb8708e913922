import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * The classpath Maven resolved for mongo-java-server. Resolves it now (Maven downloads the
 * artifacts once into ~/.m2) when `npm install` has not done it yet.
 */
export function standinClasspath(): string {
  const dir = standinDir();
  const file = join(dir, 'target', 'classpath.txt');
  if (!existsSync(file)) {
    const mvn = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(dir, 'pom.xml'),
        'dependency:build-classpath',
        `-Dmdep.outputFile=${file}`,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (mvn.error || mvn.status !== 0) {
      const why =
        mvn.error?.message ?? (mvn.stdout + mvn.stderr).trim().split('\n').slice(-3).join(' ');
      throw new Error(`Maven could not resolve mongo-java-server: ${why}`);
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Starts mongo-java-server (a MongoDB wire-protocol server in Java) on a free loopback port.
 * With `file`, data is kept in an H2 file across restarts; otherwise it lives in memory.
 * The Java process exits when our end of its stdin closes, so it never outlives us.
 */
export async function startStandin(
  options: { file?: string; timeoutMs?: number } = {},
): Promise<RunningStandin> {
  const classpath = standinClasspath();
  const args = ['-Xss4m', '-cp', classpath, join(standinDir(), 'MongoStandin.java'), '--port', '0'];
  if (options.file) args.push('--file', options.file);
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
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
      reject(new Error(`mongo-java-server exited with code ${code}: ${stderr.trim()}`));
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
