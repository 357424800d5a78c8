#!/usr/bin/env bash
# npm run test:pack — the package as a registry user gets it.
#
# 1. Copies this checkout's files (tracked, plus untracked ones git does not ignore: no dist/) to a
#    temp dir, links node_modules in, and runs `npm pack` there: the tarball must build itself.
# 2. Installs that tarball into a fresh app in another temp dir, outside the repo, with axios, got,
#    ky, ioredis, pg, vitest, typescript and @types/node from the npm registry (the versions this
#    checkout has, so the npm cache usually serves them).
# 3. Runs the README quick starts (examples/quick-start/) from the app against a local server on
#    127.0.0.1, as ESM, CommonJS `require`, and TypeScript compiled for ESM and CommonJS.
# 4. Type-checks type-tests/packed/ in the app under each supported TypeScript setting.
#
# Prints PASS/FAIL per check and exits non-zero if any failed. AUTHWIRE_PACK_KEEP=1 keeps the
# temp dirs (their paths are printed). AUTHWIRE_PACK_TARBALL=path skips step 1 and checks that tarball instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/authwire-pack.XXXXXX")"
cleanup() {
  if [ "${AUTHWIRE_PACK_KEEP:-}" = 1 ]; then echo "pack-smoke: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
started=$SECONDS

if [ ! -x node_modules/.bin/tsc ]; then
  echo "pack-smoke: run 'npm ci' first (the build needs the devDependencies)" >&2
  exit 1
fi

if [ -n "${AUTHWIRE_PACK_TARBALL:-}" ]; then
  tarball="$(cd "$(dirname "$AUTHWIRE_PACK_TARBALL")" && pwd)/$(basename "$AUTHWIRE_PACK_TARBALL")"
else
  echo "pack-smoke: packing a copy of the checkout without dist/ (npm pack builds it)"
  src="$work/checkout"
  mkdir -p "$src"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    if [ -e "$file" ]; then printf '%s\0' "$file"; fi # listed but deleted in the work tree: skipped
  done | tar --null -T - -cf - | tar -xf - -C "$src"
  ln -s "$root/node_modules" "$src/node_modules"
  (cd "$src" && npm pack --silent --pack-destination "$work" >"$work/pack.log" 2>&1) || {
    cat "$work/pack.log" >&2
    echo "FAIL npm pack (a clean checkout does not pack)" >&2
    exit 1
  }
  tarball="$(ls "$work"/authwire-*.tgz)"
fi

# Every file the tarball's own `exports` map points at must be in it.
listing="$(tar -tzf "$tarball")"
targets="$(tar -xzOf "$tarball" package/package.json | node -e '
  const seen = new Set();
  const walk = (value) => {
    if (typeof value === "string") seen.add(value.replace(/^\.\//, "package/"));
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(JSON.parse(require("node:fs").readFileSync(0, "utf8")).exports);
  console.log([...seen].join("\n"));
')"
missing=0
while IFS= read -r target; do
  if ! grep -qxF "$target" <<<"$listing"; then
    echo "FAIL the tarball lacks ${target#package/}, which its exports map names" >&2
    missing=1
  fi
done <<<"$targets"
if [ "$missing" -ne 0 ]; then
  echo "    ($(wc -l <<<"$listing") files in $(basename "$tarball"))" >&2
  exit 1
fi
echo "PASS npm pack: $(basename "$tarball"), $(wc -l <<<"$listing") files, every file of its exports map included"

app="$work/app"
mkdir -p "$app"
cat >"$app/package.json" <<'JSON'
{ "name": "authwire-pack-smoke-app", "private": true, "type": "module" }
JSON
version() { node -p "require(process.argv[1]).version" "$root/node_modules/$1/package.json"; }
# The clients, the optional peers of authwire/redis, authwire/postgres and authwire/testing, and the compiler.
clients=("axios@$(version axios)" "got@$(version got)" "ky@$(version ky)" "ioredis@$(version ioredis)" "pg@$(version pg)" "@types/pg@$(version @types/pg)" "vitest@$(version vitest)" "typescript@$(version typescript)" "@types/node@$(version @types/node)")
echo "pack-smoke: installing the tarball and ${clients[*]} into $app"
(cd "$app" && npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tarball" "${clients[@]}" >"$work/install.log" 2>&1) || {
  cat "$work/install.log" >&2
  echo "FAIL npm install of the tarball into a fresh app" >&2
  exit 1
}
echo "PASS npm install of the tarball into a fresh app"

status=0
node scripts/pack-smoke/quick-starts.mjs "$app" "$root/examples/quick-start" || status=1
node scripts/pack-smoke/type-matrix.mjs "$app" "$root/type-tests/packed" || status=1

if [ "$status" -eq 0 ]; then
  echo "pack-smoke: PASS ($((SECONDS - started)) s)"
else
  echo "pack-smoke: FAIL ($((SECONDS - started)) s)" >&2
fi
exit "$status"
