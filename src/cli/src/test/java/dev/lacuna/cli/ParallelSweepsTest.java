package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the parent reads a sweep child's progress from the child's output file. */
class ParallelSweepsTest {

    @TempDir
    Path folder;

    @Test
    void theLatestProgressLineWinsOverEarlierOnesAndOtherOutput() throws Exception {
        Path err = folder.resolve("job-0.err");
        Files.write(err, List.of(
                ParallelSweeps.PROGRESS + "unlearning oracle 125/125",
                "[W] a libtorch warning",
                ParallelSweeps.PROGRESS + "mixing oracle 3/21",
                "another warning"));
        assertThat(ParallelSweeps.latestProgress(err)).isEqualTo("mixing oracle 3/21");
    }

    @Test
    void aChildThatHasNotReportedYetIsStarting() throws Exception {
        assertThat(ParallelSweeps.latestProgress(folder.resolve("missing.err"))).isEqualTo("starting");
        Path err = folder.resolve("job-1.err");
        Files.write(err, List.of("[W] a libtorch warning"));
        assertThat(ParallelSweeps.latestProgress(err)).isEqualTo("starting");
    }
}
