package dev.lacuna.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    @Test
    void writesTheSafetensorsLayoutWithSortedNamesAndAnAlignedHeader() {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", new SafeTensors.Tensor(new long[] {2}, new float[] {1f, -2f}));
        tensors.put("a", new SafeTensors.Tensor(new long[] {1, 1}, new float[] {0.5f}));
        byte[] bytes = SafeTensors.write(tensors);

        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        assertThat(headerLength % 8).isZero();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header.strip()).isEqualTo("{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}");
        in.position(8 + (int) headerLength);
        assertThat(new float[] {in.getFloat(), in.getFloat(), in.getFloat()}).containsExactly(0.5f, 1f, -2f);
        assertThat(bytes).hasSize(8 + (int) headerLength + 12);
    }

    @Test
    void readingReturnsWhatWasWritten() {
        Map<String, SafeTensors.Tensor> read = SafeTensors.read(SafeTensors.write(Map.of(
                "x", new SafeTensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE}))));
        assertThat(read).containsOnlyKeys("x");
        assertThat(read.get("x").shape()).containsExactly(2, 3);
        assertThat(read.get("x").values()).containsExactly(1, 2, 3, 4, 5, Float.MIN_VALUE);
    }

    @Test
    void truncatedDataIsRejected() {
        byte[] bytes = SafeTensors.write(Map.of("x", new SafeTensors.Tensor(new long[] {4}, new float[4])));
        assertThatThrownBy(() -> SafeTensors.read(Arrays.copyOf(bytes, bytes.length - 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SafeTensors.read(Arrays.copyOf(bytes, 20)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aModelSavesToIdenticalBytesAndLoadsBackExactly() {
        ModelConfig config = ModelConfig.tiny(20);
        try (Transformer model = Transformer.initialize(config, 11);
             Transformer again = Transformer.initialize(config, 11)) {
            byte[] bytes = SafeTensors.write(model);
            assertThat(SafeTensors.write(again)).isEqualTo(bytes);
            try (Transformer loaded = SafeTensors.readModel(config, bytes, Device.cpu())) {
                model.weights().forEach((name, values) -> assertThat(loaded.weights().get(name)).isEqualTo(values));
            }
        }
    }

    @Test
    void weightsOfAnotherConfigAreRefused() {
        try (Transformer model = Transformer.initialize(ModelConfig.tiny(20), 11)) {
            byte[] bytes = SafeTensors.write(model);
            assertThatThrownBy(() -> SafeTensors.readModel(ModelConfig.tiny(21), bytes, Device.cpu()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embed");
        }
    }
}
