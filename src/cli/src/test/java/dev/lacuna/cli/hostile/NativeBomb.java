package dev.lacuna.cli.hostile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;

/** Asks libtorch for a 4 GiB array and touches every page of it: memory no -Xmx can see. */
public final class NativeBomb implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray big = manager.ones(new Shape(1L << 30));
            return new float[] {big.sum().getFloat()};
        }
    }
}
