// The terminal edge while a command runs: colour only on a TTY without NO_COLOR, and a progress
// counter for long inputs. Everything here writes to stderr; plain text helpers are in text.ts.
import { printable } from './text.js';

/** The few colours the summaries use (16-colour SGR codes, which printable() keeps). */
export interface Colors {
  level: 0 | 1;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Colour on: SGR codes around the text (no library: chalk cost every start its modules). */
export function colors(on: boolean): Colors {
  const sgr = (open: number, close: number) => (text: string) => (on ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { level: on ? 1 : 0, bold: sgr(1, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

export interface Terminal {
  color: Colors;
  quiet: boolean;
  line(text?: string): void;
  progress(label: string): { tick(n: number): void; done(): void };
}

export function terminal(quiet: boolean): Terminal {
  const tty = Boolean(process.stderr.isTTY);
  const color = colors(tty && !process.env.NO_COLOR);
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
