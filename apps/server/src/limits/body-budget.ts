type Waiter = { bytes: number; admit: () => void };

/**
 * Bytes of request bodies being read and handled at once. A request reserves its declared
 * length (or the largest body its route takes) before its body is read and frees it when its
 * answer is made; one that finds no room waits its turn, first come first served, for at most
 * `waitMs`. A body larger than the whole budget still passes when nothing else holds any.
 */
export function createBodyBudget({ totalBytes, waitMs }: { totalBytes: number; waitMs: number }) {
  let held = 0;
  const queue: Waiter[] = [];

  function fits(bytes: number) {
    return held === 0 || held + bytes <= totalBytes;
  }

  function admitWaiting() {
    while (queue.length > 0 && fits((queue[0] as Waiter).bytes)) {
      const next = queue.shift() as Waiter;
      held += next.bytes;
      next.admit();
    }
  }

  return {
    /** Resolves to a release function, or to null when no room came within the wait. */
    async reserve(bytes: number): Promise<(() => void) | null> {
      const release = () => {
        held -= bytes;
        admitWaiting();
      };
      if (queue.length === 0 && fits(bytes)) {
        held += bytes;
        return once(release);
      }
      return new Promise((resolve) => {
        const waiter: Waiter = {
          bytes,
          admit: () => {
            clearTimeout(timer);
            resolve(once(release));
          },
        };
        const timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          resolve(null);
          // A large body that gave up may have blocked smaller ones behind it.
          admitWaiting();
        }, waitMs);
        queue.push(waiter);
      });
    },
    heldBytes: () => held,
    waiting: () => queue.length,
  };
}

function once(release: () => void) {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

export type BodyBudget = ReturnType<typeof createBodyBudget>;
