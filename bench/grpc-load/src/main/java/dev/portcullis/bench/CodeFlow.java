package dev.portcullis.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636 S256): the
 * browser's part, from {@code GET /authorize} through sign-in and consent to the redirect that
 * carries the code, and the confidential client's part, the code redeemed at the token endpoint
 * with Basic authentication. Settings come from the command line ({@code --base},
 * {@code --authorize-path}, {@code --token-path}, {@code --client-id}, {@code --client-secret},
 * {@code --redirect-uri}, {@code --scope}).
 */
final class CodeFlow {
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&#]+)");
    private static final int MAX_STEPS = 10;

    private final SecureRandom random = new SecureRandom();
    private final HttpClient http;
    private final LongAdder requests;
    private final String authorizeUrl;
    private final String tokenUrl;
    private final String clientId;
    private final String basic;
    private final String redirectUri;
    private final String scope;

    /** {@code requests} counts every HTTP request, the browser's and the client's. */
    CodeFlow(LoadArgs args, HttpClient http, LongAdder requests) {
        this.http = http;
        this.requests = requests;
        String base = args.get("base");
        this.authorizeUrl = base + args.get("authorize-path");
        this.tokenUrl = base + args.get("token-path");
        this.clientId = args.get("client-id");
        this.basic = "Basic " + Base64.getEncoder().encodeToString(
            (enc(clientId) + ":" + enc(args.get("client-secret"))).getBytes(StandardCharsets.UTF_8));
        this.redirectUri = args.get("redirect-uri");
        this.scope = args.get("scope", "openid");
    }

    /** A fresh browser, with no cookies yet. */
    Browser newBrowser() {
        return new Browser(http, requests);
    }

    /** A PKCE code verifier (RFC 7636 §4.1): 32 random bytes, base64url. */
    String newVerifier() {
        return randomToken(32);
    }

    /**
     * Drives {@code browser} until the redirect URI receives a code, and answers the code. Follows
     * redirects; on a page with a password field signs in as {@code user} (once: a second sign-in
     * form means the password was refused); on any other page presses the approving button.
     * With a null {@code user} the browser must already be signed in and have consented.
     */
    String authorize(Browser browser, String verifier, String user, String password) throws Exception {
        String url = authorizeUrl + "?response_type=code&client_id=" + enc(clientId)
            + "&redirect_uri=" + enc(redirectUri) + "&scope=" + enc(scope)
            + "&state=" + randomToken(12) + "&nonce=" + randomToken(12)
            + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(url)).GET());
        boolean loggedIn = false;
        for (int step = 0; step < MAX_STEPS; step++) {
            int status = response.statusCode();
            if (status == 302 || status == 303 || status == 307) {
                String location = response.headers().firstValue("location").orElseThrow();
                URI next = URI.create(url).resolve(location);
                if (next.toString().startsWith(redirectUri)) {
                    Matcher m = CODE.matcher(next.toString());
                    if (!m.find()) {
                        throw new IllegalStateException("redirect without code: " + withoutQuery(next.toString()));
                    }
                    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                }
                url = next.toString();
                response = browser.send(HttpRequest.newBuilder(next).GET());
            } else if (status == 200 && user != null) {
                String page = url;
                HtmlForm form = HtmlForm.first(response.body(), url)
                    .orElseThrow(() -> new IllegalStateException("page without a form at " + withoutQuery(page)));
                if (form.hasPassword()) {
                    if (loggedIn) {
                        throw new IllegalStateException("login form again: wrong password?");
                    }
                    form.signIn(user, password);
                    loggedIn = true;
                } else {
                    form.pressApprove();
                }
                url = form.action();
                response = browser.send(HttpRequest.newBuilder(URI.create(form.action()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.encoded())));
            } else {
                throw new IllegalStateException("authorize step answered " + status + " at " + withoutQuery(url));
            }
        }
        throw new IllegalStateException("no code after " + MAX_STEPS + " steps");
    }

    /** Redeems {@code code} with its verifier (RFC 6749 §4.1.3); answers the token response's JSON. */
    String redeem(String code, String verifier) throws Exception {
        String body = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri)
            + "&code_verifier=" + verifier;
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
            .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        requests.increment();
        if (response.statusCode() != 200 || !response.body().contains("\"access_token\"")) {
            throw new IllegalStateException("token answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A URL for an error message: codes, states and the like stay out of logs. */
    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
