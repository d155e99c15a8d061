/**
 * A small, generic "something changed in this workspace" signal, raised on the evidence write path
 * (every change the ISMS records is evidence). Readers that show live data (App Home) listen and
 * re-read later; they never read inside the listener, because it runs inside the writer's transaction:
 * a listener only schedules work, which then runs after the synchronous transaction has committed
 * (or rolled back, in which case the re-read finds nothing new).
 */
export type ChangeListener = (teamId: string) => void;

const listeners = new Set<ChangeListener>();

/** Listen for changes; returns the function that stops listening. */
export function onChange(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyChange(teamId: string): void {
  for (const l of listeners) {
    try {
      l(teamId);
    } catch {
      // A listener's failure is its own; the write it was told about must not fail with it.
    }
  }
}
