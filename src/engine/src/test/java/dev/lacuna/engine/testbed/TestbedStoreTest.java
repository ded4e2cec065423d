package dev.lacuna.engine.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestbedStoreTest {

    @Test
    void aMissingStoreFolderListsNoTestbeds(@TempDir Path dir) {
        assertThat(new TestbedStore(dir.resolve("absent")).list()).isEmpty();
    }

    @Test
    void listsTestbedsByIdAndSkipsFoldersWithoutAManifestAndAKilledImportsStaging(@TempDir Path dir) throws IOException {
        writeManifest(dir, "tofu-small-19", "{\"id\":\"tofu-small-19\",\"hash\":\"ab\",\"data\":\"tofu\",\"model\":\"small\",\"mask_seed\":19}");
        writeManifest(dir, "synthetic-tiny-7", "{\"id\":\"synthetic-tiny-7\",\"hash\":\"cd\",\"data\":\"synthetic\",\"model\":\"tiny\",\"mask_seed\":7}");
        Files.createDirectories(dir.resolve("half-written"));
        writeManifest(dir, ".import-123", "{\"id\":\"tofu-small-19\",\"hash\":\"ab\",\"data\":\"tofu\",\"model\":\"small\",\"mask_seed\":19}");

        assertThat(new TestbedStore(dir).list()).containsExactly(
                new TestbedSummary("synthetic-tiny-7", "cd", "synthetic", "tiny", 7),
                new TestbedSummary("tofu-small-19", "ab", "tofu", "small", 19));
    }

    private static void writeManifest(Path root, String id, String json) throws IOException {
        Path folder = Files.createDirectories(root.resolve(id));
        Files.writeString(folder.resolve(TestbedStore.MANIFEST), json);
    }
}
