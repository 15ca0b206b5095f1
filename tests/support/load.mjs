// Which build the JS suites run against (the Lightning CSS pattern: one corpus, several builds).
// WAC_ENTRY = <flavor>-<format>[-lite]: node-esm (default), node-cjs, node-esm-lite, node-cjs-lite, eu-esm, eu-cjs
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkg = fileURLToPath(new URL('../../pkg/', import.meta.url));

export const entry = process.env.WAC_ENTRY || 'node-esm';
const [flavorDir, format, lite] = entry.split('-');
const dir = flavorDir === 'eu' ? `${pkg}eu/` : pkg;
const file = lite ? 'lite' : 'node';

export const api = format === 'cjs' ? require(`${dir}${file}.cjs`) : await import(`${dir}${file}.mjs`);
await api.init();
