package dev.lacuna.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.model.SafeTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 16-bit types of checkpoints, against their definitions rather than against the bit tricks that implement them. */
class HalfPrecisionTest {

    /** IEEE binary16 by its definition: (-1)^s 2^(e-15) (1 + m/1024), subnormals 2^-14 (m/1024). */
    private static double halfByDefinition(int bits) {
        int s = bits >>> 15;
        int e = (bits >>> 10) & 0x1F;
        int m = bits & 0x3FF;
        double sign = s == 1 ? -1 : 1;
        if (e == 0x1F) {
            return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return e == 0 ? sign * Math.scalb(m / 1024.0, -14) : sign * Math.scalb(1 + m / 1024.0, e - 15);
    }

    @Test
    void everyHalfWidensToItsValueAndNarrowsBack() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float value = SafeTensors.f16ToFloat((short) bits);
            double expected = halfByDefinition(bits);
            if (Double.isNaN(expected)) {
                assertThat(value).as("half %04x", bits).isNaN();
                assertThat(Float.isNaN(SafeTensors.f16ToFloat(SafeTensors.floatToF16(value)))).isTrue();
            } else {
                assertThat(Float.floatToRawIntBits(value)).as("half %04x", bits)
                        .isEqualTo(Float.floatToRawIntBits((float) expected));
                assertThat(SafeTensors.floatToF16(value) & 0xFFFF).as("half %04x", bits).isEqualTo(bits);
            }
        }
    }

    @Test
    void everyBfloat16IsTheUpperHalfOfAFloatAndNarrowsBack() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float value = SafeTensors.bf16ToFloat((short) bits);
            assertThat(Float.floatToRawIntBits(value) & 0xFFFF).isZero();
            assertThat(Float.floatToRawIntBits(value) >>> 16).isEqualTo(bits);
            if (!Float.isNaN(value)) {
                assertThat(SafeTensors.floatToBf16(value) & 0xFFFF).as("bf16 %04x", bits).isEqualTo(bits);
            } else {
                assertThat(SafeTensors.bf16ToFloat(SafeTensors.floatToBf16(value))).isNaN();
            }
        }
    }

    @Test
    void narrowingRoundsToTheNearestValueWithTiesToEven() {
        // 1 + 2^-8 lies halfway between the bfloat16 neighbours 1 and 1 + 2^-7: the even one (1) wins.
        assertThat(SafeTensors.bf16ToFloat(SafeTensors.floatToBf16(1f + 0x1p-8f))).isEqualTo(1f);
        assertThat(SafeTensors.bf16ToFloat(SafeTensors.floatToBf16(1f + 3 * 0x1p-8f))).isEqualTo(1f + 0x1p-6f);
        assertThat(SafeTensors.bf16ToFloat(SafeTensors.floatToBf16(1f + 0x1p-8f + 0x1p-20f))).isEqualTo(1f + 0x1p-7f);
        // Halves: 1 + 2^-11 ties to 1, 2^-25 (half the smallest subnormal) ties to 0, just above it rounds up.
        assertThat(SafeTensors.f16ToFloat(SafeTensors.floatToF16(1f + 0x1p-11f))).isEqualTo(1f);
        assertThat(SafeTensors.f16ToFloat(SafeTensors.floatToF16(0x1p-25f))).isEqualTo(0f);
        assertThat(SafeTensors.f16ToFloat(SafeTensors.floatToF16(0x1.01p-25f))).isEqualTo(0x1p-24f);
        assertThat(SafeTensors.f16ToFloat(SafeTensors.floatToF16(65520f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(SafeTensors.f16ToFloat(SafeTensors.floatToF16(65519f))).isEqualTo(65504f);

        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(-26, 17)));
            float half = SafeTensors.f16ToFloat(SafeTensors.floatToF16(x));
            float bf = SafeTensors.bf16ToFloat(SafeTensors.floatToBf16(x));
            if (Math.abs(x) < 65504f) {
                assertThat(Math.abs(half - x)).as("half of %s", x).isLessThanOrEqualTo(halfUlp(half, x));
            }
            assertThat(Math.abs(bf - x)).as("bf16 of %s", x).isLessThanOrEqualTo(Math.ulp(bf) * 0x1p15f);
        }
    }

    /** Half the gap between consecutive halves around {@code x}: the most that rounding to nearest may move it. */
    private static float halfUlp(float half, float x) {
        double magnitude = Math.max(Math.abs(half), Math.abs(x));
        int exponent = Math.max(Math.getExponent(magnitude), -14);
        return (float) Math.scalb(1.0, exponent - 11);
    }

    @Test
    void sixteenBitFilesHoldTheRoundedValuesAndFloatFilesKeepTheirBytes() {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", new SafeTensors.Tensor(new long[] {2, 2}, new float[] {1f + 0x1p-8f, -2.5f, 0x1p-30f, 3e5f}));
        assertThat(SafeTensors.write(tensors, SafeTensors.DType.F32)).isEqualTo(SafeTensors.write(tensors));
        byte[] bf16 = SafeTensors.write(tensors, SafeTensors.DType.BF16);
        byte[] f32 = SafeTensors.write(tensors);
        assertThat(new String(bf16, 8, 60, java.nio.charset.StandardCharsets.UTF_8)).contains("\"dtype\":\"BF16\"");
        assertThat(bf16.length).isLessThan(f32.length);
    }
}
