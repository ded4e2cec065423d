package dev.lacuna.engine.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A set of MLP value vectors {@code (layer, index)}, the unit in which knowledge is injected, localized
 * and unlearned. Stored as a bitset over all {@code L * d_ff} value vectors (flat index
 * {@code layer * dFf + index}) so that regions of large models stay small and set algebra is cheap.
 * Immutable.
 */
public final class Region {

    private static final byte[] MAGIC = "LCNREG1\n".getBytes(StandardCharsets.US_ASCII);

    private final int layers;
    private final int dFf;
    private final BitSet bits;

    private Region(int layers, int dFf, BitSet bits) {
        if (layers < 1 || dFf < 1) {
            throw new IllegalArgumentException("a region needs at least one layer and one value vector per layer");
        }
        if (bits.length() > layers * dFf) {
            throw new IllegalArgumentException("region bit beyond " + layers + " x " + dFf);
        }
        this.layers = layers;
        this.dFf = dFf;
        this.bits = bits;
    }

    public static Region empty(int layers, int dFf) {
        return new Region(layers, dFf, new BitSet());
    }

    public static Region all(int layers, int dFf) {
        BitSet b = new BitSet();
        b.set(0, layers * dFf);
        return new Region(layers, dFf, b);
    }

    /** The region holding exactly the given flat indices. */
    public static Region of(int layers, int dFf, int... flatIndices) {
        BitSet b = new BitSet();
        for (int i : flatIndices) {
            if (i < 0 || i >= layers * dFf) {
                throw new IllegalArgumentException("value vector " + i + " outside " + layers + " x " + dFf);
            }
            b.set(i);
        }
        return new Region(layers, dFf, b);
    }

    /** Exactly {@code round(fraction * L * dFf)} value vectors drawn uniformly without replacement. */
    public static Region random(int layers, int dFf, double fraction, long seed) {
        return Region.empty(layers, dFf).randomOutside(countFor(layers, dFf, fraction), seed);
    }

    /** Size of a p-fraction region, {@code round(p * L * dFf)}. */
    public static int countFor(int layers, int dFf, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must lie in [0, 1]: " + fraction);
        }
        return (int) Math.round(fraction * layers * dFf);
    }

    /** A uniformly random region of this region's size drawn from the value vectors outside it. */
    public Region randomOfEqualSizeOutside(long seed) {
        return randomOutside(size(), seed);
    }

    /** A uniformly random region of {@code count} value vectors, none of them in this region. */
    public Region randomOutside(int count, long seed) {
        int[] pool = IntStream.range(0, layers * dFf).filter(i -> !bits.get(i)).toArray();
        if (count < 0 || count > pool.length) {
            throw new IllegalArgumentException("cannot draw " + count + " value vectors from " + pool.length + " free ones");
        }
        SplittableRandom random = new SplittableRandom(seed);
        BitSet chosen = new BitSet();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            chosen.set(pool[i]);
        }
        return new Region(layers, dFf, chosen);
    }

    public int layers() {
        return layers;
    }

    public int dFf() {
        return dFf;
    }

    public int size() {
        return bits.cardinality();
    }

    public boolean contains(int layer, int index) {
        checkShape(layer, index);
        return bits.get(layer * dFf + index);
    }

    /** Flat indices in increasing order. */
    /** One flag per value vector, layer-major: whether it belongs to the region. */
    public boolean[] flags() {
        boolean[] member = new boolean[layers * dFf];
        for (int index : flatIndices()) {
            member[index] = true;
        }
        return member;
    }

    public int[] flatIndices() {
        return bits.stream().toArray();
    }

    /** Number of value vectors of one layer in the region. */
    public int sizeInLayer(int layer) {
        checkShape(layer, 0);
        return bits.get(layer * dFf, (layer + 1) * dFf).cardinality();
    }

    /** 1 for value vectors of {@code layer} in the region, 0 elsewhere: the row mask of that layer's W_V. */
    public float[] rowMask(int layer) {
        checkShape(layer, 0);
        float[] mask = new float[dFf];
        for (int i = bits.nextSetBit(layer * dFf); i >= 0 && i < (layer + 1) * dFf; i = bits.nextSetBit(i + 1)) {
            mask[i - layer * dFf] = 1f;
        }
        return mask;
    }

    public Region union(Region other) {
        BitSet b = sameShape(other);
        b.or(other.bits);
        return new Region(layers, dFf, b);
    }

    public Region intersection(Region other) {
        BitSet b = sameShape(other);
        b.and(other.bits);
        return new Region(layers, dFf, b);
    }

    public Region minus(Region other) {
        BitSet b = sameShape(other);
        b.andNot(other.bits);
        return new Region(layers, dFf, b);
    }

    public Region complement() {
        BitSet b = (BitSet) bits.clone();
        b.flip(0, layers * dFf);
        return new Region(layers, dFf, b);
    }

    public boolean isDisjointFrom(Region other) {
        return !sameShape(other).intersects(other.bits);
    }

    /** Stable bytes: a magic line, the shape, then the bitset as little-endian 64-bit words. */
    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeInt(layers);
            out.writeInt(dFf);
            long[] words = Arrays.copyOf(bits.toLongArray(), (layers * dFf + 63) / 64);
            for (long w : words) {
                out.writeLong(Long.reverseBytes(w));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    public static Region fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a serialized region");
            }
            int layers = in.readInt();
            int dFf = in.readInt();
            int wordCount = (int) (((long) layers * dFf + 63) / 64);
            if (layers < 1 || dFf < 1 || data.length != MAGIC.length + 8 + 8L * wordCount) {
                throw new IllegalArgumentException("serialized region has the wrong length for " + layers + " x " + dFf);
            }
            long[] words = new long[wordCount];
            for (int i = 0; i < wordCount; i++) {
                words[i] = Long.reverseBytes(in.readLong());
            }
            return new Region(layers, dFf, BitSet.valueOf(words));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated region", e);
        }
    }

    private BitSet sameShape(Region other) {
        if (other.layers != layers || other.dFf != dFf) {
            throw new IllegalArgumentException("regions of different shapes: " + layers + " x " + dFf
                    + " vs " + other.layers + " x " + other.dFf);
        }
        return (BitSet) bits.clone();
    }

    private void checkShape(int layer, int index) {
        if (layer < 0 || layer >= layers || index < 0 || index >= dFf) {
            throw new IndexOutOfBoundsException("(" + layer + ", " + index + ") outside " + layers + " x " + dFf);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && r.layers == layers && r.dFf == dFf && r.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layers + dFf) + bits.hashCode();
    }

    @Override
    public String toString() {
        return "Region[" + size() + " of " + layers + " x " + dFf + "]";
    }
}
