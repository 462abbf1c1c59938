package io.fedduck.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a file that holds a secret (a master key, a Docker or Kubernetes secret), and only when no one but
 * its owner may read or write it: a secret that other users can read is no longer one.
 */
public final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** A secret or a key is a line of text: anything larger is the wrong file. */
    static final long MAX_BYTES = 64 * 1024;

    private OwnerOnlyFile() {
    }

    /**
     * Owned by the user the JVM runs as (or by root, whom nothing protects against), and no permission bit
     * for its group or others.
     */
    private static void checkOwnerOnly(Path file, Path real, String what) throws CredentialException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new CredentialException(what + " " + file + " may be read or written by other users than"
                        + " its owner; make it owner-only (chmod 600 " + file + "; for a Docker or Kubernetes"
                        + " secret, mode 0400)");
            }
            String owner = Files.getOwner(real).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me) && !owner.equals("root")) {
                throw new CredentialException(what + " " + file + " belongs to " + owner + ", not to " + me
                        + " who runs FedDuck; whoever owns it can change the secret");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): its ACLs are the owner's business
        } catch (IOException e) {
            throw new CredentialException(what + " " + file + " cannot be checked: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The file's bytes without one trailing line break (files written with echo end with one).
     *
     * @param what what the file is, for messages ("the master key file")
     */
    public static byte[] read(Path file, String what) throws CredentialException {
        if (!file.isAbsolute()) {
            throw new CredentialException(what + " " + file + " must be given as an absolute path");
        }
        Path real;
        try {
            real = file.toRealPath(); // a link (Kubernetes mounts secrets through two) is checked where it leads
        } catch (IOException e) {
            throw new CredentialException(what + " " + file + " does not exist or cannot be reached");
        }
        if (!Files.isRegularFile(real)) {
            throw new CredentialException(what + " " + file + " is not a regular file");
        }
        checkOwnerOnly(file, real, what);
        byte[] bytes;
        try {
            if (Files.size(real) > MAX_BYTES) {
                throw new CredentialException(what + " " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(real);
        } catch (IOException e) {
            throw new CredentialException(what + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        if (end == bytes.length) {
            return bytes;
        }
        byte[] trimmed = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return trimmed;
    }
}
