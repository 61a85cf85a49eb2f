#!/usr/bin/env bash
# The packaging test (.ci/run runs it after `pnpm test`): packs the `iamlint` package as `pnpm publish` would, installs
# the tarball with npm into an empty folder outside the repository (no workspace links, no dev dependencies), and
# checks what a user does there: `npx iamlint --version`, an audit of the demo organization (exit 1 and the counts
# README.md's sample output states), and the example plugin type-checked, tested and loaded from a config against
# the installed package.
#
#   bash scripts/check-package.sh        (needs the workspace installed: pnpm install --frozen-lockfile)
#   IAMLINT_TARBALL=<file> bash scripts/check-package.sh    checks that tarball instead of packing one (the release)
set -euo pipefail

repository=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/iamlint-package-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The CLI's V8 code cache goes here, not into the user's ~/.cache.
export IAMLINT_CACHE_DIR="$work/code-cache"

fail() {
  echo "check-package: FAILED: $*" >&2
  exit 1
}
step() {
  echo
  echo "== [${SECONDS}s] $*"
}

case "$work" in "$repository"/*) fail "the temporary folder $work is inside the repository";; esac

if [ -n "${IAMLINT_TARBALL:-}" ]; then
  step "the tarball to check: $IAMLINT_TARBALL"
  [ -f "$IAMLINT_TARBALL" ] || fail "IAMLINT_TARBALL=$IAMLINT_TARBALL is not a file"
  cp "$IAMLINT_TARBALL" "$work/"
  tarball="$work/$(basename "$IAMLINT_TARBALL")"
else
  step "pack packages/cli (its prepack builds the bundle)"
  (cd "$repository/packages/cli" && pnpm pack --pack-destination "$work" >"$work/pack.log" 2>&1) || {
    cat "$work/pack.log" >&2
    fail "pnpm pack of packages/cli failed"
  }
  tarballs=("$work"/iamlint-*.tgz)
  [ "${#tarballs[@]}" -eq 1 ] && [ -f "${tarballs[0]}" ] || fail "expected one iamlint-*.tgz in $work, found: ${tarballs[*]}"
  tarball=${tarballs[0]}
fi
echo "$(basename "$tarball"): $(du -k "$tarball" | cut -f1) kB"
contents=$(tar tzf "$tarball")
echo "$contents"

step "the packed package.json"
manifest=$(tar xzf "$tarball" -O package/package.json)
echo "$manifest"
node - "$manifest" <<'EOF' || fail "the packed package.json is not publishable as is (see above)"
const manifest = JSON.parse(process.argv[2]);
const problems = [];
const sections = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
for (const section of sections) {
  for (const [name, range] of Object.entries(manifest[section] ?? {})) {
    if (name.startsWith('@iamlint/')) problems.push(`${section} names the workspace package ${name}`);
    if (/^(workspace|link|file):/.test(range)) problems.push(`${section}.${name} is "${range}"`);
  }
}
for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`dependencies.${name} is "${version}", not an exact version`);
}
if (manifest.bin?.iamlint !== './bundle/bin.js') problems.push(`bin.iamlint is ${JSON.stringify(manifest.bin)}`);
for (const problem of problems) console.error(`  ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
EOF
for file in package/README.md package/LICENSE package/bundle/THIRD-PARTY-LICENSES.md package/bundle/bin.js package/bundle/cli.cjs package/bundle/iam-data.txt package/bundle/index.js package/bundle/index.d.ts; do
  grep -qx "$file" <<<"$contents" || fail "the tarball lacks $file"
done
# code-cache.ts reads an ASCII cli.cjs as Latin-1, a copy; anything else is decoded as UTF-8, a slower start.
tar xzf "$tarball" -O package/bundle/cli.cjs | node -e "const chunks = []; process.stdin.on('data', (c) => chunks.push(c)).on('end', () => process.exit(require('node:buffer').isAscii(Buffer.concat(chunks)) ? 0 : 1))" ||
  fail "bundle/cli.cjs is not ASCII (see build-package.mjs)"
if grep -q "@iamlint/" <<<"$(tar xzf "$tarball" -O package/bundle/index.d.ts)"; then
  fail "bundle/index.d.ts still refers to an @iamlint/* module"
fi

step "npm install the tarball into an empty folder ($work/user)"
mkdir "$work/user"
cd "$work/user"
npm init -y >/dev/null
started=$(date +%s)
npm install --no-audit --no-fund "$tarball" || fail "npm install of the tarball failed"
echo "installed in $(($(date +%s) - started)) s"
[ ! -L node_modules/iamlint ] || fail "node_modules/iamlint is a link, not an installed package"

step "npx iamlint --version"
version_line=$(npx --no-install iamlint --version) || fail "npx iamlint --version exited $?"
echo "$version_line"
expected_version=$(node -p "require('$repository/packages/cli/package.json').version")
case "$version_line" in "iamlint $expected_version "*) ;; *) fail "expected 'iamlint $expected_version (…)', got '$version_line'";; esac

step "npx with nothing installed (an empty folder, as \`npx iamlint@<version>\` from the registry)"
mkdir "$work/empty"
(cd "$work/empty" && npx --yes --prefer-offline --package "$tarball" -- iamlint --version) || fail "npx --package <tarball> iamlint --version failed in an empty folder"

step "npx iamlint audit demo-org"
# The counts README.md's sample output states, so a change of the demo changes this test through the README.
summary=$(grep -E '^✖ [0-9]+ problems \([0-9]+ errors, [0-9]+ warnings\)$' "$repository/README.md" | head -1)
not_evaluated=$(grep -E '^  ⚠ [0-9]+ checks not evaluated' "$repository/README.md" | head -1)
[ -n "$summary" ] && [ -n "$not_evaluated" ] || fail "README.md's sample output has no '✖ N problems (E errors, W warnings)' and '⚠ N checks not evaluated' lines"
cp -R "$repository/fixtures/demo-org" demo-org
set +e
NO_COLOR=1 npx --no-install iamlint audit demo-org >audit.txt 2>audit.err
status=$?
set -e
tail -n 4 audit.txt
[ "$status" -eq 1 ] || { cat audit.err >&2; fail "npx iamlint audit demo-org exited $status, expected 1 (findings)"; }
grep -qxF "$summary" audit.txt || fail "the audit does not print README's '$summary'"
grep -qxF "$not_evaluated" audit.txt || fail "the audit does not print README's '$not_evaluated'"

step "audit --jobs 2 and 3 (worker threads) give what --jobs 1 gives"
for format in json sarif; do
  for jobs in 1 2 3; do
    set +e
    npx --no-install iamlint audit demo-org --jobs "$jobs" --format "$format" >"jobs-$jobs.$format" 2>"jobs-$jobs.err"
    status=$?
    set -e
    [ "$status" -eq 1 ] || { cat "jobs-$jobs.err" >&2; fail "npx iamlint audit demo-org --jobs $jobs --format $format exited $status, expected 1 (findings)"; }
  done
  cmp -s "jobs-1.$format" "jobs-2.$format" && cmp -s "jobs-1.$format" "jobs-3.$format" || fail "audit --jobs 2 or 3 --format $format differs from --jobs 1"
done

step "the V8 code cache: an audit without it, writing it, using it, and with it damaged prints the same"
rm -rf "$IAMLINT_CACHE_DIR"
cache_audit() {
  set +e
  npx --no-install iamlint audit demo-org --format json >"cache-$1.json" 2>"cache-$1.err"
  status=$?
  set -e
  [ "$status" -eq 1 ] || { cat "cache-$1.err" >&2; fail "the audit ($1) exited $status, expected 1 (findings)"; }
  cmp -s jobs-1.json "cache-$1.json" || fail "the audit ($1) differs from the first audit"
}
IAMLINT_CACHE_DIR= cache_audit off
[ ! -e "$IAMLINT_CACHE_DIR" ] || fail "IAMLINT_CACHE_DIR= still wrote a cache"
cache_audit cold
cache_files=("$IAMLINT_CACHE_DIR"/cli.cjs-*.v8cache)
[ "${#cache_files[@]}" -eq 1 ] && [ -s "${cache_files[0]}" ] || fail "the first audit wrote no code cache into $IAMLINT_CACHE_DIR"
cache_audit warm
printf 'not a code cache' | dd of="${cache_files[0]}" bs=1 seek=200 conv=notrunc status=none
cache_audit damaged
cache_audit rewritten

step "a snapshot that breaks its schema: the bundle's validators say what the workspace's say"
cp -R "$repository/fixtures/demo-org" bad-schema
node -e "const fs = require('node:fs'); const file = 'bad-schema/accounts/097352618404.json'; const account = JSON.parse(fs.readFileSync(file, 'utf8')); account.users[0].createDate = 42; account.roles[0].path = ['/']; fs.writeFileSync(file, JSON.stringify(account, null, 2));"
set +e
npx --no-install iamlint audit bad-schema >/dev/null 2>bad-schema.installed
installed_status=$?
node "$repository/packages/cli/dist/bin.js" audit bad-schema >/dev/null 2>bad-schema.workspace
workspace_status=$?
set -e
[ "$installed_status" -eq 2 ] && [ "$workspace_status" -eq 2 ] || fail "the audit of a snapshot breaking its schema exited $installed_status (installed) and $workspace_status (workspace), expected 2"
grep -q 'createDate must be string' bad-schema.installed || { cat bad-schema.installed >&2; fail "the installed audit does not name the schema error"; }
cmp -s bad-schema.installed bad-schema.workspace || { diff bad-schema.installed bad-schema.workspace >&2; fail "the installed and workspace audits report the schema error differently"; }

step "an audit loads no package from node_modules: the bundle carries what it needs"
set +e
NO_COLOR=1 IAMLINT_MODULE_TRACE="$work/modules.txt" node --import "$repository/packages/cli/test/module-trace.mjs" node_modules/iamlint/bundle/bin.js audit demo-org >/dev/null 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || fail "the traced audit of demo-org exited $status, expected 1 (findings)"
grep -q '/node_modules/iamlint/bundle/' "$work/modules.txt" || fail "the module trace names no bundle file: the trace did not run"
loaded=$(grep '/node_modules/' "$work/modules.txt" | grep -v '/node_modules/iamlint/bundle/' | sort -u || true)
[ -z "$loaded" ] || fail "an audit loaded packages from node_modules (bundle them, or load them only where needed): $loaded"

step "examples/plugin-acme against the installed package"
cp -R "$repository/examples/plugin-acme" "$work/plugin-acme"
rm -rf "$work/plugin-acme/node_modules" "$work/plugin-acme/dist"
cd "$work/plugin-acme"
# --no-save: the peer dependency on iamlint stays "^0.1.0" in the package.json packed below.
npm install --no-audit --no-fund --prefer-offline --no-save "$tarball" || fail "npm install in the example plugin failed"
[ ! -L node_modules/iamlint ] || fail "the example's node_modules/iamlint is a link"
npx --no-install tsc --noEmit || fail "the example plugin does not type-check against the installed iamlint"
# The example's tsconfig skips checking library declarations, as most do; iamlint's must compile without that too.
npx --no-install tsc --noEmit --skipLibCheck false || fail "iamlint's bundle/index.d.ts has errors of its own"
npx --no-install vitest run || fail "the example plugin's tests fail against the installed iamlint"
npx --no-install tsc -p tsconfig.build.json || fail "the example plugin does not build"

step "an audit with the example plugin installed and named in a YAML config"
npm pack --silent --pack-destination "$work" >/dev/null || fail "npm pack of the example plugin failed"
cd "$work/user"
npm install --no-audit --no-fund --prefer-offline "$work"/iamlint-plugin-acme-*.tgz || fail "npm install of the packed example plugin failed"
cat >iamlint.config.yaml <<'EOF'
- plugins:
    acme: iamlint-plugin-acme
  rules:
    acme/role-owner-tag: error
    acme/no-user-outside-path: error
EOF
set +e
npx --no-install iamlint audit demo-org --format json -o plugin-audit.json 2>plugin-audit.err
status=$?
set -e
[ "$status" -eq 1 ] || { cat plugin-audit.err >&2; fail "the audit with the plugin exited $status, expected 1"; }
node - <<'EOF' || fail "the audit with the plugin did not report the plugin's findings (see above)"
const report = JSON.parse(require('node:fs').readFileSync('plugin-audit.json', 'utf8'));
const counts = {};
for (const finding of report.findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
console.log(counts);
const rules = Object.keys(counts);
if (!rules.includes('acme/role-owner-tag') || !rules.includes('acme/no-user-outside-path') || rules.some((id) => !id.startsWith('acme/'))) {
  process.exitCode = 1;
}
EOF

echo
echo "check-package: OK in ${SECONDS}s"
