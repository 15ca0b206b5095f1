#!/usr/bin/env bash
# The main job: set up what is missing, build the npm package into pkg/, run the demo on the
# bundled sample data (examples/contacts.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
node scripts/build.mjs
node examples/demo.mjs "$@"
