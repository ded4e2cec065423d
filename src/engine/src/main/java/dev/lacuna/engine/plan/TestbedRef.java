package dev.lacuna.engine.plan;

/**
 * A testbed a task runs on: its recipe (data set, model, mask seed) and, once the platform has pinned it, its
 * content hash. Testbed bytes depend on the machine that trained them, so the hash, not the recipe, is the
 * testbed's identity; the recipe only lets a worker that lacks the testbed find or build a candidate.
 *
 * @param hash null only in a {@link Task.Testbed} task, which then asks a worker to find or build one; a testbed task
 *             with a hash asks for that published testbed, fetched by hash where it is not stored
 */
public record TestbedRef(String data, String model, long maskSeed, String hash) {

    public TestbedRef {
        if (data == null || data.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("a testbed names its data set and model");
        }
    }

    /** The same testbed, pinned to a hash. */
    public TestbedRef pinned(String contentHash) {
        return new TestbedRef(data, model, maskSeed, contentHash);
    }

    /** {@code data/model}, how results name the testbed family. */
    public String family() {
        return data + "/" + model;
    }
}
