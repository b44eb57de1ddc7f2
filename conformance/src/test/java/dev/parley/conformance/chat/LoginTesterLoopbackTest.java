package dev.parley.conformance.chat;

import static dev.parley.conformance.chat.TesterCrypto.ascii;
import static dev.parley.conformance.chat.TesterCrypto.concat;
import static dev.parley.conformance.chat.TesterCrypto.m;
import static dev.parley.conformance.chat.TesterCrypto.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The suite's client against a server side written here, step by step from the formulas of
 * spec/chat.md (sections 5, 7, 8, 10, 11) with plain JCA: the two agree on every octet the login
 * depends on, and each check fails when the client leaves out what the formula asks for.
 */
class LoginTesterLoopbackTest {

    private static final int DIFFICULTY = 8;
    private static KeyPair serverKeys;
    private static KeyPair aliceKeys;
    private final SecureRandom random = new SecureRandom();

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
        serverKeys = g.generateKeyPair();
        aliceKeys = g.generateKeyPair();
    }

    @Test
    @DisplayName("[CH-POW-1] [CH-KEX-1] [CH-TH-1] [CH-KS-1] [CH-SEQ-1] [CH-POP-1] a whole login and one request agree with the spec's server-side formulas")
    void wholeLogin() throws Exception {
        LoginTester client = new LoginTester("Alice", "Alice", random);
        byte[] hello = client.hello();

        // Challenge = 02 01 01, len_server_key, SPKI, cookie(74)
        byte[] spki = serverKeys.getPublic().getEncoded();
        byte[] cookie = new byte[74];
        random.nextBytes(cookie);
        cookie[9] = DIFFICULTY; // key_id(1) timestamp(8) difficulty(1)
        byte[] challenge = ByteBuffer.allocate(5 + spki.length + 74).put(new byte[] {2, 1, 1})
                .putShort((short) spki.length).put(spki).put(cookie).array();
        client.onChallenge(challenge);

        byte[] request = client.loginRequest();
        assertThat(LoginTester.holdsWork(request, DIFFICULTY)).as("[CH-POW-1]").isTrue();
        assertThat(Arrays.copyOfRange(request, 35, 35 + 74)).as("the cookie unchanged").isEqualTo(cookie);
        int wrappedAt = 35 + 74 + 1 + 5 + 2;
        byte[] wrapped = Arrays.copyOfRange(request, wrappedAt, wrappedAt + 384);
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.DECRYPT_MODE, serverKeys.getPrivate(), new OAEPParameterSpec("SHA-256", "MGF1",
                MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] loginSecret = oaep.doFinal(wrapped);
        assertThat(loginSecret).hasSize(32);

        // key schedule, server side
        byte[] th1 = sha256(concat(m(hello), m(challenge), m(request)));
        byte[] prk = TesterCrypto.hkdfExtract(th1, loginSecret);
        TesterCipher c2s = new TesterCipher(TesterCrypto.hkdfExpand(prk, ascii("parley/1 c2s"), 32));
        TesterCipher s2c = new TesterCipher(TesterCrypto.hkdfExpand(prk, ascii("parley/1 s2c"), 32));

        // EnvelopeResponse: the user's envelope (accounts.md 7.1) in a 2048-octet body, sealed s2c seq 0
        byte[] salt = new byte[16];
        byte[] envNonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(envNonce);
        byte[] kdfKey = TesterCrypto.argon2id("Alice".getBytes(StandardCharsets.UTF_8), salt, 64, 1, 1);
        byte[] aad = concat(ascii("parley/1 envelope"), new byte[] {1, 5}, ascii("Alice"));
        byte[] envelope = concat(envNonce, TesterCrypto.gcmSeal(kdfKey, envNonce, aad, aliceKeys.getPrivate().getEncoded()));
        ByteBuffer body = ByteBuffer.allocate(2048).putInt(64).putInt(1).put((byte) 1).put(salt)
                .putShort((short) envelope.length).put(envelope);
        byte[] header = {4, 1, 1};
        byte[] envelopeResponse = concat(header, s2c.seal(0, header, body.array()));
        assertThat(client.onEnvelopeResponse(envelopeResponse)).isNotNull();
        assertThat(client.openEnvelope()).as("[CH-ENV-4]").isTrue();
        assertThat(client.userPublicKey()).isEqualTo(aliceKeys.getPublic().getEncoded());

        // Proof, c2s seq 0: PSS over "parley/1 proof" || th2
        byte[] proof = client.proof(0, client.signature());
        byte[] proofBody = c2s.open(0, Arrays.copyOf(proof, 3), Arrays.copyOfRange(proof, 3, proof.length));
        assertThat(proofBody).as("the Proof opens under c2s at seq 0").isNotNull();
        byte[] th2 = sha256(concat(m(hello), m(challenge), m(request), m(envelopeResponse), m(spki)));
        byte[] signature = Arrays.copyOfRange(proofBody, 4, proofBody.length);
        assertThat(TesterCrypto.pssVerify(aliceKeys.getPublic(), concat(ascii("parley/1 proof"), th2), signature))
                .as("[CH-POP-1] the signature covers th2").isTrue();

        // Welcome, s2c seq 1
        ByteBuffer welcome = ByteBuffer.allocate(4 + 4 + 9 + 8).putInt(10_000).putInt(30_000).put((byte) 4)
                .put(new byte[] {127, 0, 0, 1}).putShort((short) 5000).putShort((short) 0).putLong(1L);
        byte[] wh = {6, 1, 1};
        assertThat(client.onWelcome(concat(wh, s2c.seal(1, wh, welcome.array())))).isNotNull();

        // one request (c2s seq 1) and its response (s2c seq 2)
        SessionTester session = client.session();
        long id = session.nextRequestId();
        byte[] record = session.record(ChatTesterCodec.body(ChatTesterCodec.LIST_REQUEST, id, new byte[0]));
        byte[] plain = c2s.open(1, Arrays.copyOf(record, 9), Arrays.copyOfRange(record, 9, record.length));
        assertThat(plain).as("the first SessionRecord is c2s seq 1").isNotNull();
        byte[] response = ChatTesterCodec.body(ChatTesterCodec.LIST_RESPONSE, id, new byte[] {0, 1, 5, 'A', 'l', 'i', 'c', 'e'});
        byte[] head = ChatTesterCodec.sessionRecord(2, new byte[0]);
        byte[] responseRecord = ChatTesterCodec.sessionRecord(2, s2c.seal(2, head, response));
        ChatTesterCodec.Body b = session.open(responseRecord);
        assertThat(b).isNotNull();
        assertThat(ChatTesterCodec.readList(b.fields())).containsExactly("Alice");
        assertThat(session.open(responseRecord)).as("[CH-SEQ-2] the same record again is refused").isNull();
    }
}
