package dev.portcullis.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One browser of the code flow: a cookie jar sent with every request and updated from every
 * {@code Set-Cookie} (a cookie with {@code Max-Age=0} or an empty value is dropped). Redirects
 * are not followed here: the flow follows them itself, to see the one that carries the code.
 */
final class Browser {
    private final HttpClient http;
    private final LongAdder requests;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** {@code requests} counts every HTTP request sent. */
    Browser(HttpClient http, LongAdder requests) {
        this.http = http;
        this.requests = requests;
    }

    /** An HTTP/1.1 client that never follows redirects, as the flow needs. */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookieHeader());
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        requests.increment();
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
        return response;
    }

    /** The {@code Cookie} header this browser sends now, e.g. for wrk to replay the session. */
    String cookieHeader() {
        StringBuilder header = new StringBuilder();
        for (Map.Entry<String, String> c : cookies.entrySet()) {
            if (header.length() > 0) {
                header.append("; ");
            }
            header.append(c.getKey()).append('=').append(c.getValue());
        }
        return header.toString();
    }
}
