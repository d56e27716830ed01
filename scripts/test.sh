#!/usr/bin/env bash
# Runs the whole test suite: makes sure PostgreSQL + pgvector (scripts/setup-postgres.sh) and headless Chromium
# with its driver (scripts/setup-browser.sh, for the console's browser tests) are installed, then `mvn verify`
# (unit tests with surefire, *IT integration tests with failsafe on a throwaway cluster),
# then builds and runs the library example, and ends with one line "N passed, N failed, N skipped".
set -uo pipefail
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$PROJECT"

scripts/setup-postgres.sh install || exit 1
scripts/setup-browser.sh install || exit 1

MVN=(mvn -B -ntp -Dstyle.color=never)
# Debian's Maven 3.8 writes terminal resets (ESC[0m) even in batch mode, the last ones after its final newline:
# they are stripped, so the log is plain text and the summary line below starts clean
mvn_plain() {
  "${MVN[@]}" "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
  return "${PIPESTATUS[0]}"
}
status=0
mvn_plain clean install "$@" || status=$?

if [ "$status" -eq 0 ] && [ -f examples/library-embedding/pom.xml ]; then
  echo "== library example (its own Maven project, using the installed modules)"
  mvn_plain -f examples/library-embedding/pom.xml clean verify || status=$?
fi

tests=0; fail=0; skip=0
shopt -s nullglob
# count <testcase> elements, not the suite's tests="" attribute: Surefire reports @Nested and
# parameterized classes under the outer suite with tests="0"
for f in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml \
         examples/*/target/surefire-reports/TEST-*.xml examples/*/target/failsafe-reports/TEST-*.xml; do
  t=$(grep -o '<testcase ' "$f" | wc -l)
  fl=$(grep -oE '<(failure|error)[ >]' "$f" | wc -l)
  s=$(grep -oE '<skipped[ />]' "$f" | wc -l)
  tests=$((tests + t)); fail=$((fail + fl)); skip=$((skip + s))
done
echo "$((tests - fail - skip)) passed, $fail failed, $skip skipped"
if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
  echo "the build failed outside the tests (see the Maven output above)" >&2
fi
exit "$status"
