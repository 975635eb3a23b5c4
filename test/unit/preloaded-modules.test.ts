import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { productionBundleOptions } from '../../libs/worker';

const ROOT = path.join(__dirname, '..', '..');

/** Module-scope state in a source file: `let`/`var` declarations and containers built at load time. */
function moduleScopeState(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const { flags } = statement.declarationList;
    const line = (node: ts.Node) =>
      `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    if (!(flags & ts.NodeFlags.Const)) {
      found.push(`${line(statement)} declares a module-level let/var`);
      continue;
    }
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (init && ts.isNewExpression(init) && /^(Map|Set|WeakMap|WeakSet|Array)$/.test(init.expression.getText()))
        found.push(`${line(declaration)} builds a module-level ${init.expression.getText()}`);
    }
  }
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('modules preloaded into the workflow sandbox (shared by every workflow of a thread)', () => {
  const preloaded = productionBundleOptions().preloadModules ?? [];

  it('when the production bundle is configured, then it preloads exactly libs/domain and libs/contract', () => {
    expect(preloaded.map((file) => path.relative(ROOT, file).replace(/\.(ts|js)$/, '')).sort()).toEqual([
      path.join('libs', 'contract', 'index'),
      path.join('libs', 'domain', 'index'),
    ]);
  });

  it('when a preloaded folder is read, then no file holds module-level mutable state a workflow could leak into the next', () => {
    const problems = preloaded.flatMap((index) => tsFiles(path.dirname(index)).flatMap(moduleScopeState));
    expect(problems).toEqual([]);
  });

  it('when a file does hold such state, then the check finds it (the check can fail)', () => {
    const file = path.join(ROOT, 'test', 'fixtures', 'preload', 'stateful-module.ts');
    expect(moduleScopeState(file)).toEqual([
      'test/fixtures/preload/stateful-module.ts:2 declares a module-level let/var',
      'test/fixtures/preload/stateful-module.ts:3 builds a module-level Map',
    ]);
  });
});
