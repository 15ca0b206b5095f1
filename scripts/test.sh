#!/usr/bin/env bash
# Every test: set up what is missing (Rust target, wasm-bindgen-cli, npm packages, Chromium),
# then the native Rust tests, the wasm tests under Node, the JS suites against every Node build,
# the TypeScript declarations, the packaging tests (Node + headless Chromium), the widget in
# Chromium, the webhook server, the CLI and the Zapier app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --browser

step() { printf '\n=== %s\n' "$*"; }

step "cargo test (native)"
cargo test --quiet
step "cargo test --features eu-metadata (native)"
cargo test --quiet --features eu-metadata --lib
step "cargo test (wasm32 in Node, wasm-bindgen-test-runner)"
cargo test --target wasm32-unknown-unknown --test wasm

step "build pkg/"
node scripts/build.mjs

for entry in node-esm node-cjs node-esm-lite node-cjs-lite eu-esm eu-cjs; do
  step "JS suites against $entry"
  WAC_ENTRY=$entry node --test tests/js/
done

step "TypeScript declarations (tsc --noEmit)"
npx --no-install tsc -p tests/types/tsconfig.json

step "packaging tests (npm pack; Node ESM/CJS; Chromium: plain page, esbuild bundle, worker)"
node tests/packaging/run.mjs

step "opt-in widget in Chromium (strict CSP, keyboard, languages, one wasm fetch)"
node --test tests/browser/

step "webhook server over loopback on a real SQLite file"
node --test tests/server/

step "CLI (phone, reply, audit, migrate)"
node --test tests/cli/

step "Zapier app (createAppTester) and the n8n / Pipedream snippets"
node tests/zapier/run.mjs
