package io.fedduck.cli;

import io.fedduck.credentials.CredentialBinding;
import io.fedduck.credentials.CredentialCipher;
import io.fedduck.credentials.CredentialException;
import io.fedduck.credentials.MasterKey;
import io.fedduck.credentials.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keygen}, {@code encrypt} and {@code rotate}: the master key and the ENC(...) values of a
 * connections file (docs/security.md, "Encrypted credentials").
 */
final class CredentialsCommand {
    static final int OK = 0;
    static final int FAILED = 2;
    /** An ENC(...) value as encrypt writes it. */
    private static final Pattern ENCRYPTED = Pattern.compile("ENC\\(v2:[A-Za-z0-9_-]+\\)");

    private final BufferedReader in;
    private final Console console;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    CredentialsCommand(BufferedReader in, Console console, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.console = console;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    static boolean handles(String command) {
        return command.equals("keygen") || command.equals("encrypt") || command.equals("rotate")
                || command.equals("hash-password");
    }

    int run(String... args) {
        try {
            return switch (args[0]) {
                case "keygen" -> keygen(args);
                case "encrypt" -> encrypt(args);
                case "hash-password" -> hashPassword(args);
                default -> rotate(args);
            };
        } catch (CredentialException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        }
    }

    /** keygen FILE: 32 random bytes, base64, in a new file only its owner may read. */
    private int keygen(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: keygen FILE");
        }
        Path file = Path.of(args[1]).toAbsolutePath().normalize();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " exists; keygen never overwrites a key");
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: its ACLs are the owner's business
        }
        Files.write(file, text);
        Arrays.fill(key, (byte) 0);
        Arrays.fill(text, (byte) 0);
        out.println("wrote a new master key to " + file + " (owner-only); keep a copy: without it the ENC(...)"
                + " values it encrypts cannot be read");
        return OK;
    }

    /**
     * encrypt --for TYPE://USER@HOST:PORT [--key-file FILE]: reads a secret without echo and prints its
     * ENC(...) value, which decrypts only for that connection.
     */
    private int encrypt(String[] args) throws IOException, CredentialException {
        Path keyFile = null;
        CredentialBinding connection = null;
        String usage = "usage: encrypt --for TYPE://USER@HOST:PORT [--key-file FILE] (else the key in "
                + MasterKey.ENVIRONMENT_VARIABLE + ")";
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--key-file") && i + 1 < args.length) {
                keyFile = Path.of(args[++i]).toAbsolutePath().normalize();
            } else if (args[i].equals("--for") && i + 1 < args.length) {
                connection = CredentialBinding.parse(args[++i]);
            } else {
                throw new IllegalArgumentException(usage);
            }
        }
        if (connection == null) {
            throw new IllegalArgumentException("encrypt needs --for: the connection the password is for (a value"
                    + " decrypts for that connection only); " + usage);
        }
        MasterKey key = key(keyFile, "encrypt");
        char[] secret = readSecret();
        try {
            if (secret.length == 0) {
                throw new IllegalArgumentException("the secret is empty");
            }
            out.println(CredentialCipher.encrypt(secret, connection, key));
        } finally {
            Arrays.fill(secret, '\0');
        }
        return OK;
    }

    /**
     * rotate --config FILE --new-key-file NEW [--key-file OLD]: every ENC(...) value in the file decrypted
     * with the old key and encrypted with the new one; the file is replaced at once, or not at all.
     */
    private int rotate(String[] args) throws IOException, CredentialException {
        Path config = null;
        Path oldKeyFile = null;
        Path newKeyFile = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: rotate --config FILE --new-key-file NEW [--key-file OLD]");
            }
            Path value = Path.of(args[++i]).toAbsolutePath().normalize();
            switch (arg) {
                case "--config" -> config = value;
                case "--key-file" -> oldKeyFile = value;
                case "--new-key-file" -> newKeyFile = value;
                default -> throw new IllegalArgumentException(
                        "usage: rotate --config FILE --new-key-file NEW [--key-file OLD]");
            }
        }
        if (config == null || newKeyFile == null) {
            throw new IllegalArgumentException("usage: rotate --config FILE --new-key-file NEW [--key-file OLD]");
        }
        MasterKey oldKey = key(oldKeyFile, "rotate");
        MasterKey newKey = MasterKey.fromFile(newKeyFile);
        config = config.toRealPath(); // a link stays a link: the file it leads to is the one rewritten
        String text = Files.readString(config, StandardCharsets.UTF_8);
        Matcher m = ENCRYPTED.matcher(text);
        StringBuilder rotated = new StringBuilder(text.length());
        int count = 0;
        while (m.find()) {
            if (inComment(text, m.start())) {
                continue; // an old value kept in a comment is not a credential FedDuck reads
            }
            String again;
            try {
                again = CredentialCipher.reEncrypt(m.group(), oldKey, newKey);
            } catch (CredentialException e) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                throw new CredentialException(config + " line " + line + ": " + e.getMessage()
                        + "; nothing was changed");
            }
            m.appendReplacement(rotated, Matcher.quoteReplacement(again));
            count++;
        }
        m.appendTail(rotated);
        if (count == 0) {
            out.println("no ENC(...) value in " + config + "; nothing was changed");
            return OK;
        }
        Path temporary = Files.createTempFile(config.getParent(), ".rotate-", ".yaml");
        try {
            keepOwnerAndMode(config, temporary);
            Files.writeString(temporary, rotated, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, config, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        out.println("re-encrypted " + count + " value" + (count == 1 ? "" : "s") + " in " + config + " under the key"
                + " file " + newKeyFile + "; point master_key_file (or " + MasterKey.ENVIRONMENT_VARIABLE
                + ") at the new key");
        return OK;
    }

    /** True when a {@code #} before {@code at} on its line starts a comment (a # inside quotes does not). */
    private static boolean inComment(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        boolean single = false;
        boolean dbl = false;
        for (int i = lineStart; i < at; i++) {
            char c = text.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == lineStart || Character.isWhitespace(text.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** The rewritten file keeps the original's owner and mode, or rotate stops before replacing it. */
    private static void keepOwnerAndMode(Path original, Path replacement) throws IOException {
        try {
            Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(original));
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system
        }
        var owner = Files.getOwner(original);
        if (!owner.equals(Files.getOwner(replacement))) {
            try {
                Files.setOwner(replacement, owner);
            } catch (IOException e) {
                throw new IOException("the file belongs to " + owner.getName() + "; run rotate as that user, so the"
                        + " rewritten file keeps its owner (nothing was changed)");
            }
        }
    }

    private MasterKey key(Path keyFile, String command) throws CredentialException {
        if (keyFile != null) {
            return MasterKey.fromFile(keyFile);
        }
        MasterKey fromEnv = MasterKey.fromEnvironment(env);
        if (fromEnv == null) {
            throw new CredentialException(command + " needs the master key: --key-file FILE, or "
                    + MasterKey.ENVIRONMENT_VARIABLE + " (make a key with: java -jar fedduck-jdbc.jar keygen FILE)");
        }
        return fromEnv;
    }

    /**
     * hash-password: a user's login password (read like a secret) as the Argon2id hash the access rules'
     * users: entries hold ({@code password: '$argon2id$...'}).
     */
    private int hashPassword(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: hash-password (reads the password without echo)");
        }
        char[] secret = readSecret();
        try {
            if (secret.length == 0) {
                throw new IllegalArgumentException("the password is empty");
            }
            out.println(PasswordHash.hash(secret));
        } finally {
            Arrays.fill(secret, '\0');
        }
        return OK;
    }

    /** From the terminal without echo, twice; else one line of standard input (a pipe, a script). */
    private char[] readSecret() throws IOException {
        if (console != null) {
            char[] first = console.readPassword("secret: ");
            char[] second = console.readPassword("again: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two entries differ; nothing was encrypted");
                }
                return first.clone();
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
        String line = in.readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
