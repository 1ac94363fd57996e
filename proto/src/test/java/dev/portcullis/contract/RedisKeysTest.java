package dev.portcullis.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keys that one command or script touches together (MGET, the refresh scripts, code redemption)
 * hash to one Redis Cluster slot, and different tokens spread over many slots. The slot is
 * computed as the Redis Cluster specification defines it ("Key distribution model", "Hash tags").
 */
class RedisKeysTest {

    @Nested
    class ClusterSpecKeySlot {
        @Test
        void whenCrc16OfTheSpecsTestVectorThen0x31C3() {
            assertEquals(0x31C3, crc16("123456789".getBytes(StandardCharsets.US_ASCII)));
        }

        @Test
        void whenKeysShareAHashTagThenTheyShareASlot() {
            assertEquals(slot("{user1000}.following"), slot("{user1000}.followers"));
        }
    }

    @Nested
    class KeysTouchedTogether {
        @Test
        void whenARefreshTokenAndItsFamilyAreReadOrChangedTogetherThenTheyShareASlot() {
            for (int i = 0; i < 100; i++) {
                String family = TokenShape.newFamilyId();
                String tokenHash = TokenHash.of(TokenShape.newRefreshToken(family));
                int slot = slot(RedisKeys.refreshFamily(family));
                assertEquals(slot, slot(RedisKeys.refreshToken(family, tokenHash)), "token and family");
                assertEquals(slot, slot(RedisKeys.refreshToken(family, "none")), "the successor placeholder");
            }
        }

        @Test
        void whenACodeIsRedeemedThenItsRedemptionRecordSharesItsSlot() {
            for (int i = 0; i < 100; i++) {
                String codeHash = TokenHash.of(TokenShape.newOpaqueToken());
                assertEquals(slot(RedisKeys.authorizationCode(codeHash)), slot(RedisKeys.codeRedemption(codeHash)));
            }
        }

        @Test
        void whenASignInIsThrottledThenTheAccountItsAddressesAndItsKnownAddressesShareASlot() {
            for (int i = 0; i < 100; i++) {
                String account = TokenHash.of("user-" + i);
                String address = TokenHash.of("192.0.2." + i);
                int slot = slot(RedisKeys.loginAccount(account));
                assertEquals(slot, slot(RedisKeys.loginAccountAddress(account, address)), "account and address");
                assertEquals(slot, slot(RedisKeys.loginKnownAddress(account, address)), "known address");
            }
        }

        @Test
        void whenManyFamiliesExistThenTheySpreadOverTheSlots() {
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                slots.add(slot(RedisKeys.refreshFamily(TokenShape.newFamilyId())));
            }
            assertTrue(slots.size() > 150, "200 families over " + slots.size() + " slots: no hot slot");
        }
    }

    /** HASH_SLOT = CRC16(key or its hash tag) mod 16384, the tag being between the first '{' and the next '}'. */
    static int slot(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        return crc16(key.getBytes(StandardCharsets.UTF_8)) & 16383;
    }

    /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as the specification names it. */
    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }
}
