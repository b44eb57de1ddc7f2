package dev.parley.chat.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Argon2ParamsTest {

    @Test
    @DisplayName("[AC-KDF-3] the defaults are m = 65536 KiB, t = 3, p = 1")
    void defaults() {
        assertThat(Argon2Params.DEFAULT).isEqualTo(new Argon2Params(65536, 3, 1));
    }

    @ParameterizedTest
    @CsvSource({"8,1,1", "1048576,16,16", "128,16,16", "65536,3,1"})
    @DisplayName("[AC-KDF-2] parameters on the bounds are accepted")
    void acceptsBounds(int m, int t, int p) {
        assertThat(new Argon2Params(m, t, p).memoryKiB()).isEqualTo(m);
    }

    @ParameterizedTest
    @CsvSource({
        "7,1,1,memory", "1048577,1,1,memory", "0,1,1,memory", "-1,1,1,memory", "64,1,9,memory",
        "64,0,1,iterations", "64,17,1,iterations", "64,1,0,parallelism", "1024,1,17,parallelism"})
    @DisplayName("[AC-KDF-2] parameters out of bounds are refused, naming the parameter")
    void refusesOutOfBounds(int m, int t, int p, String named) {
        assertThatThrownBy(() -> new Argon2Params(m, t, p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }
}
