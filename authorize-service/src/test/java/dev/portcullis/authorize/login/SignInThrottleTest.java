package dev.portcullis.authorize.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The sign-in page's throttle against the real Redis, as people and guessers meet it: growing
 * delays per account and address instead of a lockout, an account-wide ceiling that slows new
 * addresses for seconds, and a per-address ceiling that slows a NAT address for seconds. The
 * test profile's delays: account and address 10 minutes from the 4th failure on (so a throttled
 * pair stays throttled for the whole test); account (past 5 failures) and address (past 8) 5 s.
 * Nothing here asserts how fast anything is: only statuses and the {@code Retry-After} values.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class SignInThrottleTest {
    static final long PAIR_DELAY_SECONDS = 600;
    static final long ACCOUNT_AND_ADDRESS_CEILING_SECONDS = 5;
    static final long WINDOW_SECONDS = 15 * 60;

    static Response signIn(Browser browser, String username, String password) {
        return browser.submit(browser.get("/login"), Map.of("username", username, "password", password));
    }

    static boolean signedIn(Browser browser, Response r) {
        return r.statusCode() == 200 && browser.cookies().containsKey("portcullis_session");
    }

    static long retryAfter(Response r) {
        assertEquals(429, r.statusCode());
        assertNotNull(r.header("Retry-After"), "429 says when to try again");
        return Long.parseLong(r.header("Retry-After"));
    }

    /** Waits out a delay the server stated (not a timing assertion: the next request must then be admitted). */
    static void waitOut(long seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000 + 200);
    }

    @Nested
    class GuessesFromOneAddress {
        @Test
        void when50WrongPasswordsFromAddressAThenTheRightOneFromAddressBSignsInAtOnceWhileAStaysThrottled() {
            TestUsers.TestUser victim = TestUsers.create();
            Browser a = new Browser();
            int refused = 0;
            int throttled = 0;
            for (int i = 0; i < 50; i++) {
                Response r = signIn(a, victim.username(), "wrong-password-" + i);
                if (r.statusCode() == 401) {
                    refused++;
                } else {
                    retryAfter(r);
                    throttled++;
                }
            }
            assertEquals(4, refused, "three free failures, then the fourth starts the delay");
            assertEquals(46, throttled);

            Browser b = new Browser();
            assertTrue(signedIn(b, signIn(b, victim.username(), TestUsers.PASSWORD)), "the owner at B is not locked out");

            Response stillA = signIn(a, victim.username(), TestUsers.PASSWORD);
            long left = retryAfter(stillA);
            assertTrue(left > PAIR_DELAY_SECONDS - 120 && left <= PAIR_DELAY_SECONDS, "A waits its own delay: " + left);
            assertNull(a.cookies().get("portcullis_session"), "not even the right password passes at A");
        }

        @Test
        void whenThrottledThenThePageStatesTheTimeActuallyLeft() {
            TestUsers.TestUser victim = TestUsers.create();
            Browser a = new Browser();
            for (int i = 0; i < 4; i++) {
                assertEquals(401, signIn(a, victim.username(), "wrong-password").statusCode());
            }

            Response page = signIn(a, victim.username(), "wrong-password");

            long minutes = (retryAfter(page) + 59) / 60;
            String alert = Jsoup.parse(page.asString()).selectFirst("[role=alert]").text();
            assertTrue(alert.contains(" " + minutes + " "), alert + " states " + minutes + " minutes");
        }

        @Test
        void whenTheRightPasswordSignsInThenItsAddressStartsAfresh() {
            TestUsers.TestUser user = TestUsers.create();
            Browser browser = new Browser();
            for (int i = 0; i < 3; i++) {
                assertEquals(401, signIn(browser, user.username(), "typo-" + i).statusCode());
            }
            assertTrue(signedIn(browser, signIn(browser, user.username(), TestUsers.PASSWORD)));

            Browser again = new Browser(browser.address());
            for (int i = 0; i < 4; i++) {
                assertEquals(401, signIn(again, user.username(), "typo-" + i).statusCode(), "free failures again");
            }
        }
    }

    @Nested
    class AccountWideCeiling {
        @Test
        void whenGuessesComeFromManyAddressesThenANewAddressWaitsSecondsAndAKnownOneNotAtAll() throws Exception {
            TestUsers.TestUser owner = TestUsers.create();
            Browser home = new Browser();
            assertTrue(signedIn(home, signIn(home, owner.username(), TestUsers.PASSWORD)));
            for (int i = 0; i < 6; i++) {
                Browser guesser = new Browser();
                assertEquals(401, signIn(guesser, owner.username(), "guess-" + i).statusCode());
            }

            Browser travelling = new Browser();
            long left = retryAfter(signIn(travelling, owner.username(), TestUsers.PASSWORD));
            assertTrue(left >= 1 && left <= ACCOUNT_AND_ADDRESS_CEILING_SECONDS, "seconds, never the window: " + left);

            Browser homeAgain = new Browser(home.address());
            assertTrue(signedIn(homeAgain, signIn(homeAgain, owner.username(), TestUsers.PASSWORD)),
                    "an address the owner signed in from is not slowed by the ceiling");

            waitOut(left);
            assertTrue(signedIn(travelling, signIn(travelling, owner.username(), TestUsers.PASSWORD)),
                    "the owner at a new address signs in once the stated delay is over");
        }
    }

    @Nested
    class OfficeBehindOneAddress {
        @Test
        void whenSeveralAccountsFailFromOneAddressThenAnotherAccountsRightPasswordThereWaitsSecondsNotTheWindow() throws Exception {
            String office = Browser.randomAddress();
            Browser regular = new Browser(office);
            TestUsers.TestUser regularUser = TestUsers.create();
            assertTrue(signedIn(regular, signIn(regular, regularUser.username(), TestUsers.PASSWORD)));
            for (int account = 0; account < 3; account++) {
                TestUsers.TestUser target = TestUsers.create();
                for (int i = 0; i < 3; i++) {
                    assertEquals(401, signIn(new Browser(office), target.username(), "guess-" + i).statusCode());
                }
            }

            TestUsers.TestUser colleague = TestUsers.create();
            Browser newcomer = new Browser(office);
            long left = retryAfter(signIn(newcomer, colleague.username(), TestUsers.PASSWORD));
            assertTrue(left >= 1 && left <= ACCOUNT_AND_ADDRESS_CEILING_SECONDS && left < WINDOW_SECONDS,
                    "the address is slowed for seconds: " + left);

            Browser regularAgain = new Browser(office);
            assertTrue(signedIn(regularAgain, signIn(regularAgain, regularUser.username(), TestUsers.PASSWORD)),
                    "someone who signed in from the office before is not slowed by the others' failures");
            Browser elsewhere = new Browser();
            assertTrue(signedIn(elsewhere, signIn(elsewhere, TestUsers.create().username(), TestUsers.PASSWORD)));

            waitOut(left);
            assertTrue(signedIn(newcomer, signIn(newcomer, colleague.username(), TestUsers.PASSWORD)),
                    "the colleague's right password passes once the stated delay is over");
        }
    }
}
