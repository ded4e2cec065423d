package dev.lacuna.cli;

import picocli.CommandLine;

/**
 * Reads one mask seed of {@code --seeds} or {@code --mask-seed}. A seed names a published testbed, so it is a
 * whole number from 0 up: a negative one would build or look up a testbed no board can show next to the
 * benchmark's seeds, and a typo such as {@code --seeds -3} must not pass as one.
 */
final class MaskSeedConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            long seed = Long.parseLong(value.trim());
            if (seed >= 0) {
                return seed;
            }
        } catch (NumberFormatException e) {
            // refused below, with the same words as a negative seed
        }
        throw new CommandLine.TypeConversionException("mask seeds are whole numbers from 0 up, got '" + value + "'");
    }
}
