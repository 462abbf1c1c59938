package io.fedduck.config;

import io.fedduck.credentials.MasterKeys;
import java.util.Map;

/**
 * How a connections file's credentials are read: the master key for ENC(...) values, and whether clear
 * text written in the file is refused ({@code require_encrypted_credentials: true}).
 */
public record CredentialRules(MasterKeys keys, boolean requireEncrypted) {
    /** No key but FEDDUCK_MASTER_KEY of an empty environment, clear text allowed: values taken as given. */
    static final CredentialRules PLAIN_ALLOWED = new CredentialRules(new MasterKeys(null, null, Map.of()), false);
}
