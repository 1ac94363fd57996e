package dev.portcullis.registry.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The skeleton under which self-registered client names are compared with reserved words. */
class ClientNameRuleTest {
    private final ClientNameRule rule = new ClientNameRule(
            List.of("Portcullis", "security team", "administrator", "admin"), "auth.example.com");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Portcullis|portcuiiis",
            "PÖRTCULLIS|portcuiiis",
            "Pоrtcullis|portcuiiis",
            "P0rtcu11is|portcuiiis",
            "Ｐｏｒｔｃｕｌｌｉｓ|portcuiiis",
            "Port\u200Bcullis|portcuiiis",
            "  Security\t\tTEAM...|security team"})
    void whenFoldedThenLookAlikesCaseAccentsAndSpacingVanish(String name, String skeleton) {
        assertEquals(skeleton, ClientNameRule.skeleton(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Portcullis Security Team — please re-enter your password", "P-o-r-t-c-u-l-l-i-s",
            "The Adminlstrator", "admin", "ADMIN tools", "auth.example.com login", "AUTH EXAMPLE COM"})
    void whenANameContainsAReservedWordThenItImitatesTheServer(String name) {
        assertTrue(rule.imitatesServer(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Badminton Club", "Photo Printer", "Team security camera", "Example Shop"})
    void whenANameIsOrdinaryThenItDoesNot(String name) {
        assertFalse(rule.imitatesServer(name), name);
    }
}
