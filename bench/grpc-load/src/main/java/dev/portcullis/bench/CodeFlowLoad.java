package dev.portcullis.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) as a browser and a
 * confidential client do it, closed loop, one virtual user per {@code --concurrency} slot.
 * <ul>
 *   <li>{@code --mode login}: a fresh browser each time: {@code GET /authorize}, follow
 *       redirects, fill the form that has a password field with the slot's user from
 *       {@code --users} ({@code username:password} lines), submit any consent form that follows,
 *       then redeem the code.</li>
 *   <li>{@code --mode prime}: logs each user in once and writes the session cookies (and
 *       refresh tokens) for the wrk scenarios ({@code lua/code_flow.lua}, {@code lua/refresh.lua}).</li>
 * </ul>
 * Latency is per whole flow; requests counts every HTTP request. Anything unexpected counts
 * as bad and the slot starts a new flow.
 */
public final class CodeFlowLoad {
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_:-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern INPUT = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&#]+)");
    private static final Pattern APPROVE = Pattern.compile("accept|allow|approve|yes|grant|consent", Pattern.CASE_INSENSITIVE);

    private final SecureRandom random = new SecureRandom();
    private final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder flows = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stopping;
    private volatile long measureStart;
    private volatile String lastProblem = "";

    private HttpClient http;
    private String base;
    private String authorizeUrl;
    private String tokenUrl;
    private String clientId;
    private String basic;
    private String redirectUri;
    private String scope;

    public static void main(String[] argv) throws Exception {
        new CodeFlowLoad().run(new LoadArgs(argv));
    }

    private void run(LoadArgs args) throws Exception {
        base = args.get("base");
        authorizeUrl = base + args.get("authorize-path");
        tokenUrl = base + args.get("token-path");
        clientId = args.get("client-id");
        basic = "Basic " + Base64.getEncoder().encodeToString(
            (enc(clientId) + ":" + enc(args.get("client-secret"))).getBytes(StandardCharsets.UTF_8));
        redirectUri = args.get("redirect-uri");
        scope = args.get("scope", "openid");
        if ("prime".equals(args.get("mode"))) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
            prime(args);
            return;
        }
        if (!"login".equals(args.get("mode"))) {
            throw new IllegalArgumentException("--mode must be login or prime, not " + args.get("mode"));
        }
        List<String> slotsData = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args.get("users")))) {
            if (!line.isBlank()) {
                slotsData.add(line.trim());
            }
        }
        int concurrency = args.integer("concurrency", 16);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        ProcessCpu cpu = new ProcessCpu(args.get("pids", ""));
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < concurrency; s++) {
            String data = slotsData.get(s % slotsData.size());
            Thread t = new Thread(() -> slot(data), "vu-" + s);
            t.start();
            threads.add(t);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("warmup", 3)));
        long[] cpuBefore = cpu.snapshot();
        long requestsBefore = requests.sum();
        long flowsBefore = flows.sum();
        long badBefore = bad.sum();
        measureStart = System.nanoTime();
        measuring = true;
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("duration", 12)));
        measuring = false;
        long measureEnd = System.nanoTime();
        long[] cpuAfter = cpu.snapshot();
        long requestsDone = requests.sum() - requestsBefore;
        long flowsDone = flows.sum() - flowsBefore;
        long badDone = bad.sum() - badBefore;
        stopping = true;
        for (Thread t : threads) {
            t.join(20_000);
        }
        if (badDone > 0) {
            System.err.println("last problem: " + lastProblem);
        }
        System.out.println(new LoadResult(requestsDone, flowsDone, badDone, (measureEnd - measureStart) / 1e9,
            latency, ProcessCpu.secondsBetween(cpuBefore, cpuAfter)).json());
        System.exit(0);
    }

    /**
     * Logs each user of {@code --users} in once (consenting where asked), writes the session's
     * Cookie header to {@code --cookies-out} and {@code --refresh-per-user} refresh tokens,
     * minted with that session, to {@code --refresh-out}.
     */
    private void prime(LoadArgs args) throws Exception {
        List<String> cookieLines = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        int perUser = args.integer("refresh-per-user", 1);
        for (String line : Files.readAllLines(Path.of(args.get("users")))) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            Map<String, String> cookies = new LinkedHashMap<>();
            for (int i = 0; i < perUser; i++) {
                String verifier = randomToken(32);
                String code = i == 0
                    ? authorize(cookies, verifier, line.substring(0, colon), line.substring(colon + 1).trim())
                    : authorize(cookies, verifier, null, null);
                Matcher m = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"").matcher(redeem(code, verifier));
                if (m.find()) {
                    refreshTokens.add(m.group(1));
                }
            }
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() > 0 ? "; " : "").append(k).append('=').append(v));
            cookieLines.add(header.toString());
        }
        Files.write(Path.of(args.get("cookies-out")), cookieLines);
        Files.write(Path.of(args.get("refresh-out")), refreshTokens);
        System.out.println("{\"sessions\":" + cookieLines.size() + ",\"refresh_tokens\":" + refreshTokens.size() + "}");
    }

    private void slot(String userLine) {
        int colon = userLine.indexOf(':');
        String user = userLine.substring(0, colon);
        String password = userLine.substring(colon + 1);
        while (!stopping) {
            long start = System.nanoTime();
            Map<String, String> cookies = new LinkedHashMap<>();
            try {
                String verifier = randomToken(32);
                String code = authorize(cookies, verifier, user, password);
                redeem(code, verifier);
                flows.increment();
                if (measuring && start >= measureStart) {
                    latency.recordValue(System.nanoTime() - start);
                }
            } catch (Exception e) {
                bad.increment();
                lastProblem = e.toString();
            }
        }
    }

    /** Drives the browser side until the redirect URI receives a code. */
    private String authorize(Map<String, String> cookies, String verifier, String user, String password) throws Exception {
        String url = authorizeUrl + "?response_type=code&client_id=" + enc(clientId)
            + "&redirect_uri=" + enc(redirectUri) + "&scope=" + enc(scope)
            + "&state=" + randomToken(12) + "&nonce=" + randomToken(12)
            + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET(), cookies);
        boolean loggedIn = false;
        for (int step = 0; step < 10; step++) {
            int status = response.statusCode();
            if (status == 302 || status == 303 || status == 307) {
                String location = response.headers().firstValue("location").orElseThrow();
                URI next = URI.create(url).resolve(location);
                if (next.toString().startsWith(redirectUri)) {
                    Matcher m = CODE.matcher(next.toString());
                    if (!m.find()) {
                        throw new IllegalStateException("redirect without code: " + strip(next.toString()));
                    }
                    return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                }
                url = next.toString();
                response = send(HttpRequest.newBuilder(next).GET(), cookies);
            } else if (status == 200 && user != null) {
                Form form = Form.first(response.body(), url);
                if (form.hasPassword()) {
                    if (loggedIn) {
                        throw new IllegalStateException("login form again: wrong password?");
                    }
                    form.fields.put(form.usernameField(), user);
                    form.fields.put(form.passwordField, password);
                    loggedIn = true;
                } else {
                    form.pressApprove();
                }
                url = form.action;
                response = send(HttpRequest.newBuilder(URI.create(form.action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.encoded())), cookies);
            } else {
                throw new IllegalStateException("authorize step answered " + status + " at " + strip(url));
            }
        }
        throw new IllegalStateException("no code after 10 steps");
    }

    private String redeem(String code, String verifier) throws Exception {
        String body = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri)
            + "&code_verifier=" + verifier;
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tokenUrl))
            .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)), null);
        if (response.statusCode() != 200 || !response.body().contains("\"access_token\"")) {
            throw new IllegalStateException("token answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies) throws Exception {
        if (cookies != null && !cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            for (Map.Entry<String, String> c : cookies.entrySet()) {
                if (header.length() > 0) {
                    header.append("; ");
                }
                header.append(c.getKey()).append('=').append(c.getValue());
            }
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        requests.increment();
        if (cookies != null) {
            for (String set : response.headers().allValues("set-cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    boolean expired = set.toLowerCase().contains("max-age=0") || value.isEmpty();
                    if (expired) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
            }
        }
        return response;
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

    private static String strip(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&#61;", "=").replace("&#x3D;", "=");
    }

    /** The first HTML form of a page: its action and fields (hidden inputs, named buttons). */
    private static final class Form {
        final String action;
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String[]> buttons = new ArrayList<>();
        String passwordField;
        String firstTextField;

        private Form(String action) {
            this.action = action;
        }

        static Form first(String html, String pageUrl) {
            Matcher f = FORM.matcher(html);
            if (!f.find()) {
                throw new IllegalStateException("page without a form at " + strip(pageUrl));
            }
            Map<String, String> formAttrs = attrs(f.group(1));
            String action = formAttrs.getOrDefault("action", pageUrl);
            Form form = new Form(URI.create(pageUrl).resolve(unescape(action)).toString());
            Matcher in = INPUT.matcher(f.group(2));
            while (in.find()) {
                Map<String, String> a = attrs(in.group(2));
                String name = a.get("name");
                if (name == null) {
                    continue;
                }
                String type = a.getOrDefault("type", in.group(1).equalsIgnoreCase("button") ? "submit" : "text").toLowerCase();
                String value = a.getOrDefault("value", "");
                switch (type) {
                    case "submit" -> form.buttons.add(new String[] {name, value});
                    case "password" -> form.passwordField = name;
                    case "checkbox", "radio" -> {
                        if (a.containsKey("checked")) {
                            form.fields.put(name, value.isEmpty() ? "on" : value);
                        }
                    }
                    default -> {
                        if ((type.equals("text") || type.equals("email")) && form.firstTextField == null) {
                            form.firstTextField = name;
                        }
                        form.fields.put(name, value);
                    }
                }
            }
            return form;
        }

        boolean hasPassword() {
            return passwordField != null;
        }

        String usernameField() {
            if (fields.containsKey("username")) {
                return "username";
            }
            if (firstTextField == null) {
                throw new IllegalStateException("login form without a user name field");
            }
            return firstTextField;
        }

        void pressApprove() {
            for (String[] b : buttons) {
                if (APPROVE.matcher(b[1]).find() || APPROVE.matcher(b[0]).find() && !b[1].matches("(?i)deny|no|cancel")) {
                    fields.put(b[0], b[1]);
                    return;
                }
            }
            if (buttons.size() == 1) {
                fields.put(buttons.get(0)[0], buttons.get(0)[1]);
            }
        }

        String encoded() {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(enc(e.getKey())).append('=').append(enc(unescape(e.getValue())));
            }
            return sb.toString();
        }

        private static Map<String, String> attrs(String s) {
            Map<String, String> a = new LinkedHashMap<>();
            Matcher m = ATTR.matcher(s);
            while (m.find()) {
                a.put(m.group(1).toLowerCase(), m.group(3) != null ? m.group(3) : m.group(4));
            }
            if (s.matches("(?s).*\\bchecked\\b.*")) {
                a.putIfAbsent("checked", "checked");
            }
            return a;
        }
    }
}
