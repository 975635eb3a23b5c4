import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  hasInstallScript?: boolean;
  os?: string[];
  cpu?: string[];
}

const root = path.join(__dirname, '..', '..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const allowScripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> }
).allowScripts;

/** npm installs a platform package only where its os and cpu fields match. */
function installsHere(entry: LockEntry): boolean {
  return (!entry.os || entry.os.includes(process.platform)) && (!entry.cpu || entry.cpu.includes(process.arch));
}

describe('install scripts', () => {
  it('when npm ci installs a package with an install script, then package.json decides it (allowed or denied), so the install prints no warning', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript && installsHere(entry))
      .map(([location]) => location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !(name in allowScripts))).toEqual([]);
    // Telemetry pulled in by the Swagger UI: denied on purpose.
    expect(allowScripts['@scarf/scarf']).toBe(false);
  });
});
