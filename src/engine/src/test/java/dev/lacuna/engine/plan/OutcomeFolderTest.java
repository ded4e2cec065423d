package dev.lacuna.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lacuna.engine.protocol.ModelScores;
import org.junit.jupiter.api.Test;

class OutcomeFolderTest {

    /**
     * Kept outcomes are filed under the digest of the code that computed them. The command line passes its own class
     * as the anchor, and its JAR holds no engine class: the engine must count whatever the anchor is.
     */
    @Test
    void theHarnessDigestCoversTheEngineWhateverTheAnchor() {
        String engine = OutcomeFolder.harnessDigest(OutcomeFolder.class);
        assertThat(engine).matches("[0-9a-f]{16}");
        assertThat(OutcomeFolder.harnessDigest(ModelScores.class)).as("another class of the same build").isEqualTo(engine);
        String withTests = OutcomeFolder.harnessDigest(OutcomeFolderTest.class);
        assertThat(withTests).as("the anchor's own classes count too").isNotEqualTo(engine);
        assertThat(OutcomeFolder.harnessDigest(OutcomeFolderTest.class)).as("stable").isEqualTo(withTests);
    }
}
