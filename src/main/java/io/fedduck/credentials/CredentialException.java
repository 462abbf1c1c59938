package io.fedduck.credentials;

/** Why a credential or a master key could not be used; the message never holds a secret. */
public final class CredentialException extends Exception {
    public CredentialException(String message) {
        super(message, null, false, false);
    }
}
