// The terminal edge: colour only on a TTY without NO_COLOR, CJK-aware column alignment,
// a progress counter for long inputs. Everything here writes to stderr.
import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';

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
      if (!quiet) process.stderr.write(`${text}\n`);
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

/** Pads to a display width: a Chinese character takes two columns. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - stringWidth(text));
  return align === 'left' ? text + ' '.repeat(gap) : ' '.repeat(gap) + text;
}

export function table(rows: string[][], align: Array<'left' | 'right'>): string[] {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => stringWidth(r[c] ?? ''))));
  return rows.map((r) => r.map((cell, c) => pad(cell, widths[c]!, align[c])).join('  ').trimEnd());
}

export function yuan(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
