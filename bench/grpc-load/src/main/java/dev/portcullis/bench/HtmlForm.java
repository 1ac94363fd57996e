package dev.portcullis.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first HTML form of a page, read the way a browser submits it: the action resolved against
 * the page, hidden and text inputs with their values, checked boxes, the password field and the
 * named buttons. Enough for the sign-in and consent pages of both servers, not a general parser.
 */
final class HtmlForm {
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_:-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern INPUT = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern APPROVE = Pattern.compile("accept|allow|approve|yes|grant|consent", Pattern.CASE_INSENSITIVE);

    private final String action;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<String[]> buttons = new ArrayList<>();
    private String passwordField;
    private String firstTextField;

    private HtmlForm(String action) {
        this.action = action;
    }

    /** The first form of {@code html}, empty when the page has none. */
    static Optional<HtmlForm> first(String html, String pageUrl) {
        Matcher f = FORM.matcher(html);
        if (!f.find()) {
            return Optional.empty();
        }
        Map<String, String> formAttrs = attrs(f.group(1));
        String action = formAttrs.getOrDefault("action", pageUrl);
        HtmlForm form = new HtmlForm(URI.create(pageUrl).resolve(unescape(action)).toString());
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
        return Optional.of(form);
    }

    String action() {
        return action;
    }

    boolean hasPassword() {
        return passwordField != null;
    }

    /** Fills the user name (the field named {@code username}, else the first text field) and the password. */
    void signIn(String user, String password) {
        String usernameField = fields.containsKey("username") ? "username" : firstTextField;
        if (usernameField == null) {
            throw new IllegalStateException("login form without a user name field");
        }
        fields.put(usernameField, user);
        fields.put(passwordField, password);
    }

    /** Presses the button that approves (by its value or name), or the only button there is. */
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

    /** The body of the form's submission, {@code application/x-www-form-urlencoded}. */
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

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&#61;", "=").replace("&#x3D;", "=");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
