package dev.lacuna.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCatalogTest {

    @Test
    void syntheticIsTheOnlyDataSetWithoutADataDirectory() {
        DataCatalog catalog = new DataCatalog(Optional.empty());

        assertThat(catalog.statuses()).extracting(DataSetStatus::available).containsExactly(true, false, false);
        assertThat(catalog.statusOf(DataSetKind.TOFU).describe()).contains("no data directory configured");
    }

    @Test
    void aDataSetWithAMissingFileIsUnavailableAndNamesTheFile(@TempDir Path dir) throws IOException {
        Path lume = Files.createDirectories(dir.resolve("lume"));
        Files.writeString(lume.resolve("forget.jsonl"), "{}\n");

        DataSetStatus status = new DataCatalog(Optional.of(dir)).statusOf(DataSetKind.LUME);

        assertThat(status.available()).isFalse();
        assertThat(status.missingFiles()).containsExactly("retain.jsonl");
        assertThat(status.describe()).contains("retain.jsonl");
    }

    @Test
    void theSharedDataDirectoryHoldsTofuAndLume() {
        Path shared = SharedData.directory();

        DataCatalog catalog = new DataCatalog(Optional.of(shared));

        assertThat(catalog.statuses()).allMatch(DataSetStatus::available);
    }

    @Test
    void unknownDataSetNamesAreRejectedWithTheAcceptedNames() {
        assertThatThrownBy(() -> DataSetKind.fromId("wiki"))
                .hasMessageContaining("synthetic, tofu or lume");
    }
}
