package dev.lacuna.cli.hostile;

import dev.lacuna.spi.LocalizationContext;
import dev.lacuna.spi.Localizer;
import java.util.ArrayList;
import java.util.List;

/** Allocates Java arrays until the heap is gone. */
public final class HeapBomb implements Localizer {

    @Override
    public float[] score(LocalizationContext context) {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }
}
