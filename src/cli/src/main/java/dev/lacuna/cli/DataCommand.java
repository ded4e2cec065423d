package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.data.DataSetStatus;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lacuna data ...}: the data sets testbeds are built from. */
@Command(name = "data", description = "Inspect the data sets testbeds are built from.",
        mixinStandardHelpOptions = true,
        subcommands = {DataCommand.ListData.class})
final class DataCommand {

    @Command(name = "list", description = "Show which data sets are usable from the data directory.",
            mixinStandardHelpOptions = true)
    static final class ListData implements Runnable {

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory (default: $LACUNA_DATA_DIR).")
        Path dataDir;

        @Override
        public void run() {
            DataCatalog catalog = new DataCatalog(DataDirectory.resolve(dataDir));
            for (DataSetStatus status : catalog.statuses()) {
                System.out.println(status.describe());
            }
        }
    }

    /** The data directory from an option, else from {@code LACUNA_DATA_DIR}, else none. */
    static final class DataDirectory {
        private DataDirectory() {
        }

        static Optional<Path> resolve(Path option) {
            if (option != null) {
                return Optional.of(option);
            }
            String env = System.getenv("LACUNA_DATA_DIR");
            return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
        }
    }
}
