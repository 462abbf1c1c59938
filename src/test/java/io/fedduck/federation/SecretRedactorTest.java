package io.fedduck.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedduck.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void passwordsAddedAtRuntimeAreMaskedUntilTheLastUserIsRemoved() {
        SecretRedactor redactor = new SecretRedactor(List.of());
        assertEquals("pw=hunter2", redactor.redact("pw=hunter2"));
        redactor.add(Secret.of("hunter2"));
        redactor.add(Secret.of("hunter2x"));
        assertEquals("pw=**** and ****", redactor.redact("pw=hunter2x and hunter2"));
        redactor.add(Secret.of("hunter2"));
        redactor.remove(Secret.of("hunter2"));
        assertEquals("pw=****", redactor.redact("pw=hunter2"), "still used by another source");
        redactor.remove(Secret.of("hunter2"));
        assertEquals("pw=hunter2", redactor.redact("pw=hunter2"));
        redactor.add(null);
        redactor.add(Secret.of(""));
        assertEquals("x", redactor.redact("x"));
    }

    @Test
    void aPasswordIsMaskedAlsoAsSqlWritesItForASource() {
        SecretRedactor redactor = new SecretRedactor(List.of());
        redactor.add(Secret.of("it's\\me"));
        // as pushdown writes literals: doubled quotes, a PostgreSQL E'' string, MySQL hexadecimal
        assertEquals("'****'", redactor.redact("'it''s\\me'"));
        assertEquals("E'****'", redactor.redact("E'it''s\\\\me'"));
        assertEquals("X'****'", redactor.redact("X'697427735c6d65'"));
        assertEquals("X'****'", redactor.redact("X'697427735C6D65'"));
        redactor.add(Secret.of("abc"));
        assertEquals("616263 stays: too short to tell from digits", redactor.redact("616263 stays: too short to tell from digits"));
    }
}
