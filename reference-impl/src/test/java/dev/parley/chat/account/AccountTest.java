package dev.parley.chat.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "a", "A.b-c_9", "abcdefghijklmnopqrstuvwxyz012345"})
    @DisplayName("[AC-USER-1] valid usernames")
    void validNames(String name) {
        assertThat(Usernames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnopqrstuvwxyz0123456", "a b", "é", "a/b", "a@b", "a\u0000", "a\n"})
    @DisplayName("[AC-USER-1] invalid usernames are refused with the rule")
    void invalidNames(String name) {
        assertThat(Usernames.isValid(name)).isFalse();
        assertThatThrownBy(() -> Usernames.check(name)).hasMessageContaining("1 to 32 ASCII letters");
    }

    @Test
    @DisplayName("[AC-REC-1] a record copies its arrays in and out and refuses a bad salt or suite")
    void recordIsImmutableAndChecked() {
        Account a = TestKeys.dummy("Alice", new SecureRandom());
        byte[] salt = a.salt();
        salt[0] ^= 1;
        assertThat(a.salt()).isNotEqualTo(salt);
        assertThatThrownBy(() -> new Account("Alice", 2, a.publicKeySpki(), a.kdf(), a.salt(), a.envelope()))
                .hasMessageContaining("suite 2");
        assertThatThrownBy(() -> new Account("Alice", 1, a.publicKeySpki(), a.kdf(), new byte[15], a.envelope()))
                .hasMessageContaining("salt must be 16 octets");
        assertThatThrownBy(() -> new Account("Alice", 1, a.publicKeySpki(), a.kdf(), a.salt(), new byte[28]))
                .hasMessageContaining("envelope");
    }

    @Test
    @DisplayName("[AC-FP-1] a fingerprint is SHA-256 of the SPKI in 64 lowercase hex digits")
    void fingerprint() {
        // SHA-256 of the empty string, a known value
        assertThat(Fingerprint.of(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Fingerprint.of(TestKeys.first().getPublic())).matches("[0-9a-f]{64}");
    }
}
