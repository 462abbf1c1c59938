package io.fedduck.bench;

import io.fedduck.credentials.CredentialBinding;
import io.fedduck.credentials.CredentialCipher;
import io.fedduck.credentials.MasterKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What an ENC(...) credential costs: one Argon2id derivation the first time a process meets a value (timed
 * through encrypt, which derives a key for a fresh salt each time), and a decrypt once the key is derived.
 * Run against the built jar:
 * {@code java -cp target/fedduck-jdbc-<version>.jar src/bench/java/io/fedduck/bench/CredentialBenchmark.java}
 */
public final class CredentialBenchmark {
    private CredentialBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 25);
        MasterKey key = MasterKey.fromEnvironment(Map.of(MasterKey.ENVIRONMENT_VARIABLE,
                "a master key of enough length for the benchmark"));
        CredentialBinding connection = CredentialBinding.parse("postgres://report@db.example.com:5432");
        List<Long> derive = new ArrayList<>();
        List<Long> decrypt = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            String value = CredentialCipher.encrypt("a password".toCharArray(), connection, key);
            long encrypted = System.nanoTime();
            CredentialCipher.decrypt(value, connection, key);
            derive.add(encrypted - start);
            decrypt.add(System.nanoTime() - encrypted);
        }
        Collections.sort(derive);
        Collections.sort(decrypt);
        System.out.printf("RESULT runs=%d derive_median_ms=%.1f derive_min_ms=%.1f decrypt_median_ms=%.3f%n", runs,
                derive.get(runs / 2) / 1e6, derive.get(0) / 1e6, decrypt.get(runs / 2) / 1e6);
    }
}
