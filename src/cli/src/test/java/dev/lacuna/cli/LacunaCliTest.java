package dev.lacuna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LacunaCliTest {

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertThat(LacunaCli.execute("nonsense")).isEqualTo(2);
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        assertThat(LacunaCli.execute()).isEqualTo(2);
    }

    @Test
    void listingDataSetsSucceeds() {
        assertThat(LacunaCli.execute("data", "list")).isZero();
    }
}
