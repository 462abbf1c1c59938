package io.fedduck.credentials;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (version 1.3) through BouncyCastle's lightweight API, for the master key's derivation and the
 * users' login password hashes alike.
 */
final class Argon2id {
    /** OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
    static final int MEMORY_KIB = 19 * 1024;
    static final int PASSES = 2;
    static final int LANES = 1;

    private Argon2id() {
    }

    static byte[] derive(byte[] secret, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
        argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(passes)
                .withParallelism(lanes)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        argon2.generateBytes(secret, out);
        return out;
    }
}
