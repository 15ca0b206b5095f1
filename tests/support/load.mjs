// Which build the JS suites run against (the Lightning CSS pattern: one corpus, several builds).
// WAC_ENTRY = node-esm (default) | node-cjs | eu-esm | eu-cjs
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkg = fileURLToPath(new URL('../../pkg/', import.meta.url));

export const entry = process.env.WAC_ENTRY || 'node-esm';
const [flavorDir, format] = entry.split('-');
const dir = flavorDir === 'eu' ? `${pkg}eu/` : pkg;

export const api = format === 'cjs' ? require(`${dir}node.cjs`) : await import(`${dir}node.mjs`);
await api.init();
