package dev.portcullis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The public routes of the local gateway (the nginx configuration {@code deploy/local} writes):
 * each {@code location ... { proxy_pass http://<service>; }} as a sample path and the service it
 * reaches, so the Ingress can be held to the same routing table.
 */
final class LocalGatewayRoutes {
    private static final Pattern LOCATION = Pattern.compile(
            "location\\s+(=|\\^~|~)?\\s*(\\S+)\\s*\\{\\s*proxy_pass\\s+https?://([a-z_]+)\\s*;");
    private static final Pattern ALTERNATIVES = Pattern.compile("\\^/\\(([a-z|._-]+)\\)");
    private static final Pattern SINGLE = Pattern.compile("\\^(/[a-z._/-]+)\\(");

    private LocalGatewayRoutes() {
    }

    /** Sample path -> module, read from every shell script and nginx file under deploy/local; empty if none. */
    static Map<String, String> read() {
        Map<String, String> routes = new TreeMap<>();
        Path local = SourceTree.deploy().resolve("local");
        if (!Files.isDirectory(local)) {
            return routes;
        }
        try (Stream<Path> files = Files.walk(local, 2)) {
            files.filter(f -> f.toString().matches(".*\\.(sh|conf|template)$")).forEach(f -> {
                Matcher m = LOCATION.matcher(SourceTree.read(f));
                while (m.find()) {
                    String module = m.group(3).replace('_', '-');
                    for (String path : samplePaths(m.group(1), m.group(2))) {
                        routes.put(path, module);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    private static java.util.List<String> samplePaths(String modifier, String pattern) {
        if (!"~".equals(modifier)) {
            return java.util.List.of(pattern.endsWith("/") ? pattern + "openid-configuration" : pattern);
        }
        Matcher alternatives = ALTERNATIVES.matcher(pattern);
        if (alternatives.find()) {
            return Stream.of(alternatives.group(1).split("\\|")).map(a -> "/" + a).toList();
        }
        Matcher single = SINGLE.matcher(pattern);
        if (single.find()) {
            return java.util.List.of(single.group(1));
        }
        throw new AssertionError("Cannot read the nginx location " + pattern + ": teach LocalGatewayRoutes its form");
    }
}
