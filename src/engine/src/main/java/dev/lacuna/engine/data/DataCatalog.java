package dev.lacuna.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reports which data sets are usable from a data directory. The directory holds one folder per data
 * set ({@code tofu/}, {@code lume/}); the synthetic set is always usable because it is generated.
 */
public final class DataCatalog {

    private final Optional<Path> dataDirectory;

    public DataCatalog(Optional<Path> dataDirectory) {
        this.dataDirectory = dataDirectory.map(p -> p.toAbsolutePath().normalize());
    }

    public Optional<Path> dataDirectory() {
        return dataDirectory;
    }

    /** The status of every known data set, in declaration order. */
    public List<DataSetStatus> statuses() {
        List<DataSetStatus> statuses = new ArrayList<>();
        for (DataSetKind kind : DataSetKind.values()) {
            statuses.add(statusOf(kind));
        }
        return statuses;
    }

    public DataSetStatus statusOf(DataSetKind kind) {
        if (kind == DataSetKind.SYNTHETIC) {
            return new DataSetStatus(kind, true, null, List.of());
        }
        if (dataDirectory.isEmpty()) {
            return new DataSetStatus(kind, false, null, kind.requiredFiles());
        }
        Path folder = dataDirectory.get().resolve(kind.id());
        List<String> missing = kind.requiredFiles().stream()
                .filter(name -> !Files.isRegularFile(folder.resolve(name)))
                .toList();
        return new DataSetStatus(kind, missing.isEmpty(), folder, missing);
    }
}
