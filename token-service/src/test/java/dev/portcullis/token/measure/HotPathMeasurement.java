package dev.portcullis.token.measure;

import static io.restassured.RestAssured.given;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.AuthorizationCodes;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire's default includes do not match it): prints Redis commands and this JVM's
 * CPU per code exchange and per refresh. Run it against a Redis of its own, so that nothing else
 * moves INFO commandstats:
 * <pre>
 * redis-server --port 6399 --save '' --appendonly no --daemonize yes
 * mvn -o -pl token-service test -Dtest=HotPathMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dquarkus.redis.hosts=redis://127.0.0.1:6399 [-Dmeasure.n=300]
 * </pre>
 * CPU is the whole test JVM (token-service plus a plain java.net.http client, the same in every
 * mode) and, separately, the authorize-service process started for the test (GetClaims).
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "authorize-service"),
        @ResourceArg(name = "grpc-client", value = "user-directory"),
        // Every test run signs in from 127.0.0.1 against one shared Redis: no per-address ceiling.
        @ResourceArg(name = "-Doauth.authorize.login-throttle.address.free-failures", value = "100000"),
        @ResourceArg(name = "url-property", value = "test.authorize.url")})
class HotPathMeasurement {
    static final String REDIRECT = "https://app.example.com/cb";
    static final int N = Integer.getInteger("measure.n", 300);

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL self;

    @Test
    void measure() {
        Registered client = RegisteredClients.create("measure", """
                "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                "redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_basic",
                "scope":"openid profile email api","rotate_refresh_tokens":true""".formatted(REDIRECT));
        String sub = user();
        for (int round = 1; round <= Integer.getInteger("measure.rounds", 5); round++) {
            exchange(client, sub, false, round);
            exchange(client, sub, true, round);
            refresh(client, sub, round);
        }
    }

    /** Code exchanges (scope openid, so an ID token), with or without claims carried in the record. */
    void exchange(Registered client, String sub, boolean claimsInRecord, int round) {
        FieldDescriptor claimsField = AuthorizationCodeRecord.getDescriptor().findFieldByName("claims_json");
        if (claimsInRecord && claimsField == null) {
            return;
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < N + 20; i++) {
            AuthorizationCodeRecord.Builder r = AuthorizationCodes.record(client.id(), REDIRECT, "openid profile email api")
                    .setSubject(sub);
            if (claimsInRecord) {
                r.setField(claimsField, "{\"sub\":\"" + sub + "\",\"name\":\"Test User\",\"email\":\"m@example.com\","
                        + "\"email_verified\":true}");
            }
            codes.add(AuthorizationCodes.store(redis, r.build()));
        }
        for (int i = 0; i < 20; i++) {
            redeem(client, codes.get(N + i));
        }
        Map<String, Long> before = commandStats();
        long[] cpu = cpuNanos();
        for (int i = 0; i < N; i++) {
            redeem(client, codes.get(i));
        }
        report("code exchange, claims " + (claimsInRecord ? "in the record" : "from UserDirectory"), round, before, cpu);
    }

    void refresh(Registered client, String sub, int round) {
        String token = redeem(client, AuthorizationCodes.store(redis,
                AuthorizationCodes.record(client.id(), REDIRECT, "api").setSubject(sub).build()));
        for (int i = 0; i < 20; i++) {
            token = refreshOnce(client, token);
        }
        Map<String, Long> before = commandStats();
        long[] cpu = cpuNanos();
        for (int i = 0; i < N; i++) {
            token = refreshOnce(client, token);
        }
        report("refresh with rotation", round, before, cpu);
    }

    String redeem(Registered client, String code) {
        return post(client, "grant_type=authorization_code&code=" + code + "&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&code_verifier=" + AuthorizationCodes.VERIFIER);
    }

    String refreshOnce(Registered client, String token) {
        return post(client, "grant_type=refresh_token&refresh_token=" + token);
    }

    /** POST /token; answers the refresh token of the 200 response. */
    String post(Registered client, String form) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(self + "token"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            Matcher m = REFRESH_TOKEN.matcher(r.body());
            return m.find() ? m.group(1) : null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void report(String what, int round, Map<String, Long> before, long[] cpuBefore) {
        long[] cpuAfter = cpuNanos();
        double cpuMs = (cpuAfter[0] - cpuBefore[0]) / 1e6 / N;
        double authorizeMs = (cpuAfter[1] - cpuBefore[1]) / 1e6 / N;
        Map<String, Long> after = commandStats();
        StringBuilder perCommand = new StringBuilder();
        long total = 0;
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0 && !e.getKey().equals("info")) {
                perCommand.append(' ').append(e.getKey()).append('=').append(String.format("%.2f", (double) d / N));
                total += d;
            }
        }
        System.out.printf("MEASURE round %d | %s | %d requests | Redis commands/request %.2f (%s ) | CPU ms/request:"
                + " token-service JVM with client %.2f, authorize-service %.2f%n",
                round, what, N, (double) total / N, perCommand, cpuMs, authorizeMs);
    }

    Map<String, Long> commandStats() {
        Map<String, Long> calls = new TreeMap<>();
        String info = redis.execute("INFO", "commandstats").toString();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + 6);
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    /** CPU nanoseconds of this JVM and of the authorize-service process it started. */
    static long[] cpuNanos() {
        long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long authorize = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("authorize-service"))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return new long[] {self, authorize};
    }

    static String user() {
        String username = RegisteredClients.uniqueId("measure");
        return given().baseUri(ConfigProvider.getConfig().getValue("test.authorize.url", String.class))
                .header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body("""
                        {"username":"%s","password":"correct horse battery staple","email":"m@example.com",
                         "name":"Test User","email_verified":true}""".formatted(username))
                .post("/admin/users").then().statusCode(201).extract().path("sub");
    }
}
