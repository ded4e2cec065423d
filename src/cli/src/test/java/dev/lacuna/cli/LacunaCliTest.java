package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LacunaCliTest {

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertThat(LacunaCli.execute("nonsense")).isEqualTo(2);
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        assertThat(LacunaCli.execute()).isEqualTo(2);
    }

    @Test
    void listingDataSetsSucceeds() {
        assertThat(LacunaCli.execute("data", "list")).isZero();
    }

    @Test
    void theVersionIsTheProjectVersionTheServerAlsoPrints() {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Lacuna Bench " + System.getProperty("lacuna.project.version") + System.lineSeparator());
        assertThat(run.out()).doesNotContain("development build").doesNotContain("${");
    }

    @Test
    void aNegativeMaskSeedIsAUsageErrorOfEvaluateAndOfTestbedBuild(@TempDir Path home) {
        TestbedCommandTest.Run evaluate = TestbedCommandTest.lacuna("evaluate", "--oracle", "--testbed", "synthetic/tiny",
                "--seeds", "7,-3", "--home", home.toString());
        assertThat(evaluate.exitCode()).isEqualTo(2);
        assertThat(evaluate.err()).isEqualTo("lacuna: Invalid value for option '--seeds' (S1,S2,...): mask seeds are whole numbers "
                + "from 0 up, got '-3' ('./lacuna evaluate --help' lists the options)" + System.lineSeparator());
        TestbedCommandTest.Run build = TestbedCommandTest.lacuna("testbed", "build", "--mask-seed", "-3", "--home", home.toString());
        assertThat(build.exitCode()).isEqualTo(2);
        assertThat(build.err()).isEqualTo("lacuna: Invalid value for option '--mask-seed' (SEED): mask seeds are whole numbers "
                + "from 0 up, got '-3' ('./lacuna testbed build --help' lists the options)" + System.lineSeparator());
    }

    @Test
    void aDataSetThatIsNotThereSuggestsAFetchIntoTheDirectoryThatWasSearched(@TempDir Path dataDir, @TempDir Path home) {
        TestbedCommandTest.Run run = TestbedCommandTest.lacuna("testbed", "build", "--data", "lume", "--mask-seed", "7",
                "--data-dir", dataDir.toString(), "--home", home.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).endsWith("; run './lacuna data fetch lume --data-dir " + dataDir.toAbsolutePath()
                + "' first ('./lacuna testbed build --help' lists the options)" + System.lineSeparator());
    }
}
