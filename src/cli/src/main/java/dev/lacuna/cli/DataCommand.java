package dev.lacuna.cli;

import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.data.DataSetKind;
import dev.lacuna.engine.data.DataSetStatus;
import dev.lacuna.engine.data.download.DataFetcher;
import dev.lacuna.engine.data.download.DataSource;
import dev.lacuna.engine.data.download.FetchProgress;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lacuna data ...}: the data sets testbeds are built from. */
@Command(name = "data", description = "Inspect the data sets testbeds are built from.",
        mixinStandardHelpOptions = true,
        subcommands = {DataCommand.ListData.class, DataCommand.FetchData.class})
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

    @Command(name = "fetch", description = {
        "Download a data set into <data dir>/<name>/, resuming partial downloads and verifying sha256.",
        "Sources: tofu-hf (Hugging Face locuslab/TOFU), tofu-github (locuslab/tofu), lume-github "
                + "(amazon-science/lume-llm-unlearning)."},
            mixinStandardHelpOptions = true)
    static final class FetchData implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATASET", description = "tofu or lume.")
        String dataSet;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory to download into (default: $LACUNA_DATA_DIR).")
        Path dataDir;

        @Option(names = "--base-url", paramLabel = "SOURCE=URL",
                description = "Download a source from another base URL with the same layout (a mirror); repeatable.")
        Map<String, String> baseUrls = new LinkedHashMap<>();

        @Override
        public void run() {
            DataSetKind kind = parseKind();
            Path directory = DataDirectory.resolve(dataDir).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "no data directory: pass --data-dir DIR or set LACUNA_DATA_DIR"));
            DataFetcher fetcher = DataFetcher.withDefaults(parseBaseUrls(), FetchProgress.printingTo(System.err));
            List<DataFetcher.Result> results = fetcher.fetch(kind, directory);
            long downloaded = results.stream().filter(r -> r.outcome() != DataFetcher.Outcome.ALREADY_PRESENT).count();
            spec.commandLine().getOut().printf("%s: %d files verified in %s (%d downloaded, %d already present)%n",
                    kind.id(), results.size(), directory.resolve(kind.id()), downloaded, results.size() - downloaded);
            spec.commandLine().getOut().flush();
        }

        private DataSetKind parseKind() {
            DataSetKind kind;
            try {
                kind = DataSetKind.fromId(dataSet);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (kind == DataSetKind.SYNTHETIC) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "the synthetic data set is generated, there is nothing to fetch");
            }
            return kind;
        }

        private Map<DataSource, URI> parseBaseUrls() {
            Map<DataSource, URI> urls = new EnumMap<>(DataSource.class);
            for (Map.Entry<String, String> entry : baseUrls.entrySet()) {
                try {
                    URI url = URI.create(entry.getValue());
                    if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
                        throw new IllegalArgumentException("'" + entry.getValue() + "' is not an http(s) URL");
                    }
                    urls.put(DataSource.fromId(entry.getKey()), url);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "invalid --base-url " + entry.getKey() + "=" + entry.getValue() + ": " + e.getMessage());
                }
            }
            return urls;
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
