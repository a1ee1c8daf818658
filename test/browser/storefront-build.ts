import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const WEB_DIST = path.join(process.cwd(), 'web', 'dist');
const SOURCES = [path.join(process.cwd(), 'web', 'src'), path.join(process.cwd(), 'client', 'src')];

/** True when the build is missing or older than any source file. */
function stale(): boolean {
  const built = path.join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? newer(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs > builtAt));
  return SOURCES.some(newer);
}

/** npm test builds the storefront first (build:web); a lone jest run after an edit rebuilds it here. */
export function buildStorefrontIfStale(): void {
  if (stale()) execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
}
