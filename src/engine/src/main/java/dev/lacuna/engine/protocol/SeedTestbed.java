package dev.lacuna.engine.protocol;

import dev.lacuna.engine.job.PluginRuntime;
import dev.lacuna.engine.model.Region;
import dev.lacuna.engine.model.Transformer;
import dev.lacuna.engine.tokenizer.Tokenizer;
import java.nio.file.Path;

/**
 * One mask seed's testbed, loaded: the models are owned by the caller and only read by the protocol.
 *
 * @param maskSeed the seed V_tgt was drawn with
 * @param hash     the testbed's content hash, recorded in the result
 * @param thetaO   the model to unlearn
 * @param thetaR   the gold model (FQ compares forget truth ratios with it)
 * @param target   V_tgt, the Oracle region
 * @param thetaOFile theta_o's stored file: what a sandboxed plugin process is given of the testbed
 */
public record SeedTestbed(long maskSeed, String hash, Transformer thetaO, Transformer thetaR, Region target,
                          EvaluationData data, Tokenizer tokenizer, Path thetaOFile) {

    /** What a plugin job may be given of this testbed: theta_o, loaded or as its file. */
    public PluginRuntime.Inputs inputs() {
        return new PluginRuntime.Inputs(thetaO, thetaOFile);
    }

    /** The seed of this testbed's Random region, a fixed function of the mask seed. */
    public long randomRegionSeed() {
        return randomRegionSeed(maskSeed);
    }

    /** The Random region's seed for a mask seed; the platform's plan records it without loading the testbed. */
    public static long randomRegionSeed(long maskSeed) {
        return maskSeed * 1_000_003L + 17;
    }

    /** The Random region: V_tgt's size, drawn outside V_tgt. */
    public Region randomRegion() {
        return target.randomOfEqualSizeOutside(randomRegionSeed());
    }
}
