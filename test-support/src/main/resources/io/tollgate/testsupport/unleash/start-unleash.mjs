// Starts the Unleash server UnleashFixture (test-support) asks for. Run by the fixture as
//   node start-unleash.mjs
// with TOLLGATE_UNLEASH_HOME (the npm install holding node_modules/unleash-server), TOLLGATE_UNLEASH_PORT
// and TOLLGATE_UNLEASH_DB (JSON: host, port, user, password, database). Tokens come from the
// INIT_ADMIN_API_TOKENS / INIT_BACKEND_API_TOKENS environment (read by Unleash itself at first start).
// unleash-server is ESM-only; it is imported by absolute file URL because this file does not live
// next to its node_modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const home = process.env.TOLLGATE_UNLEASH_HOME;
const port = Number(process.env.TOLLGATE_UNLEASH_PORT);
const db = JSON.parse(process.env.TOLLGATE_UNLEASH_DB);
const pkgDir = join(home, 'node_modules', 'unleash-server');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports['.'];
const { start } = await import(pathToFileURL(join(pkgDir, entry)).href);

console.log(`tollgate: starting unleash-server ${pkg.version} on 127.0.0.1:${port}, database ${db.database}`);
await start({
  db: { ...db, ssl: false, pool: { min: 0, max: 4 } },
  server: { host: '127.0.0.1', port },
  authentication: { type: 'open-source' },
  versionCheck: { enable: false },
});
