package dev.lacuna.engine.protocol;

import dev.lacuna.engine.model.ParameterWrite;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.RegionRows;
import dev.lacuna.engine.model.Transformer;

/**
 * Writes {@code theta_alpha = (1 - alpha) theta_o + alpha theta_u} into a working model, region rows only:
 * theta_o and theta_u differ nowhere else, so the 21-point sweep rewrites just the value matrices that hold
 * region rows instead of building a model per alpha. The endpoints' rows are read once.
 */
public final class RegionMixer {

    private final Transformer target;
    private final Region region;
    private final float[][] base;
    private final float[][] original;
    private final float[][] unlearned;
    private final int[][] rows;

    /** @param target a copy of theta_o that this mixer overwrites; theta_o and theta_u are only read */
    public RegionMixer(Transformer target, Transformer thetaO, Transformer thetaU, Region region) {
        int layers = target.config().layers();
        this.target = target;
        this.region = region;
        this.base = new float[layers][];
        this.original = new float[layers][];
        this.unlearned = new float[layers][];
        this.rows = new int[layers][];
        float[][] originalRows = RegionRows.of(thetaO, region);
        float[][] unlearnedRows = RegionRows.of(thetaU, region);
        for (int l = 0; l < layers; l++) {
            int count = region.sizeInLayer(l);
            if (count == 0) {
                continue;
            }
            base[l] = thetaO.valueMatrix(l).toFloatArray();
            rows[l] = new int[count];
            original[l] = originalRows[l];
            unlearned[l] = unlearnedRows[l];
            int k = 0;
            for (int i = 0; i < target.config().dFf(); i++) {
                if (region.contains(l, i)) {
                    rows[l][k++] = i;
                }
            }
        }
    }

    public Region region() {
        return region;
    }

    /** Sets the target's region rows to the mixture at {@code alpha}; alpha 0 is theta_o, 1 is theta_u, exactly. */
    public void mix(double alpha) {
        int d = target.config().dModel();
        float a = (float) alpha;
        for (int l = 0; l < rows.length; l++) {
            if (rows[l] == null) {
                continue;
            }
            float[] matrix = base[l].clone();
            for (int k = 0; k < rows[l].length; k++) {
                int at = rows[l][k] * d;
                for (int j = 0; j < d; j++) {
                    float o = original[l][k * d + j];
                    float u = unlearned[l][k * d + j];
                    matrix[at + j] = alpha == 0 ? o : alpha == 1 ? u : (1 - a) * o + a * u;
                }
            }
            ParameterWrite.overwrite(target.valueMatrix(l), matrix);
        }
    }
}
