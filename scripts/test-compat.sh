#!/usr/bin/env bash
# npm run test:compat — the conformance suite again, under Node 24, against got 16 and ky 2.
#
# Needs only Node >= 20 + npm with registry access and the project's own `npm ci`. Installs
# got@16, ky@2 and the npm package node@24 into a separate prefix (AUTHWIRE_COMPAT_DIR, default
# .tmp/compat, gitignored); vitest.config.ts points `got` and `ky` there when the variable is set.
# Then: type-checks the ky adapter against ky 2's types, and runs test/conformance plus the
# fetch, ky and got adapter tests (got.test.ts and the got-*.test.ts files) with Node 24. Extra arguments go to vitest; AUTHWIRE_CLIENTS filters
# the clients as in the normal run.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
compat="${AUTHWIRE_COMPAT_DIR:-$root/.tmp/compat}"
case "$compat" in /*) ;; *) compat="$root/$compat" ;; esac

if [ ! -f node_modules/vitest/vitest.mjs ] || [ ! -f node_modules/typescript/bin/tsc ]; then
  echo "test:compat: run 'npm ci' first (vitest and typescript come from the project's node_modules)" >&2
  exit 1
fi

mkdir -p "$compat"
cat > "$compat/package.json" <<'JSON'
{
  "name": "authwire-compat",
  "private": true,
  "description": "What npm run test:compat runs against: written by scripts/test-compat.sh",
  "dependencies": { "got": "^16.0.0", "ky": "^2.0.0", "node": "^24.0.0" }
}
JSON
echo "test:compat: installing got@16, ky@2 and node@24 into $compat"
(cd "$compat" && npm install --no-audit --no-fund --loglevel=error)

node24="$compat/node_modules/.bin/node"
version="$("$node24" --version)"
case "$version" in v24.*) ;; *) echo "test:compat: expected Node 24 from the node@24 package, got $version" >&2; exit 1 ;; esac
pkg_version() { "$node24" -p "require(process.argv[1]).version" "$compat/node_modules/$1/package.json"; }
echo "test:compat: node $version, got $(pkg_version got), ky $(pkg_version ky)"

# kyAuth's options must plug into ky 2 without casts, as they do into ky 1 (checked by npm run typecheck).
# gotAuth's likewise into got 16.
cat > "$compat/tsconfig.ky2.json" <<JSON
{
  "extends": "$root/tsconfig.base.json",
  "compilerOptions": { "noEmit": true, "paths": { "ky": ["$compat/node_modules/ky/distribution/index.d.ts"], "got": ["$compat/node_modules/got/dist/source/index.d.ts"] } },
  "files": ["$root/adapters/ky.ts", "$root/test/conformance/drivers/ky.ts", "$root/test/adapters/ky.test.ts", "$root/adapters/got.ts", "$root/test/conformance/drivers/got.ts", "$root/test/adapters/got.test.ts", "$root/test/adapters/got-redirect-body.test.ts", "$root/test/adapters/got-paginate.test.ts", "$root/test/adapters/got-error-reach.test.ts"]
}
JSON
echo "test:compat: type-checking the ky and got adapters against ky 2 and got 16"
"$node24" node_modules/typescript/bin/tsc -p "$compat/tsconfig.ky2.json"

echo "test:compat: running the conformance suite under Node 24"
AUTHWIRE_COMPAT_DIR="$compat" "$node24" node_modules/vitest/vitest.mjs run test/conformance test/adapters/fetch.test.ts test/adapters/ky.test.ts test/adapters/got.test.ts test/adapters/got-redirect-body.test.ts test/adapters/got-paginate.test.ts test/adapters/got-error-reach.test.ts "$@"
