package dev.portcullis.authorize.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * A browser for tests: keeps cookies, never follows redirects by itself, reads forms from pages,
 * and comes from its own client address (X-Forwarded-For through the trusted local proxy) so
 * per-address login limits of one test do not affect another.
 */
public final class Browser {
    private final Map<String, String> cookies = new HashMap<>();
    private final String address;

    /** A browser at an address of its own. */
    public Browser() {
        this(randomAddress());
    }

    /** A browser at {@code address}, e.g. a second person behind the same NAT address. */
    public Browser(String address) {
        this.address = address;
    }

    public static String randomAddress() {
        return "10." + ThreadLocalRandom.current().nextInt(256) + "."
                + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public String address() {
        return address;
    }

    /** GET of a path or of an absolute URL of the issuer (mapped onto the test server). */
    public Response get(String pathOrUrl) {
        return keep(spec().get(local(pathOrUrl)));
    }

    public Response post(String path, Map<String, String> form) {
        return postPairs(path, form.entrySet().stream().toList());
    }

    private Response postPairs(String path, java.util.List<Map.Entry<String, String>> form) {
        StringBuilder body = new StringBuilder();
        form.forEach(e -> body.append(body.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)));
        return keep(spec().contentType("application/x-www-form-urlencoded; charset=UTF-8").body(body.toString()).post(local(path)));
    }

    /**
     * Submits the page's first form with {@code overrides} (e.g. username, password, decision),
     * like a browser: every field in page order, a name that appears twice sent twice.
     */
    public Response submit(Response page, Map<String, String> overrides) {
        org.jsoup.nodes.Document doc = Jsoup.parse(page.asString());
        org.jsoup.nodes.Element form = doc.selectFirst("form");
        java.util.List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
        for (org.jsoup.nodes.Element input : form.select("input")) {
            if (!overrides.containsKey(input.attr("name"))) {
                fields.add(Map.entry(input.attr("name"), input.attr("value")));
            }
        }
        fields.addAll(overrides.entrySet());
        return postPairs("/" + form.attr("action"), fields);
    }

    private RequestSpecification spec() {
        return given().urlEncodingEnabled(false).redirects().follow(false).cookies(cookies).header("X-Forwarded-For", address);
    }

    private Response keep(Response r) {
        r.getDetailedCookies().forEach(c -> {
            if (c.getMaxAge() == 0) {
                cookies.remove(c.getName());
            } else {
                cookies.put(c.getName(), c.getValue());
            }
        });
        return r;
    }

    private static String local(String pathOrUrl) {
        if (pathOrUrl.startsWith("http://localhost:8080")) {
            return pathOrUrl.substring("http://localhost:8080".length());
        }
        return pathOrUrl;
    }

    /** The query (or fragment) parameters of a redirect's Location. */
    public static Map<String, String> parameters(String location, boolean fragment) {
        URI uri = URI.create(location);
        String raw = fragment ? uri.getRawFragment() : uri.getRawQuery();
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        Matcher m = Pattern.compile("([^&=]+)=([^&]*)").matcher(raw);
        while (m.find()) {
            out.put(decode(m.group(1)), decode(m.group(2)));
        }
        return out;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
