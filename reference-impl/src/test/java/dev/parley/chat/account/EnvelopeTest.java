package dev.parley.chat.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

    private final SecureRandom random = new SecureRandom(new byte[] {7}); // seeded only where determinism is not needed

    @Test
    @DisplayName("[AC-ENV-1] a sealed envelope opens with the password to the same private key")
    void roundTrip() throws Exception {
        Account a = Envelope.seal("Alice", "Alice".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        PrivateKey key = Envelope.open(a, "Alice".toCharArray());
        assertThat(key.getEncoded()).isEqualTo(TestKeys.first().getPrivate().getEncoded());
        assertThat(a.publicKeySpki()).isEqualTo(TestKeys.first().getPublic().getEncoded());
        assertThat(a.kdf()).isEqualTo(TestKeys.FAST);
        assertThat(a.suite()).isEqualTo(1);
        // nonce (12) || ciphertext (as long as the PKCS#8 DER) || tag (16)
        assertThat(a.envelope()).hasSize(12 + TestKeys.first().getPrivate().getEncoded().length + 16);
    }

    @Test
    @DisplayName("[AC-ENV-1] the default parameters round trip too (m = 64 MiB, t = 3, p = 1)")
    void roundTripWithDefaults() throws Exception {
        Account a = Envelope.seal("Bob", "Bob".toCharArray(), TestKeys.first(), Argon2Params.DEFAULT, random);
        assertThat(Envelope.open(a, "Bob".toCharArray()).getEncoded())
                .isEqualTo(TestKeys.first().getPrivate().getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice ", "Alic", "Bob", "x"})
    @DisplayName("[AC-ENV-4] a wrong password fails the tag check")
    void wrongPasswordFails(String wrong) {
        Account a = Envelope.seal("Alice", "Alice".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        assertThatThrownBy(() -> Envelope.open(a, wrong.toCharArray()))
                .isInstanceOf(WrongPasswordException.class)
                .hasMessageContaining("wrong password for Alice");
    }

    @Test
    @DisplayName("[AC-ENV-1] a non-ASCII password is taken as UTF-8 and round trips")
    void unicodePassword() throws Exception {
        char[] pw = "pässwörd \u263a".toCharArray();
        Account a = Envelope.seal("Eve", pw, TestKeys.first(), TestKeys.FAST, random);
        assertThat(Envelope.open(a, pw.clone())).isNotNull();
        assertThatThrownBy(() -> Envelope.open(a, "passwörd \u263a".toCharArray())).isInstanceOf(WrongPasswordException.class);
    }

    @Test
    @DisplayName("[AC-ENV-4] flipping any one bit of the envelope (nonce, ciphertext or tag) makes it not open")
    void tamperedEnvelopeFails() {
        Account a = Envelope.seal("Alice", "Alice".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        byte[] env = a.envelope();
        int[] positions = {0, 11, 12, 13, env.length / 2, env.length - 17, env.length - 16, env.length - 1};
        for (int pos : positions) {
            byte[] bad = env.clone();
            bad[pos] ^= 0x01;
            Account tampered = new Account(a.username(), a.suite(), a.publicKeySpki(), a.kdf(), a.salt(), bad);
            assertThatThrownBy(() -> Envelope.open(tampered, "Alice".toCharArray()))
                    .as("bit flipped at octet %d", pos)
                    .isInstanceOf(WrongPasswordException.class);
        }
        byte[] truncated = Arrays.copyOf(env, env.length - 1);
        assertThatThrownBy(() -> Envelope.open(new Account(a.username(), 1, a.publicKeySpki(), a.kdf(), a.salt(), truncated),
                "Alice".toCharArray())).isInstanceOf(WrongPasswordException.class);
    }

    @Test
    @DisplayName("[AC-ENV-3] an envelope moved to another username does not open: the username is in the AAD")
    void envelopeBoundToUsername() {
        Account a = Envelope.seal("Alice", "pw".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        Account moved = new Account("Alice2", a.suite(), a.publicKeySpki(), a.kdf(), a.salt(), a.envelope());
        assertThatThrownBy(() -> Envelope.open(moved, "pw".toCharArray())).isInstanceOf(WrongPasswordException.class);
    }

    @Test
    @DisplayName("[AC-ENV-1] a changed salt or changed Argon2id parameters derive another key: the envelope does not open")
    void saltAndParametersBindTheKey() {
        Account a = Envelope.seal("Alice", "pw".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        byte[] salt = a.salt();
        salt[0] ^= 1;
        Account otherSalt = new Account("Alice", 1, a.publicKeySpki(), a.kdf(), salt, a.envelope());
        Account otherKdf = new Account("Alice", 1, a.publicKeySpki(), new Argon2Params(64, 2, 1), a.salt(), a.envelope());
        assertThatThrownBy(() -> Envelope.open(otherSalt, "pw".toCharArray())).isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> Envelope.open(otherKdf, "pw".toCharArray())).isInstanceOf(WrongPasswordException.class);
    }

    @Test
    @DisplayName("[AC-ENV-5] an envelope whose key is not the record's public key is rejected as damaged")
    void mismatchedPublicKeyRejected() {
        Account a = Envelope.seal("Alice", "pw".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        Account swapped = new Account("Alice", 1, TestKeys.second().getPublic().getEncoded(), a.kdf(), a.salt(), a.envelope());
        assertThatThrownBy(() -> Envelope.open(swapped, "pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    @DisplayName("[AC-ENV-2] every seal draws a fresh salt and nonce")
    void freshSaltAndNonce() {
        Account a = Envelope.seal("Alice", "pw".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        Account b = Envelope.seal("Alice", "pw".toCharArray(), TestKeys.first(), TestKeys.FAST, random);
        assertThat(a.salt()).isNotEqualTo(b.salt());
        assertThat(Arrays.copyOf(a.envelope(), 12)).isNotEqualTo(Arrays.copyOf(b.envelope(), 12));
    }

    @Test
    @DisplayName("[AC-ENV-3] the AAD is \"parley/1 envelope\" || 0x01 || len8(username) || username")
    void aadBytes() {
        assertThat(HexFormat.of().formatHex(Envelope.aad("Bob")))
                .isEqualTo(HexFormat.of().formatHex("parley/1 envelope".getBytes(StandardCharsets.US_ASCII)) + "01" + "03"
                        + "426f62");
        assertThat(Envelope.aad("Bob")).hasSize(17 + 2 + 3);
    }

    @Test
    @DisplayName("[AC-ENV-1] kdf_key is Argon2id version 0x13, 32 octets: the RFC 9106 parameters give the same key twice and differ by salt")
    void kdfKeyIsDeterministic() {
        byte[] salt = new byte[16];
        byte[] k1 = Envelope.kdfKey("password".toCharArray(), salt, TestKeys.FAST);
        byte[] k2 = Envelope.kdfKey("password".toCharArray(), salt, TestKeys.FAST);
        salt[15] = 1;
        byte[] k3 = Envelope.kdfKey("password".toCharArray(), salt, TestKeys.FAST);
        assertThat(k1).hasSize(32).isEqualTo(k2).isNotEqualTo(k3);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1025})
    @DisplayName("[AC-PW-1] an empty or over-long password is refused")
    void badPasswordLength(int octets) {
        char[] pw = new char[octets];
        Arrays.fill(pw, 'a');
        assertThatThrownBy(() -> Envelope.seal("Alice", pw, TestKeys.first(), TestKeys.FAST, random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..1024 octets");
    }

    @Test
    @DisplayName("[AC-KEY-1] only RSA-3072 keys with e = 65537 are sealed")
    void refusesOtherKeySizes() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        java.security.KeyPair small = g.generateKeyPair();
        assertThatThrownBy(() -> Envelope.seal("Alice", "pw".toCharArray(), small, TestKeys.FAST, random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA-3072");
    }
}
