package dev.portcullis.contract;

/**
 * Names of every Redis key and channel shared between services, so writer and reader agree.
 *
 * <p>Keys touched together by one command (MGET) or one script share a hash tag ({@code {...}}),
 * so the suite runs on Redis Cluster as well as standalone: a refresh token and its family share
 * {@code {familyId}}, a code and its redemption record {@code {codeHash}}, the sign-in throttle
 * records of one account {@code {accountHash}}. Every other key is
 * only ever touched alone, and its own hash spreads it over the slots. Channels need no tag: a
 * cluster delivers a PUBLISH to subscribers on every node. Secret values (codes, refresh
 * tokens, opaque tokens) appear only as {@link TokenHash} digests.
 */
public final class RedisKeys {
    /** Prefix of every key, so the suite can share a Redis with other applications. */
    public static final String PREFIX = "pc:";

    /** Pub/sub channel of {@code ClientChangeNotice} messages. */
    public static final String CLIENT_CHANGE_CHANNEL = PREFIX + "client-changes";
    /** Pub/sub channel of {@code RevocationNotice} messages. */
    public static final String REVOCATION_CHANNEL = PREFIX + "revocations";

    private RedisKeys() {
    }

    /** {@code AuthorizationCodeRecord} under the hash of the code. */
    public static String authorizationCode(String codeHash) {
        return PREFIX + "code:{" + codeHash + "}";
    }

    /** {@code CodeRedemptionRecord}: what the first redemption of a code issued. Same slot as the code. */
    public static String codeRedemption(String codeHash) {
        return PREFIX + "code-redeemed:{" + codeHash + "}";
    }

    /** {@code RefreshTokenRecord} under the hash of the token; shares the family's slot. */
    public static String refreshToken(String familyId, String tokenHash) {
        return PREFIX + "rt:{" + familyId + "}:" + tokenHash;
    }

    /** {@code RefreshFamilyRecord}. */
    public static String refreshFamily(String familyId) {
        return PREFIX + "rtf:{" + familyId + "}";
    }

    /** {@code RevokedTokenRecord} of a revoked access token id; expires with the token. */
    public static String revokedAccessToken(String jti) {
        return PREFIX + "revoked:" + jti;
    }

    /** {@code OpaqueAccessTokenRecord} under the hash of the token. */
    public static String opaqueAccessToken(String tokenHash) {
        return PREFIX + "at:" + tokenHash;
    }

    /** Browser session, owned by authorize-service. */
    public static String browserSession(String sessionId) {
        return PREFIX + "session:" + sessionId;
    }

    /**
     * Sign-in throttle of one account (failures and the time before which a new address waits),
     * owned by authorize-service; keyed by the hash of the lower-cased username.
     */
    public static String loginAccount(String accountHash) {
        return PREFIX + "login-account:{" + accountHash + "}";
    }

    /** Sign-in throttle of one account from one client address; shares the account's slot. */
    public static String loginAccountAddress(String accountHash, String addressHash) {
        return PREFIX + "login-pair:{" + accountHash + "}:" + addressHash;
    }

    /** Marker of an address the account signed in from; shares the account's slot. */
    public static String loginKnownAddress(String accountHash, String addressHash) {
        return PREFIX + "login-known:{" + accountHash + "}:" + addressHash;
    }

    /** Sign-in throttle of one client address over every account. Touched alone. */
    public static String loginAddress(String addressHash) {
        return PREFIX + "login-address:" + addressHash;
    }

    /** Token bucket of a client at the token endpoint, owned by token-service. Touched alone. */
    public static String tokenRateLimit(String clientId) {
        return PREFIX + "token-rate:" + TokenHash.of(clientId);
    }

    /** Single-use marker of a client assertion {@code jti} (RFC 7523 §3 item 7). */
    public static String clientAssertionJti(String clientId, String jti) {
        return PREFIX + "assertion-jti:" + clientId + ":" + jti;
    }
}
