package dev.portcullis.deploy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Maven modules whose code ships, the Java packages each one owns (CONTRIBUTING "Modules and
 * ports") and which of the others its main code may use (DESIGN "Services" and "One owner per
 * piece of state"): the contracts use nothing of ours, the rules and the clients only the
 * contracts, each service the contracts, the rules and the clients and never another service.
 * client-registry-service owns the client records that the clients module authenticates and
 * caches, so it never uses that module; it uses the rules for one reason: its admin API
 * checks admin access tokens with the one RFC 9068 verifier and admin access rule
 * ({@code dev.portcullis.rules.accesstoken}, {@code dev.portcullis.rules.admin}) that every service
 * uses, rather than a copy of its own (DESIGN "One home per rule"). {@code test-support} is for tests only
 * (test scope in the root pom), so no main code here uses it.
 */
enum PortcullisModule {
    PROTO("proto", "dev.portcullis.proto", "dev.portcullis.contract"),
    RULES("rules", "dev.portcullis.rules"),
    CLIENTS("clients", "dev.portcullis.clients"),
    TEST_SUPPORT("test-support", "dev.portcullis.testing"),
    CLIENT_REGISTRY("client-registry-service", "dev.portcullis.registry"),
    AUTHORIZE("authorize-service", "dev.portcullis.authorize"),
    TOKEN("token-service", "dev.portcullis.token"),
    REVOCATION("revocation-service", "dev.portcullis.revocation");

    private final String directory;
    private final List<String> packages;

    PortcullisModule(String directory, String... packages) {
        this.directory = directory;
        this.packages = List.of(packages);
    }

    /** The package every other package of the module is below. */
    String rootPackage() {
        return packages.get(0);
    }

    /** The module's directory and Maven artifactId. */
    String directory() {
        return directory;
    }

    /** The modules this one's main code may use, besides itself. */
    Set<PortcullisModule> mayUse() {
        return switch (this) {
            case PROTO -> EnumSet.noneOf(PortcullisModule.class);
            case RULES, CLIENTS, TEST_SUPPORT -> EnumSet.of(PROTO);
            // client-registry-service uses the rules for the admin token check (see above).
            case CLIENT_REGISTRY -> EnumSet.of(PROTO, RULES);
            case AUTHORIZE, TOKEN, REVOCATION -> EnumSet.of(PROTO, RULES, CLIENTS);
        };
    }

    boolean isService() {
        return directory.endsWith("-service");
    }

    /** True when {@code javaPackage} is one of this module's packages or below one. */
    boolean owns(String javaPackage) {
        return packages.stream().anyMatch(p -> javaPackage.equals(p) || javaPackage.startsWith(p + "."));
    }

    /** The module owning {@code javaPackage}, if it is one of ours. */
    static Optional<PortcullisModule> owning(String javaPackage) {
        return EnumSet.allOf(PortcullisModule.class).stream().filter(m -> m.owns(javaPackage)).findFirst();
    }

    /** The module whose directory (and artifactId) is {@code directory}. */
    static PortcullisModule valueOfDirectory(String directory) {
        return EnumSet.allOf(PortcullisModule.class).stream().filter(m -> m.directory.equals(directory)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No module " + directory));
    }

    /** {@code <module>/target/classes}: what the build compiled from {@code src/main/java}. */
    Path compiledClasses() {
        return SourceTree.root().resolve(directory).resolve("target/classes");
    }

    @Override
    public String toString() {
        return directory;
    }
}
