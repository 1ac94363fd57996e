package dev.portcullis.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts another service of the suite for a {@code @QuarkusTest} and points a gRPC client and
 * a URL property at it. Use with
 * {@code @WithTestResource(value = ServiceTestResource.class, initArgs = {
 *   @ResourceArg(name = "module", value = "client-registry-service"),
 *   @ResourceArg(name = "grpc-client", value = "client-registry")})}.
 *
 * <p>Init args: {@code module} (required); {@code grpc-client} (a gRPC client name to point at
 * it); {@code url-property} (a property to set to its base URL); any arg starting with
 * {@code -D} is passed to the service as a system property ({@code -Dname} = value).
 */
public final class ServiceTestResource implements QuarkusTestResourceLifecycleManager {
    private final Map<String, String> args = new HashMap<>();
    private ServiceProcess service;

    @Override
    public void init(Map<String, String> initArgs) {
        args.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new HashMap<>();
        args.forEach((k, v) -> {
            if (k.startsWith("-D")) {
                props.put(k.substring(2), v);
            }
        });
        service = ServiceProcess.start(args.get("module"), props);
        Map<String, String> config = new HashMap<>();
        String grpc = args.get("grpc-client");
        if (grpc != null) {
            for (String name : grpc.split(",")) {
                config.put("quarkus.grpc.clients." + name + ".host", "127.0.0.1");
                config.put("quarkus.grpc.clients." + name + ".port", String.valueOf(service.port()));
                config.put("quarkus.grpc.clients." + name + ".test-port", String.valueOf(service.port()));
            }
        }
        String urlProperty = args.get("url-property");
        if (urlProperty != null) {
            config.put(urlProperty, service.url());
        }
        return config;
    }

    @Override
    public void stop() {
        if (service != null) {
            service.close();
        }
    }
}
