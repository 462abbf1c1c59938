package io.fedduck.credentials;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the master key of a connections file's ENC(...) values comes from, first match wins: a key file
 * given to the driver ({@code master_key_file} property), the file's own {@code master_key_file:}, then
 * {@code FEDDUCK_MASTER_KEY}. The key is read when the first ENC(...) value needs it, and then kept.
 */
public final class MasterKeys {
    private final Path driverKeyFile;
    private final Path configuredKeyFile;
    private final Map<String, String> env;
    private MasterKey key;

    public MasterKeys(Path driverKeyFile, Path configuredKeyFile, Map<String, String> env) {
        this.driverKeyFile = driverKeyFile;
        this.configuredKeyFile = configuredKeyFile;
        this.env = env == null ? Map.of() : env;
    }

    /** The master key; fails, naming every place it looked, when none is given or it cannot be read. */
    public synchronized MasterKey get() throws CredentialException {
        if (key == null) {
            key = load(); // a failure is not kept: a key file fixed meanwhile is read the next time
        }
        return key;
    }

    private MasterKey load() throws CredentialException {
        if (driverKeyFile != null) {
            return MasterKey.fromFile(driverKeyFile);
        }
        if (configuredKeyFile != null) {
            return MasterKey.fromFile(configuredKeyFile);
        }
        MasterKey fromEnv = MasterKey.fromEnvironment(env);
        if (fromEnv != null) {
            return fromEnv;
        }
        throw new CredentialException("the value is ENC(...) but no master key is given: set "
                + MasterKey.ENVIRONMENT_VARIABLE + ", or master_key_file in the connections file or as a driver property");
    }
}
