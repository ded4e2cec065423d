package dev.lacuna.engine.testbed;

import dev.lacuna.engine.data.QaItem;
import java.util.List;

/**
 * The items a testbed is built from. theta_r trains on {@code retain} and {@code utility} and never sees
 * {@code forget}; theta_o additionally learns {@code forget} inside the target region.
 *
 * @param name    data set name recorded in the manifest ({@code tofu}, {@code lume}, {@code synthetic}, ...)
 * @param forget  the items to inject and later unlearn
 * @param retain  items the model must keep knowing; they also anchor injection ({@code lambda * L_retain})
 * @param utility further training items for models trained from scratch (real authors, world facts)
 */
public record TestbedData(String name, List<QaItem> forget, List<QaItem> retain, List<QaItem> utility) {

    public TestbedData {
        forget = List.copyOf(forget);
        retain = List.copyOf(retain);
        utility = List.copyOf(utility);
        if (forget.isEmpty() || retain.isEmpty()) {
            throw new IllegalArgumentException("a testbed needs forget and retain items");
        }
    }
}
