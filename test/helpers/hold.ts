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
