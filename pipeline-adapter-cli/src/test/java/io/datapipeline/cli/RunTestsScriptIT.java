package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/test.sh} (issue 23, item 4) run for real with a stand-in {@code mvn} first on the PATH: the stand-in
 * prints what Maven prints, writes the reports Maven writes, and — while the "tests run" — runs the project's
 * {@code bin/pipeline}, which must still work. The script builds in a copy, so the jar stays untouched; the terminal
 * shows only the modules, their counts, the failures and the closing line; the log has everything.
 */
class RunTestsScriptIT {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = PROJECT.resolve("pipeline-adapter-cli/target/pipeline-cli.jar");

    @TempDir
    Path tmp;

    private static final String STUB = """
            #!/usr/bin/env bash
            # a stand-in for Maven: the lines Maven prints, the reports it writes, and a check of bin/pipeline meanwhile
            echo "$PWD $*" >> "$STUB_CALLS"
            echo "[INFO] Scanning for projects..."
            echo "[INFO] Downloaded from central: https://repo.maven.apache.org/some.pom (2 kB at 10 kB/s)"
            if [[ " $* " == *" -f examples/library-embedding/pom.xml "* ]]; then
              echo "[INFO] Building library-embedding 0.1.0-SNAPSHOT"
              exit 0
            fi
            echo "[INFO] Building pipeline-core 0.1.0-SNAPSHOT                              [1/2]"
            echo "[INFO] --- maven-surefire-plugin:3.5.4:test (default-test) @ pipeline-core ---"
            echo "[INFO] Running io.datapipeline.core.SomeTest"
            echo "[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s -- in io.datapipeline.core.SomeTest"
            echo "[INFO] Results:"
            echo "[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"
            mkdir -p pipeline-core/target/surefire-reports
            printf '<testsuite tests="3"><testcase name="a"/><testcase name="b"/><testcase name="c"/></testsuite>' \\
              > pipeline-core/target/surefire-reports/TEST-io.datapipeline.core.SomeTest.xml
            "$STUB_PROJECT/bin/pipeline" --version > "$STUB_CLI_OUT" 2>&1
            echo "cli exit $?" >> "$STUB_CLI_OUT"
            echo "[INFO] Building pipeline-adapter-cli 0.1.0-SNAPSHOT                       [2/2]"
            echo "[INFO] --- maven-failsafe-plugin:3.5.4:integration-test (default) @ pipeline-adapter-cli ---"
            mkdir -p pipeline-adapter-cli/target/failsafe-reports
            if [ "${STUB_FAIL:-0}" = 1 ]; then
              echo "[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 1 s <<< FAILURE! -- in io.x.SomeIT"
              echo "[INFO] Results:"
              echo "[ERROR] Failures: "
              echo "[ERROR]   SomeIT.givenThis_whenThat_thenSo:42 expected the store to be as before"
              echo "expected: 5"
              echo " but was: 0"
              echo "[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0"
              printf '<testsuite><testcase name="a"/><testcase name="b"><failure message="x"/></testcase></testsuite>' \\
                > pipeline-adapter-cli/target/failsafe-reports/TEST-io.x.SomeIT.xml
              echo "[INFO] BUILD FAILURE"
              echo "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-failsafe-plugin:3.5.4:verify (default) on project pipeline-adapter-cli: There are test failures."
              exit 1
            fi
            echo "[INFO] Results:"
            echo "[WARNING] Tests run: 2, Failures: 0, Errors: 0, Skipped: 1"
            printf '<testsuite><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>' \\
              > pipeline-adapter-cli/target/failsafe-reports/TEST-io.x.SomeIT.xml
            echo "[INFO] BUILD SUCCESS"
            """;

    private record Run(int code, String out, String log, String calls, String cli) {
    }

    private Run run(boolean fail) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, STUB, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path build = tmp.resolve("build");
        Path log = tmp.resolve("test.log");
        Path calls = tmp.resolve("calls.txt");
        Path cli = tmp.resolve("cli.txt");
        ProcessBuilder pb = new ProcessBuilder(PROJECT.resolve("scripts/test.sh").toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.txt").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("PIPELINE_TEST_BUILD_DIR", build.toString());
        pb.environment().put("PIPELINE_TEST_LOG", log.toString());
        pb.environment().put("PIPELINE_NO_BUILD", "1");
        pb.environment().put("STUB_PROJECT", PROJECT.toString());
        pb.environment().put("STUB_CALLS", calls.toString());
        pb.environment().put("STUB_CLI_OUT", cli.toString());
        pb.environment().put("STUB_FAIL", fail ? "1" : "0");
        pb.environment().remove("CI");
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("test.sh ended").isTrue();
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(log),
                Files.readString(calls), Files.readString(cli));
    }

    @Test
    void givenAGreenBuild_whenTestShRuns_thenTheJarStaysUsableTheTerminalIsShortAndTheLogHasEverything()
            throws Exception {
        assertThat(JAR).as("the CLI jar, built by package before the integration tests").exists();
        FileTime before = Files.getLastModifiedTime(JAR);

        Run r = run(false);

        assertThat(r.code()).as(r.out()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("4 passed, 0 failed, 1 skipped");
        assertThat(lines).filteredOn(l -> l.startsWith("[")).containsExactly("[1/2]     pipeline-core",
                "[2/2]     pipeline-adapter-cli", "[1/1]     library-embedding");
        assertThat(r.out()).contains("unit tests: Tests run: 3", "integration tests: Tests run: 2",
                "example   library-embedding").doesNotContain("Scanning for projects", "Downloaded from",
                "-- in io.datapipeline");
        assertThat(lines).hasSizeLessThan(12);
        assertThat(r.log()).contains("Scanning for projects", "Downloaded from", "-- in io.datapipeline.core.SomeTest",
                "BUILD SUCCESS");
        assertThat(r.calls().lines().toList()).hasSize(2).allSatisfy(c -> assertThat(c).startsWith(tmp.resolve("build")
                .toString()));
        assertThat(r.calls()).contains("clean install").contains("-f examples/library-embedding/pom.xml clean verify");
        assertThat(r.cli()).as("bin/pipeline while the tests ran").contains("cli exit 0");
        assertThat(Files.getLastModifiedTime(JAR)).as("the jar bin/pipeline runs was not rebuilt or removed")
                .isEqualTo(before);
        assertThat(tmp.resolve("build/pom.xml")).exists();
        assertThat(tmp.resolve("build/pipeline-adapter-cli/target/pipeline-cli.jar")).as("no build output copied")
                .doesNotExist();
    }

    @Test
    void givenAFailingTest_whenTestShRuns_thenTheFailureAndItsMessageAreShownAndTheExitCodeIsMavens() throws Exception {
        Run r = run(true);

        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("4 passed, 1 failed, 0 skipped");
        assertThat(r.out()).contains("FAILED SomeIT.givenThis_whenThat_thenSo:42 expected the store to be as before",
                "expected: 5", "but was: 0", "BUILD FAILURE (the whole output: " + tmp.resolve("test.log") + ")",
                "Failed to execute goal").doesNotContain("example   library-embedding");
    }
}
