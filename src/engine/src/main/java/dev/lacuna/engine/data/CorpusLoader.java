package dev.lacuna.engine.data;

/**
 * Loads the corpus of a data set from wherever it comes from: the data directory for TOFU and LUME, the
 * generator for the synthetic set. One entry point keeps testbed building independent of the source.
 */
public final class CorpusLoader {

    private CorpusLoader() {
    }

    /**
     * @param seed generator seed, used only by the synthetic set
     * @param size generator size, used only by the synthetic set
     * @throws IllegalStateException when the data set's files are not available, naming what is missing
     */
    public static Corpus load(DataSetKind kind, DataCatalog catalog, long seed, SyntheticSize size) {
        DataSetStatus status = catalog.statusOf(kind);
        if (!status.available()) {
            throw new IllegalStateException(status.describe() + "; run '" + status.fetchCommand() + "' first");
        }
        return switch (kind) {
            case SYNTHETIC -> SyntheticPiiGenerator.generate(seed, size);
            case TOFU -> TofuReader.read(status.location());
            case LUME -> LumeReader.readTask2(status.location());
        };
    }
}
