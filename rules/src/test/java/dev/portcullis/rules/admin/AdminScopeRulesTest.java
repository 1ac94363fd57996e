package dev.portcullis.rules.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.Scope;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Which admin scope a call needs, and which admin scopes a person's roles allow. */
class AdminScopeRulesTest {

    @Nested
    class WhatACallNeeds {
        @Test
        void whenReadOnlyThenEveryAreaReadsAndNoneChanges() {
            EnumSet<AdminScope> read = EnumSet.of(AdminScope.READ);
            for (AdminScope area : List.of(AdminScope.CLIENTS, AdminScope.USERS, AdminScope.KEYS)) {
                assertTrue(AdminAccess.permits(read, area, false), area.value());
                assertFalse(AdminAccess.permits(read, area, true), area.value());
            }
        }

        @Test
        void whenClientsScopeThenClientsChangeButUsersAndKeysDoNot() {
            EnumSet<AdminScope> clients = EnumSet.of(AdminScope.CLIENTS);
            assertTrue(AdminAccess.permits(clients, AdminScope.CLIENTS, true));
            assertTrue(AdminAccess.permits(clients, AdminScope.CLIENTS, false));
            assertFalse(AdminAccess.permits(clients, AdminScope.USERS, false));
            assertFalse(AdminAccess.permits(clients, AdminScope.USERS, true));
            assertFalse(AdminAccess.permits(clients, AdminScope.KEYS, true));
        }

        @Test
        void whenTheAuditIsReadThenOnlyAdminReadWillDo() {
            assertTrue(AdminAccess.permits(EnumSet.of(AdminScope.READ), AdminScope.READ, false));
            assertFalse(AdminAccess.permits(EnumSet.of(AdminScope.CLIENTS, AdminScope.USERS), AdminScope.READ, false));
            assertFalse(AdminAccess.permits(EnumSet.allOf(AdminScope.class), AdminScope.READ, true));
        }

        @Test
        void whenTheTokenHasNoAdminScopeThenNothingIsPermitted() {
            for (AdminScope area : AdminScope.values()) {
                assertFalse(AdminAccess.permits(EnumSet.noneOf(AdminScope.class), area, false));
            }
        }

        @Test
        void whenThePathIsReadThenTheAreaIsItsFirstSegment() {
            assertEquals(AdminScope.CLIENTS, AdminAccessFilter.area("/admin/clients/x/secret"));
            assertEquals(AdminScope.USERS, AdminAccessFilter.area("/admin/users"));
            assertEquals(AdminScope.KEYS, AdminAccessFilter.area("/admin/keys/rotate"));
            assertEquals(AdminScope.READ, AdminAccessFilter.area("/admin/audit"));
            assertEquals(AdminScope.READ, AdminAccessFilter.area("/admin"));
            assertEquals(AdminScope.READ, AdminAccessFilter.area("/admin/clientsX"));
        }
    }

    /** RFC 6749 §3.3: the server grants less than asked when the person's roles do not allow it. */
    @Nested
    class WhatARoleAllows {
        @Test
        void whenThePersonHasNoRoleThenEveryAdminScopeIsDroppedAndTheRestKept() {
            Scope granted = AdminRole.narrow(Scope.parse("openid profile admin:read admin:clients admin:other"), List.of());
            assertEquals(Scope.parse("openid profile"), granted);
        }

        @Test
        void whenTheRoleIsClientsThenReadAndClientsOnly() {
            Scope granted = AdminRole.narrow(Scope.parse("openid admin:read admin:clients admin:users admin:keys"),
                    List.of("admin-clients"));
            assertEquals(Scope.parse("openid admin:read admin:clients"), granted);
        }

        @Test
        void whenTheRoleIsAdminThenEveryKnownAdminScopeButNoUnknownOne() {
            Scope granted = AdminRole.narrow(Scope.parse("admin:read admin:clients admin:users admin:keys admin:root"),
                    List.of("admin"));
            assertEquals(Scope.parse("admin:read admin:clients admin:users admin:keys"), granted);
        }

        @Test
        void whenARoleIsUnknownThenItAllowsNothing() {
            assertEquals(EnumSet.noneOf(AdminScope.class), AdminRole.scopesOf(List.of("root", "Admin")));
        }

        @Test
        void whenTheScopeHasNoAdminValueThenItIsUnchanged() {
            assertEquals(Scope.parse("openid email"), AdminScope.withoutAdmin(Scope.parse("openid email admin:keys")));
        }
    }
}
