package dev.portcullis.authorize.login;

import dev.portcullis.rules.redis.RedisScript;

/**
 * The Lua scripts of {@link LoginThrottle}. Time is Redis's own ({@code TIME}), so every replica
 * of the service agrees on it. A throttle record is a hash: {@code n}, the attempts counted as
 * failures; {@code last}, the epoch millisecond of the last one admitted. A further attempt waits
 * until {@code last + delay(n)}, the delay computed with the settings of the service that asks. The
 * account-and-address record lives a window after its last attempt (the guesser stays slow while
 * guessing); the account and address records a window after their first failure (or until their
 * delay ends), so a busy address whose people sign in all day forgets its typos every window.
 */
final class LoginThrottleScripts {
    /** delay(n): none for the first {@code free} failures, then base, 2 base, 4 base... up to max. */
    private static final String DELAY = """
            local function delay(n, free, base, max)
              if n <= free then return 0 end
              local d = base * 2 ^ (n - free - 1)
              if d > max then return max end
              return math.floor(d)
            end
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function waiting(key, at, free, base, max)
              local n = tonumber(redis.call('HGET', key, 'n')) or 0
              local last = tonumber(redis.call('HGET', key, 'last')) or 0
              return last + delay(n, free, base, max) - at
            end
            local function count(key, free, base, max, at, window, sliding)
              local n = redis.call('HINCRBY', key, 'n', 1)
              local d = delay(n, free, base, max)
              redis.call('HSET', key, 'last', at)
              if sliding or n == 1 or redis.call('PTTL', key) < d then
                redis.call('PEXPIRE', key, window + d)
              end
            end
            """;

    /**
     * KEYS: account-and-address, account, known address. ARGV: free, base, max of the pair, then
     * of the account, then the window (ms). Answers {admitted, wait ms, known}. The account
     * level counts and slows only addresses the account never signed in from.
     */
    static final RedisScript ADMIT_ACCOUNT = new RedisScript(DELAY + """
            local at = now()
            local known = redis.call('EXISTS', KEYS[3])
            local wait = waiting(KEYS[1], at, tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
            if known == 0 then
              local w = waiting(KEYS[2], at, tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
              if w > wait then wait = w end
            end
            if wait > 0 then return {0, wait, known} end
            local window = tonumber(ARGV[7])
            count(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), at, window, true)
            if known == 0 then
              count(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), at, window, false)
            end
            return {1, 0, known}
            """);

    /** KEYS: the address. ARGV: free, base, max, window (ms). Answers {admitted, wait ms}. */
    static final RedisScript ADMIT_ADDRESS = new RedisScript(DELAY + """
            local at = now()
            local wait = waiting(KEYS[1], at, tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
            if wait > 0 then return {0, wait} end
            count(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), at, tonumber(ARGV[4]), false)
            return {1, 0}
            """);

    /**
     * KEYS: account-and-address, account, known address. ARGV: how long the address stays known
     * (ms), 1 when it was known already. The pair starts afresh, the account takes back the
     * attempt it counted.
     */
    static final RedisScript SUCCEEDED = new RedisScript("""
            redis.call('DEL', KEYS[1])
            if ARGV[2] == '0' and (tonumber(redis.call('HGET', KEYS[2], 'n')) or 0) > 0 then
              redis.call('HINCRBY', KEYS[2], 'n', -1)
            end
            redis.call('SET', KEYS[3], '1', 'PX', ARGV[1])
            return 1
            """);

    /** KEYS: records of one slot that counted an attempt which turned out no failure. */
    static final RedisScript TAKE_BACK = new RedisScript("""
            for _, key in ipairs(KEYS) do
              if (tonumber(redis.call('HGET', key, 'n')) or 0) > 0 then redis.call('HINCRBY', key, 'n', -1) end
            end
            return 1
            """);

    private LoginThrottleScripts() {
    }
}
