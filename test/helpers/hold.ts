import { vi } from 'vitest';
import type { Ctx } from '../../src/context.js';
import type { TicketRepository } from '../../src/ticket/repository.js';
import type { TestApp } from './app.js';

/**
 * Holds the first call of `target[name]` (a slow instance, in a race test): `reached` resolves
 * when that call starts, and it goes on once `release()` is called; later calls run at once.
 * `restore()` puts the method back (and lets a held call go on).
 */
export function holdFirstCall<T extends object, K extends keyof T>(
  target: T,
  name: K,
): { reached: Promise<void>; release: () => void; restore: () => void } {
  const original = target[name] as unknown as (...args: unknown[]) => unknown;
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  (target as Record<K, unknown>)[name] = async function (this: unknown, ...args: unknown[]) {
    if (holding) {
      holding = false;
      reach();
      await held;
    }
    return original.apply(this, args);
  };
  return {
    reached,
    release,
    restore: () => {
      release();
      (target as Record<K, unknown>)[name] = original;
    },
  };
}

/**
 * Holds a Home's read of the team's unassigned queue once it has read it (a slow read under
 * load): `reached` resolves when that read has its answer, which it returns once `release()` is
 * called. `asked` resolves when a Home for which `drawer(ctx, pass)` holds asks for its data
 * (the team part is asked for before its first await). `restore()` releases and puts both back.
 */
export function holdTeamRead(
  app: TestApp,
  drawer: (ctx: Ctx, pass: unknown) => boolean,
): { reached: Promise<void>; asked: Promise<void>; release: () => void; restore: () => void } {
  const repo = (app.desk.services.tickets as unknown as { repos: { tickets: TicketRepository } })
    .repos.tickets;
  const page = repo.page.bind(repo);
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  const pages = vi.spyOn(repo, 'page').mockImplementation(async (...args) => {
    const filter = args[1];
    const teamQueue = filter.unassigned && !filter.minLevel && !filter.accountManagerId;
    const read = await page(...args);
    if (holding && teamQueue) {
      holding = false;
      reach();
      await held;
    }
    return read;
  });
  const home = app.desk.flows.home;
  const data = home.data.bind(home);
  let ask!: () => void;
  const asked = new Promise<void>((resolve) => (ask = resolve));
  const homes = vi.spyOn(home, 'data').mockImplementation((ctx, pass) => {
    const drawing = data(ctx, pass);
    if (drawer(ctx, pass)) ask();
    return drawing;
  });
  return {
    reached,
    asked,
    release,
    restore: () => {
      release();
      pages.mockRestore();
      homes.mockRestore();
    },
  };
}
