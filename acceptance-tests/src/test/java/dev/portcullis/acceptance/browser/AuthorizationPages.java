package dev.portcullis.acceptance.browser;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The issuer's login and consent pages as a person sees them: a form with a password field, and
 * a form with an allow / deny choice. Elements are found by what they are (a password input, a
 * submit button labelled "Allow"), not by ids, so the test reads like a person's actions.
 */
public final class AuthorizationPages {
    private static final Pattern APPROVE = Pattern.compile("allow|approve|accept|grant|authori[sz]e|continue|yes",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGN_OUT = Pattern.compile("sign ?out|log ?out|yes|continue|confirm",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DENY = Pattern.compile("deny|decline|cancel|reject|no\\b", Pattern.CASE_INSENSITIVE);
    private static final By PASSWORD = By.cssSelector("input[type=password]");
    private static final By USERNAME = By.cssSelector(
            "input[name=username], input[autocomplete=username], input[type=email], input[type=text]");
    private static final By SUBMITS = By.cssSelector("button, input[type=submit]");

    /** What the browser shows after a step of the authorization flow. */
    public enum Page { LOGIN, CONSENT, REDIRECTED, OTHER }

    private final Browser browser;

    public AuthorizationPages(Browser browser) {
        this.browser = browser;
    }

    /**
     * Waits until the browser shows the login page, the consent page, or has left for
     * {@code redirectPrefix}, and says which.
     */
    public Page await(String redirectPrefix) {
        Page[] seen = new Page[1];
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> {
            seen[0] = current(redirectPrefix);
            return seen[0] != Page.OTHER || "complete".equals(
                    ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState"));
        });
        return seen[0];
    }

    public Page current(String redirectPrefix) {
        if (redirectPrefix != null && browser.driver().getCurrentUrl().startsWith(redirectPrefix)) {
            return Page.REDIRECTED;
        }
        if (!browser.find(PASSWORD).isEmpty()) {
            return Page.LOGIN;
        }
        if (button(APPROVE).isPresent()) {
            return Page.CONSENT;
        }
        return Page.OTHER;
    }

    /** Types the username and password and submits the login form, as a person would. */
    public void signIn(String username, String password) {
        WebElement passwordField = browser.driver().findElement(PASSWORD);
        List<WebElement> names = browser.find(USERNAME);
        if (names.isEmpty()) {
            throw new AssertionError("The login page has no username field:\n" + browser.text());
        }
        names.get(0).clear();
        names.get(0).sendKeys(username);
        passwordField.clear();
        passwordField.sendKeys(password);
        leavePageWith(passwordField::submit);
    }

    /** Clicks the consent page's allow button. */
    public void approve() {
        WebElement allow = button(APPROVE).orElseThrow(() -> new AssertionError("No allow button on:\n" + browser.text()));
        leavePageWith(allow::click);
    }

    /** Confirms a "sign out?" page (OIDC RP-Initiated Logout §2 lets the OP ask). */
    public void confirmSignOut() {
        WebElement signOut = button(SIGN_OUT).orElseThrow(() -> new AssertionError("No sign-out button on:\n" + browser.text()));
        leavePageWith(signOut::click);
    }

    /** Clicks the consent page's deny button. */
    public void deny() {
        WebElement deny = button(DENY).orElseThrow(() -> new AssertionError("No deny button on:\n" + browser.text()));
        leavePageWith(deny::click);
    }

    /**
     * Submits and waits until the browser has left the current document, so the next look at the
     * page never sees the page that was just submitted.
     */
    private void leavePageWith(Runnable submit) {
        WebElement document = browser.driver().findElement(By.tagName("html"));
        submit.run();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(document));
    }

    private Optional<WebElement> button(Pattern label) {
        return browser.find(SUBMITS).stream().filter(WebElement::isDisplayed).filter(b -> {
            String text = (b.getText() + " " + attribute(b, "value") + " " + attribute(b, "name")).toLowerCase(Locale.ROOT);
            return label.matcher(text).find();
        }).findFirst();
    }

    private static String attribute(WebElement element, String name) {
        String value = element.getDomAttribute(name);
        return value == null ? "" : value;
    }
}
