#!/usr/bin/env bash
# Runs the whole test suite: makes sure PostgreSQL + pgvector are installed (scripts/setup-postgres.sh),
# then `mvn verify` (unit tests with surefire, *IT integration tests with failsafe on a throwaway cluster),
# then builds and runs the library example, and ends with one line "N passed, N failed, N skipped".
set -uo pipefail
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$PROJECT"

scripts/setup-postgres.sh install || exit 1

MVN=(mvn -B -ntp)
status=0
"${MVN[@]}" clean install "$@" || status=$?

if [ "$status" -eq 0 ] && [ -f examples/library-embedding/pom.xml ]; then
  echo "== library example (its own Maven project, using the installed modules)"
  "${MVN[@]}" -f examples/library-embedding/pom.xml clean verify || status=$?
fi

tests=0; fail=0; err=0; skip=0
shopt -s nullglob
for f in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml examples/*/target/surefire-reports/TEST-*.xml examples/*/target/failsafe-reports/TEST-*.xml; do
  line=$(grep -m1 -o '<testsuite [^>]*>' "$f") || continue
  t=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$line")
  fl=$(sed -E 's/.* failures="([0-9]+)".*/\1/' <<<"$line")
  e=$(sed -E 's/.* errors="([0-9]+)".*/\1/' <<<"$line")
  s=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$line")
  tests=$((tests + t)); fail=$((fail + fl)); err=$((err + e)); skip=$((skip + s))
done
echo "$((tests - fail - err - skip)) passed, $((fail + err)) failed, $skip skipped"
if [ "$status" -ne 0 ] && [ "$((fail + err))" -eq 0 ]; then
  echo "the build failed outside the tests (see the Maven output above)" >&2
fi
exit "$status"
