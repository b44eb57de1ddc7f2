package dev.parley.chat.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("[AC-DIR-2] [AC-DIR-3] save writes PKCS#8 (0600) and SPKI PEM files that load back to the same key")
    void saveAndLoad() throws Exception {
        ServerIdentity id = ServerIdentity.of(TestKeys.first());
        Path dir = tmp.resolve("data");
        id.save(dir, false);
        Path priv = dir.resolve("server-key.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("server-pub.pem"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        ServerIdentity loaded = ServerIdentity.load(dir);
        assertThat(loaded.fingerprint()).isEqualTo(id.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(id.privateKey().getEncoded());
        assertThat(id.fingerprint()).isEqualTo(Fingerprint.of(id.publicKey().getEncoded()));
    }

    @Test
    @DisplayName("[AC-INIT-2] save refuses to overwrite an existing key without force and changes nothing")
    void refusesOverwrite() throws Exception {
        ServerIdentity first = ServerIdentity.of(TestKeys.first());
        first.save(tmp, false);
        byte[] before = Files.readAllBytes(tmp.resolve("server-key.pem"));
        ServerIdentity second = ServerIdentity.of(TestKeys.second());
        assertThatThrownBy(() -> second.save(tmp, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("--force");
        assertThat(Files.readAllBytes(tmp.resolve("server-key.pem"))).isEqualTo(before);
        second.save(tmp, true);
        assertThat(ServerIdentity.load(tmp).fingerprint()).isEqualTo(second.fingerprint());
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "server-key.pem", "server-pub.pem");
    }

    @Test
    @DisplayName("[AC-DIR-3] a private key file readable by others is refused on load")
    void refusesOpenPermissions() throws Exception {
        ServerIdentity.of(TestKeys.first()).save(tmp, false);
        Files.setPosixFilePermissions(tmp.resolve("server-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ServerIdentity.load(tmp)).hasMessageContaining("chmod 600");
    }

    @Test
    @DisplayName("[AC-DIR-2] a public key file that is not the private key's half is refused on load")
    void refusesMismatchedHalves() throws Exception {
        ServerIdentity.of(TestKeys.first()).save(tmp, false);
        Path other = tmp.resolve("other");
        ServerIdentity.of(TestKeys.second()).save(other, false);
        Files.copy(other.resolve("server-pub.pem"), tmp.resolve("server-pub.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ServerIdentity.load(tmp)).hasMessageContaining("not the public half");
    }
}
