/**
 * Turns pushed values into an AsyncIterableIterator for GraphQL subscriptions, with a bound so a
 * slow consumer cannot grow memory without limit (the oldest values are dropped).
 */
export function createAsyncQueue<T>(onReturn: () => void, maxBuffered = 1000): {
  push(value: T): void;
  iterator: AsyncIterableIterator<T>;
} {
  const buffer: T[] = [];
  const waiting: Array<(r: IteratorResult<T>) => void> = [];
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    onReturn();
    while (waiting.length) waiting.shift()?.({ value: undefined as never, done: true });
  };
  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (buffer.length) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined as never, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined as never, done: true });
    },
    throw(e?: unknown) {
      finish();
      return Promise.reject(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    push(value: T) {
      if (done) return;
      const w = waiting.shift();
      if (w) return w({ value, done: false });
      buffer.push(value);
      if (buffer.length > maxBuffered) buffer.shift();
    },
    iterator,
  };
}
