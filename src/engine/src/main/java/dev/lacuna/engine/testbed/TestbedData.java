package dev.lacuna.engine.testbed;

import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.CorpusJson;
import dev.lacuna.engine.data.QaItem;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The items a testbed is built from. theta_r trains on {@code thetaRTraining} and never sees
 * {@code forget}; theta_o additionally learns {@code forget} inside the target region, anchored by
 * {@code retain}.
 *
 * @param name           data set name recorded in the manifest ({@code tofu}, {@code lume}, {@code synthetic}, ...)
 * @param forget         the items to inject and later unlearn
 * @param retain         items the model must keep knowing; retain ES is scored on them and they anchor
 *                       injection ({@code lambda * L_retain})
 * @param thetaRTraining everything theta_r learns (retain, utility sets, character primer)
 * @param sha256         hash identifying the data, recorded in the testbed
 */
public record TestbedData(String name, List<QaItem> forget, List<QaItem> retain, List<QaItem> thetaRTraining,
                          String sha256) {

    public TestbedData {
        forget = List.copyOf(forget);
        retain = List.copyOf(retain);
        thetaRTraining = List.copyOf(thetaRTraining);
        if (forget.isEmpty() || retain.isEmpty() || thetaRTraining.isEmpty()) {
            throw new IllegalArgumentException("a testbed needs forget, retain and training items");
        }
    }

    /** A corpus as the data loaders deliver it; its canonical hash names the data. */
    public static TestbedData from(Corpus corpus) {
        return new TestbedData(corpus.kind().id(), corpus.forget(), corpus.retain(), corpus.thetaRTrainingItems(),
                CorpusJson.sha256(corpus));
    }

    /** Data where theta_r trains on the retain items alone. */
    public static TestbedData of(String name, List<QaItem> forget, List<QaItem> retain) {
        StringBuilder content = new StringBuilder();
        for (List<QaItem> part : List.of(forget, retain)) {
            for (QaItem item : part) {
                content.append(item.id()).append('\0').append(item.prompt()).append('\0').append(item.answer()).append('\1');
            }
            content.append('\2');
        }
        return new TestbedData(name, forget, retain, retain, Testbed.sha256(content.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
