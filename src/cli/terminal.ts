// The terminal edge while a command runs: colour only on a TTY without NO_COLOR, and a progress
// counter for long inputs. Everything here writes to stderr; plain text helpers are in text.ts.
import { Chalk, type ChalkInstance } from 'chalk';
import { printable } from './text.js';

export interface Terminal {
  color: ChalkInstance;
  quiet: boolean;
  line(text?: string): void;
  progress(label: string): { tick(n: number): void; done(): void };
}

export function terminal(quiet: boolean): Terminal {
  const tty = Boolean(process.stderr.isTTY);
  const color = new Chalk({ level: tty && !process.env.NO_COLOR ? 1 : 0 });
  return {
    color,
    quiet,
    line(text = '') {
      if (!quiet) process.stderr.write(`${printable(text, color.level > 0)}\n`);
    },
    progress(label) {
      let shown = false;
      let last = 0;
      return {
        // Rows arrive in batches: show the count each time it passes another 5,000.
        tick(n) {
          if (quiet || !tty || Math.floor(n / 5000) === Math.floor(last / 5000)) return;
          last = n;
          shown = true;
          process.stderr.write(`\r${label} ${n.toLocaleString('en-US')} 行…`);
        },
        done() {
          if (shown) process.stderr.write('\r\x1b[K');
        },
      };
    },
  };
}
