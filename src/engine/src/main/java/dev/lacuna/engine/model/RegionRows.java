package dev.lacuna.engine.model;

/**
 * A region's value vectors of one model, as plain arrays: per layer, the region's rows in index order,
 * {@code count x dModel} row-major, {@code null} where the layer holds none. This is how an unlearned model
 * crosses a process boundary: region-confined unlearning changes nothing else, so theta_o plus these rows is
 * theta_u, and the receiver writes only rows the region names.
 */
public final class RegionRows {

    private RegionRows() {
    }

    /** The region's rows of {@code model}. */
    public static float[][] of(Transformer model, Region region) {
        int d = model.config().dModel();
        float[][] rows = new float[region.layers()][];
        for (int l = 0; l < region.layers(); l++) {
            int count = region.sizeInLayer(l);
            if (count == 0) {
                continue;
            }
            float[] matrix = model.valueMatrix(l).toFloatArray();
            rows[l] = new float[count * d];
            int k = 0;
            for (int i = 0; i < region.dFf(); i++) {
                if (region.contains(l, i)) {
                    System.arraycopy(matrix, i * d, rows[l], k * d, d);
                    k++;
                }
            }
        }
        return rows;
    }

    /** Writes {@code rows} (shaped as {@link #of} returns them) into {@code model}'s region rows. */
    public static void write(Transformer model, Region region, float[][] rows) {
        int d = model.config().dModel();
        for (int l = 0; l < region.layers(); l++) {
            if (region.sizeInLayer(l) == 0) {
                continue;
            }
            float[] matrix = model.valueMatrix(l).toFloatArray();
            int k = 0;
            for (int i = 0; i < region.dFf(); i++) {
                if (region.contains(l, i)) {
                    System.arraycopy(rows[l], k * d, matrix, i * d, d);
                    k++;
                }
            }
            ParameterWrite.overwrite(model.valueMatrix(l), matrix);
        }
    }
}
