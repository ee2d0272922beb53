/**
 * In-process mutual exclusion per key. Cheap first line of defence for token refreshes (the
 * database row lock is the one that holds across processes); it also keeps a single process from
 * tying up several pooled connections waiting on the same row lock.
 */
export class KeyedMutex {
  private tails = new Map<string, Promise<void>>();

  /** Run `fn` when no other `fn` for `key` is running in this process. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await previous;
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
