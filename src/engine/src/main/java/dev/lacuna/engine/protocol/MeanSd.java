package dev.lacuna.engine.protocol;

/** Mean and sample standard deviation over seeds (sd 0 with one seed), as result summaries report them. */
public record MeanSd(double mean, double sd) {

    public static MeanSd of(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new MeanSd(mean, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0);
    }

    /** The mean of {@code v}, null for null. */
    static Double mean(MeanSd v) {
        return v == null ? null : v.mean();
    }

    /** The sd of {@code v}, null for null. */
    static Double sd(MeanSd v) {
        return v == null ? null : v.sd();
    }
}
