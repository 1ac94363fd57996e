package dev.portcullis.deploy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four services and who calls whom (DESIGN "Services", CONTRIBUTING "Modules and ports"):
 * the expectation every manifest is checked against.
 */
enum PortcullisService {
    AUTHORIZE("authorize-service", true, "/authorize", "/login", "/consent", "/logout", "/userinfo", "/device", "/assets"),
    TOKEN("token-service", true, "/token", "/jwks", "/.well-known"),
    REVOCATION("revocation-service", false, "/revoke", "/introspect"),
    CLIENT_REGISTRY("client-registry-service", true, "/register");

    private static final Pattern GRPC_CLIENT_HOST = Pattern.compile("quarkus\\.grpc\\.clients\\.([a-z0-9-]+)\\.host");

    private final String module;
    private final boolean ownsDatabase;
    private final List<String> publicPaths;

    PortcullisService(String module, boolean ownsDatabase, String... publicPaths) {
        this.module = module;
        this.ownsDatabase = ownsDatabase;
        this.publicPaths = List.of(publicPaths);
    }

    /** The Maven module, the Deployment, the Service and the {@code app.kubernetes.io/name} label. */
    String module() {
        return module;
    }

    boolean ownsDatabase() {
        return ownsDatabase;
    }

    /** Path prefixes the public gateway routes to this service (CONTRIBUTING "Issuer"). */
    List<String> publicPaths() {
        return publicPaths;
    }

    /** {@code quarkus.http.port} from the module's application.properties: HTTP and gRPC. */
    int port() {
        return Integer.parseInt(properties().getProperty("quarkus.http.port").trim());
    }

    Properties properties() {
        return SourceTree.applicationProperties(module);
    }

    /** The services this one calls (gRPC, or HTTP for the JWKS): the edges of the call graph. */
    Set<PortcullisService> callees() {
        return switch (this) {
            case AUTHORIZE -> EnumSet.of(CLIENT_REGISTRY, TOKEN);
            case TOKEN -> EnumSet.of(CLIENT_REGISTRY, AUTHORIZE);
            case REVOCATION -> EnumSet.of(CLIENT_REGISTRY, TOKEN);
            case CLIENT_REGISTRY -> EnumSet.noneOf(PortcullisService.class);
        };
    }

    /** The services that call this one. */
    Set<PortcullisService> callers() {
        Set<PortcullisService> callers = EnumSet.noneOf(PortcullisService.class);
        for (PortcullisService s : values()) {
            if (s.callees().contains(this)) {
                callers.add(s);
            }
        }
        return callers;
    }

    /**
     * The gRPC clients the module configures ({@code quarkus.grpc.clients.<name>.host}), each
     * with the service that serves it, by the gRPC service name of the contract.
     */
    Map<String, PortcullisService> grpcClients() {
        Map<String, PortcullisService> clients = new TreeMap<>();
        for (String key : properties().stringPropertyNames()) {
            Matcher m = GRPC_CLIENT_HOST.matcher(key);
            if (m.matches()) {
                clients.put(m.group(1), serverOf(m.group(1)));
            }
        }
        return clients;
    }

    /** Which service serves the gRPC client name used across the suite. */
    static PortcullisService serverOf(String grpcClient) {
        return switch (grpcClient) {
            case "client-registry" -> CLIENT_REGISTRY;
            case "user-directory" -> AUTHORIZE;
            case "token-issuer" -> TOKEN;
            case "token-introspection" -> REVOCATION;
            default -> throw new AssertionError("Unknown gRPC client name " + grpcClient
                    + ": add it to PortcullisService.serverOf and to the manifests");
        };
    }

    static PortcullisService byModule(String module) {
        return Arrays.stream(values()).filter(s -> s.module.equals(module)).findFirst()
                .orElseThrow(() -> new AssertionError("Not a Portcullis service: " + module));
    }
}
