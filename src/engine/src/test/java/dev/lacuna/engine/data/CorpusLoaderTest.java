package dev.lacuna.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorpusLoaderTest {

    @Test
    void theSyntheticSetNeedsNoDataDirectory() {
        Corpus corpus = CorpusLoader.load(DataSetKind.SYNTHETIC, new DataCatalog(Optional.empty()), 7, SyntheticSize.TINY);

        assertThat(CorpusJson.sha256(corpus))
                .isEqualTo(CorpusJson.sha256(SyntheticPiiGenerator.generate(7, SyntheticSize.TINY)));
    }

    @Test
    void aMissingDataSetSaysHowToFetchIt() {
        assertThatThrownBy(() -> CorpusLoader.load(DataSetKind.TOFU, new DataCatalog(Optional.empty()), 7,
                SyntheticSize.TINY))
                .hasMessageContaining("no data directory configured")
                .hasMessageContaining("./lacuna data fetch tofu");
    }

    @Test
    void tofuAndLumeAreReadFromTheDataDirectory() {
        DataCatalog catalog = new DataCatalog(Optional.of(SharedData.directory()));

        assertThat(CorpusLoader.load(DataSetKind.TOFU, catalog, 0, SyntheticSize.TINY).forget()).hasSize(400);
        assertThat(CorpusLoader.load(DataSetKind.LUME, catalog, 0, SyntheticSize.TINY).forget()).hasSize(1500);
    }
}
