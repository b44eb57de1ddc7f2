package dev.parley.conformance.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The suite's own suite-1 primitives against published values, so a scenario's verdict rests on them. */
class TesterCryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    @DisplayName("[CH-KS-1] HKDF-SHA256 gives RFC 5869 test case 1")
    void hkdfRfc5869Case1() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = TesterCrypto.hkdfExtract(salt, ikm);
        assertThat(HEX.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(TesterCrypto.hkdfExpand(prk, info, 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @ParameterizedTest
    @CsvSource({"ff00, 0", "7f00, 1", "0100, 7", "0080, 8", "0001, 15", "0000, 16", "000000000000000001, 71"})
    @DisplayName("[CH-POW-1] leading zero bits are counted from the most significant bit of the first octet")
    void leadingZeroBits(String hex, int bits) {
        assertThat(TesterCrypto.leadingZeroBits(HEX.parseHex(hex))).isEqualTo(bits);
    }

    @Test
    @DisplayName("[CH-POW-1] [CH-POW-2] a solved message holds the work; the wrong-work helper never does")
    void proofOfWork() {
        byte[] message = new byte[100];
        new SecureRandom().nextBytes(message);
        for (int d : new int[] {0, 1, 8, 12}) {
            byte[] solved = LoginTester.solve(message, d, 42);
            assertThat(LoginTester.holdsWork(solved, d)).isTrue();
            assertThat(java.util.Arrays.copyOf(solved, 92)).isEqualTo(java.util.Arrays.copyOf(message, 92));
        }
        byte[] wrong = LoginTester.withoutWork(message, 12);
        assertThat(LoginTester.holdsWork(wrong, 12)).isFalse();
    }

    @Test
    @DisplayName("[CH-KS-1] nonce(seq) = iv XOR (uint32(0) || uint64(seq)); a record opens only at its own seq")
    void cipherNonceAndSeal() {
        TesterCipher c = new TesterCipher(new byte[32]);
        byte[] iv = c.nonce(0);
        byte[] n = c.nonce(0x0102030405060708L);
        for (int i = 0; i < 4; i++) {
            assertThat(n[i]).isEqualTo(iv[i]);
        }
        for (int i = 0; i < 8; i++) {
            assertThat((byte) (n[4 + i] ^ iv[4 + i])).isEqualTo((byte) (i + 1));
        }
        byte[] sealed = c.seal(5, new byte[] {1, 2}, "hello".getBytes());
        assertThat(c.open(5, new byte[] {1, 2}, sealed)).isEqualTo("hello".getBytes());
        assertThat(c.open(6, new byte[] {1, 2}, sealed)).isNull();
        assertThat(c.open(5, new byte[] {1, 3}, sealed)).isNull();
        assertThat(c.next().open(5, new byte[] {1, 2}, sealed)).isNull();
    }

    @Test
    @DisplayName("[AC-ENV-3] the envelope AAD is \"parley/1 envelope\" || 0x01 || len8(username)")
    void envelopeAad() {
        assertThat(HEX.formatHex(TesterCrypto.envelopeAad("Bob")))
                .isEqualTo("7061726c65792f3120656e76656c6f7065" + "01" + "03" + "426f62");
    }

    @Test
    @DisplayName("[AC-FP-1] the fingerprint is SHA-256 in lowercase hex")
    void fingerprint() {
        assertThat(TesterCrypto.fingerprint(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
