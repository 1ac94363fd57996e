package dev.portcullis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code CodeFlowLoad --mode prime}: logs each user of {@code --users} in once through the real
 * sign-in and consent pages, writes that browser's {@code Cookie} header to {@code --cookies-out}
 * (for {@code lua/code_flow.lua}) and {@code --refresh-per-user} refresh tokens, minted with that
 * session, to {@code --refresh-out} (for {@code lua/refresh.lua}), so nothing the wrk scenarios
 * send is forged.
 */
final class SessionPriming {
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    private final CodeFlow flow;

    SessionPriming(CodeFlow flow) {
        this.flow = flow;
    }

    void run(LoadArgs args) throws Exception {
        List<String> cookieLines = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        int perUser = args.integer("refresh-per-user", 1);
        for (String line : Files.readAllLines(Path.of(args.get("users")))) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            Browser browser = flow.newBrowser();
            for (int i = 0; i < perUser; i++) {
                String verifier = flow.newVerifier();
                String code = i == 0
                    ? flow.authorize(browser, verifier, line.substring(0, colon), line.substring(colon + 1).trim())
                    : flow.authorize(browser, verifier, null, null);
                Matcher m = REFRESH_TOKEN.matcher(flow.redeem(code, verifier));
                if (m.find()) {
                    refreshTokens.add(m.group(1));
                }
            }
            cookieLines.add(browser.cookieHeader());
        }
        Files.write(Path.of(args.get("cookies-out")), cookieLines);
        Files.write(Path.of(args.get("refresh-out")), refreshTokens);
        System.out.println("{\"sessions\":" + cookieLines.size() + ",\"refresh_tokens\":" + refreshTokens.size() + "}");
    }
}
