#!/usr/bin/env bash
# Runs the whole test suite: makes sure PostgreSQL + pgvector (scripts/setup-postgres.sh) and headless Chromium
# with its driver (scripts/setup-browser.sh, for the console's browser tests) are installed, then
# `mvn clean install` (unit tests with surefire, *IT integration tests with failsafe on a throwaway cluster), then
# builds and runs the library example, and ends with one line "N passed, N failed, N skipped".
#
# It builds in a copy of the sources (.build/test/, made afresh every run, so `clean` never touches the project's
# own target/ folders): the jar bin/pipeline runs (pipeline-adapter-cli/target/pipeline-cli.jar) stays where it is
# and usable while the tests run, and bin/pipeline may even rebuild it meanwhile. `install` puts the modules into the
# local Maven repository (~/.m2), which the library example, a Maven project of its own, builds against.
#
# Maven's whole output goes to .build/test.log; the terminal shows one line per module with its test counts, every
# failure, and the closing line. Arguments are passed to Maven (e.g. -Dit.test=ExitCodesIT).
#   PIPELINE_TEST_BUILD_DIR  where the copy is built (default <project>/.build/test)
#   PIPELINE_TEST_LOG        the log (default <project>/.build/test.log)
#   PIPELINE_TEST_GOAL       the Maven goal (default install; verify builds and tests without installing, and skips the
#                            library example, which needs the installed modules)
set -uo pipefail
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$PROJECT"

BUILD=${PIPELINE_TEST_BUILD_DIR:-$PROJECT/.build/test}
LOG=${PIPELINE_TEST_LOG:-$PROJECT/.build/test.log}
GOAL=${PIPELINE_TEST_GOAL:-install}
case "$BUILD" in
  "$PROJECT"|"$PROJECT"/ ) echo "test.sh: PIPELINE_TEST_BUILD_DIR must not be the project itself" >&2; exit 2 ;;
esac
mkdir -p "$(dirname "$LOG")"
: > "$LOG"
echo "test.sh: building and testing a copy in $BUILD; Maven's output: $LOG"

# a setup script's output goes to the log; the terminal only hears about it when it fails
setup() {
  echo "== $*" >> "$LOG"
  if ! "$@" >> "$LOG" 2>&1; then
    echo "test.sh: $* failed:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
}
setup scripts/setup-postgres.sh install
setup scripts/setup-browser.sh install

# the copy: the sources as they are now (committed or not), without build output, clusters or data directories
rm -rf "$BUILD"
mkdir -p "$BUILD"
tar -C "$PROJECT" --exclude=./.git --exclude=./.build --exclude=./.pgdata --exclude=./.pgdata.log \
    --exclude=./.demo-data --exclude=./data --exclude=./bench/out --exclude='./pipeline-*/target' \
    --exclude='./examples/*/target' --exclude=./target -cf - . | tar -C "$BUILD" -xf - \
  || { echo "test.sh: cannot copy the sources into $BUILD" >&2; exit 1; }

MVN=(mvn -B -ntp -Dstyle.color=never)

# Maven's lines, in: the log gets them all (Debian's Maven 3.8 writes terminal resets even in batch mode, stripped so
# the log is plain text); the terminal gets the module being built, its test counts, failures and build errors
maven() {
  echo "== mvn $*" >> "$LOG"
  "${MVN[@]}" "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' | tee -a "$LOG" | awk '
    function out(s) { print s; fflush() }
    /^\[INFO\] Building / && !/^\[INFO\] Building [a-z]+: / {
      n = "[1/1]"; if (match($0, /\[[0-9]+\/[0-9]+\]$/)) n = substr($0, RSTART)
      line = $0; sub(/^\[INFO\] Building /, "", line); sub(/ +\[[0-9]+\/[0-9]+\]$/, "", line)
      sub(/ [0-9][^ ]*$/, "", line); out(sprintf("%-9s %s", n, line)); next
    }
    /^\[INFO\] --- .*surefire/ { kind = "unit tests"; next }
    /^\[INFO\] --- .*failsafe/ { kind = "integration tests"; next }
    /^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
      line = $0; sub(/^\[[A-Z]+\] /, "", line); out("          " kind ": " line); next
    }
    /^\[ERROR\] (Failures|Errors): *$/ { failing = 1; next }
    failing && /^\[ERROR\]   / { line = $0; sub(/^\[ERROR\] +/, "", line); out("          FAILED " line); more = 0; next }
    failing && !/^\[/ && NF { if (more++ < 4) out("            " $0); next }
    failing { failing = 0 }
    /^\[ERROR\] COMPILATION ERROR/ { compiling = 1; next }
    compiling && /^\[ERROR\] \// { line = $0; sub(/^\[ERROR\] /, "", line); out("          " line); next }
    compiling && /^\[INFO\] [0-9]+ error/ { compiling = 0 }
    /^\[ERROR\] Failed to execute goal/ && !failed_goal { failed_goal = 1; line = $0; sub(/^\[ERROR\] /, "", line)
      out("          " substr(line, 1, 300)); next }
    /^\[INFO\] BUILD FAILURE/ { out("BUILD FAILURE (the whole output: " logfile ")") }
  ' logfile="$LOG"
  return "${PIPESTATUS[0]}"
}

status=0
(cd "$BUILD" && maven clean "$GOAL" "$@") || status=$?

if [ "$status" -eq 0 ] && [ "$GOAL" = install ] && [ -f "$BUILD/examples/library-embedding/pom.xml" ]; then
  echo "example   library-embedding (its own Maven project, using the installed modules)"
  (cd "$BUILD" && maven -f examples/library-embedding/pom.xml clean verify "$@") || status=$?
fi

tests=0; fail=0; skip=0
shopt -s nullglob
# count <testcase> elements, not the suite's tests="" attribute: Surefire reports @Nested and
# parameterized classes under the outer suite with tests="0"
for f in "$BUILD"/*/target/surefire-reports/TEST-*.xml "$BUILD"/*/target/failsafe-reports/TEST-*.xml \
         "$BUILD"/examples/*/target/surefire-reports/TEST-*.xml "$BUILD"/examples/*/target/failsafe-reports/TEST-*.xml; do
  t=$(grep -o '<testcase ' "$f" | wc -l)
  fl=$(grep -oE '<(failure|error)[ >]' "$f" | wc -l)
  s=$(grep -oE '<skipped[ />]' "$f" | wc -l)
  tests=$((tests + t)); fail=$((fail + fl)); skip=$((skip + s))
done
if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
  echo "the build failed outside the tests (see $LOG)" >&2
fi
echo "$((tests - fail - skip)) passed, $fail failed, $skip skipped"
exit "$status"
