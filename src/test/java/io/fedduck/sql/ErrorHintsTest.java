package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorHintsTest {

    @Test
    void hintsGoFromTextAndFromJsonErrorsAlike() {
        assertEquals("Catalog Error: Table with name t does not exist!\n\nLINE 1: SELECT * FROM t",
                ErrorHints.strip("Catalog Error: Table with name t does not exist!\nDid you mean \"hr.salaries\"?"
                        + "\n\nLINE 1: SELECT * FROM t"));
        assertEquals("{\"exception_type\":\"Catalog\",\"exception_message\":\"Table with name t does not exist!\","
                        + "\"name\":\"t\"}",
                ErrorHints.strip("{\"exception_type\":\"Catalog\",\"exception_message\":\"Table with name t does not"
                        + " exist!\\nDid you mean \\\"hr.salaries\\\"?\",\"candidates\":\"hr.salaries\",\"name\":\"t\"}"));
        assertEquals("no hint here", ErrorHints.strip("no hint here"));
        assertEquals(null, ErrorHints.strip(null));
    }
}
