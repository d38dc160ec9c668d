// Cleanup that must run however the run ends: a normal exit, an error, or a signal (Ctrl-C,
// SIGTERM from a scheduler, SIGHUP when the terminal window closes). Node's default for a
// signal skips 'exit' handlers, so each of these signals ends the run through process.exit.
// Only SIGKILL (and a power cut) escapes: README 安全 says what may then be left.
const handlers: Array<() => void> = [];
let hooked = false;

/** Runs `cleanup` (synchronous) once when the process exits. */
export function onExit(cleanup: () => void): void {
  handlers.push(cleanup);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const h of handlers.splice(0)) {
      try {
        h();
      } catch {
        // one failed cleanup must not stop the others
      }
    }
  });
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** Ends the run through process.exit on each signal, so that the exit handlers run. */
export function exitOnSignals(): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
    // Windows has no SIGHUP to listen for on some versions: skip what cannot be listened to.
    try {
      process.once(signal as NodeJS.Signals, () => process.exit(code));
    } catch {
      // not supported here
    }
  }
}
