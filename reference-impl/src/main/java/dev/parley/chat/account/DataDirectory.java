package dev.parley.chat.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's data directory [AC-DIR-1]: {@value ServerIdentity#PRIVATE_FILE},
 * {@value ServerIdentity#PUBLIC_FILE} and {@value #ACCOUNTS_FILE}. Default {@value #DEFAULT}.
 */
public final class DataDirectory {

    public static final String DEFAULT = "parley-data";
    public static final String ACCOUNTS_FILE = "accounts.db";

    private DataDirectory() {
    }

    /** The account database file of {@code dir}. */
    public static Path accounts(Path dir) {
        return dir.resolve(ACCOUNTS_FILE);
    }

    /** Creates {@code dir} (and its parents) if missing, owner-only (0700) where POSIX modes exist. */
    public static void create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.getFileStore(parent).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }
}
