package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The arrows between modules and between packages, read from what the build compiled (each
 * module's {@code target/classes}, by the JDK's jdeps) and from the module poms, so a shortcut
 * that the design rules out fails the build: a service reaching into another service's code, the
 * contracts or the rules reaching up into a service, client-registry-service on the rules beyond the
 * admin token check, or a
 * package arrow that runs back up inside a module. Runs in deploy-tests, the last module of the
 * reactor, when every other module is compiled.
 */
@DisplayName("One owner per piece of state, packages by role: every arrow between modules and packages runs one way")
class ModuleBoundariesTest {
    private static final Map<PortcullisModule, PackageGraph> GRAPHS = new EnumMap<>(PortcullisModule.class);
    /** The packages of the rules that client-registry-service may use: the admin token check. */
    private static final java.util.Set<String> CLIENT_REGISTRY_MAY_USE =
            java.util.Set.of("dev.portcullis.rules.admin", "dev.portcullis.rules.accesstoken");

    private static PackageGraph graph(PortcullisModule module) {
        return GRAPHS.computeIfAbsent(module, m -> PackageGraph.ofCompiledClasses(m.compiledClasses()));
    }

    @Nested
    @DisplayName("DESIGN \"One owner per piece of state\": a module uses only the modules below it")
    class OneOwnerPerPieceOfState {

        @ParameterizedTest(name = "{0}")
        @EnumSource(PortcullisModule.class)
        void whenCompiledThenTheModuleUsesNoPackageOfAModuleItMayNotUse(PortcullisModule module) {
            PackageGraph graph = graph(module);
            assertFalse(graph.packages().isEmpty(), module + " has no compiled classes in " + module.compiledClasses());
            List<String> refused = new ArrayList<>();
            graph.usedElsewhere().forEach((javaPackage, references) -> PortcullisModule.owning(javaPackage)
                    .filter(owner -> owner != module && !module.mayUse().contains(owner))
                    .ifPresent(owner -> refused.add(javaPackage + " of " + owner + " " + references + "\n      " + why(module, owner))));
            assertTrue(refused.isEmpty(), module + " (may use " + module.mayUse() + ") uses:\n    " + String.join("\n    ", refused));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(PortcullisModule.class)
        void whenBuiltThenThePomDependsOnlyOnModulesItMayUse(PortcullisModule module) throws Exception {
            List<String> refused = new ArrayList<>();
            for (String artifactId : ourDependencies(module)) {
                PortcullisModule dependency = PortcullisModule.valueOfDirectory(artifactId);
                if (dependency != PortcullisModule.TEST_SUPPORT && !module.mayUse().contains(dependency)) {
                    refused.add(artifactId + ": " + why(module, dependency));
                }
            }
            assertTrue(refused.isEmpty(), module + "/pom.xml depends on " + refused);
        }

        /**
         * client-registry-service depends on the rules for one reason: its admin API checks admin
         * access tokens with the shared RFC 9068 verifier and admin access rule, not a copy of its
         * own. It owns the client records, so it never uses the clients module (their cached view,
         * {@link PortcullisModule#mayUse()}) nor anything else of the rules.
         */
        @Test
        void whenClientRegistryIsBuiltThenItUsesOnlyTheAdminTokenRulesOfTheRules() {
            List<String> used = graph(PortcullisModule.CLIENT_REGISTRY).usedElsewhere().keySet().stream()
                    .filter(PortcullisModule.RULES::owns)
                    .filter(p -> !CLIENT_REGISTRY_MAY_USE.contains(p))
                    .toList();
            assertTrue(used.isEmpty(), "client-registry-service uses the rules beyond the admin token check: " + used);
        }

        /** The artifactIds of the module's {@code dev.portcullis} dependencies, as its pom declares them. */
        private List<String> ourDependencies(PortcullisModule module) throws Exception {
            Path pom = SourceTree.root().resolve(module.directory()).resolve("pom.xml");
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            List<String> ours = new ArrayList<>();
            NodeList dependencies = project.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if ("dev.portcullis".equals(text(dependency, "groupId"))) {
                    ours.add(text(dependency, "artifactId"));
                }
            }
            return ours;
        }

        private static String text(Element parent, String child) {
            NodeList nodes = parent.getElementsByTagName(child);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
        }

        private static String why(PortcullisModule user, PortcullisModule used) {
            if (user.isService() && used.isService()) {
                return "a service never uses another service's code: ask its owner over gRPC, or read a record defined in proto";
            }
            if (user == PortcullisModule.CLIENT_REGISTRY && used == PortcullisModule.CLIENTS) {
                return "client-registry-service owns the client records: it reads its own store, never their cached view";
            }
            if (used == PortcullisModule.TEST_SUPPORT) {
                return "test-support is for tests only";
            }
            return "the contracts and the rules sit below the services and never use them";
        }
    }

    @Nested
    @DisplayName("STYLE \"packages by role\": no arrow between the packages of a module runs back up")
    class PackagesByRole {

        @ParameterizedTest(name = "{0}")
        @EnumSource(PortcullisModule.class)
        void whenCompiledThenNoPackagesOfTheModuleUseEachOtherInACycle(PortcullisModule module) {
            List<PackageGraph.Cycle> cycles = graph(module).cycles();
            assertTrue(cycles.isEmpty(), module + ": move types so that every arrow runs one way (the references "
                    + "behind each arrow are listed)\n  " + cycles.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }

        /**
         * A package and everything below it is one part of the service: nothing it uses may use a
         * package inside it again ({@code authorization -> issue -> authorization.request} is such a
         * loop, though no two packages use each other).
         */
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = PortcullisModule.class, names = {"AUTHORIZE", "TOKEN", "REVOCATION", "CLIENT_REGISTRY", "RULES", "CLIENTS"})
        void whenCompiledThenNoTopLevelPackageOfTheModuleIsReachedBackFromBelowIt(PortcullisModule module) {
            List<PackageGraph.Cycle> cycles = graph(module).byTopLevelPackage(module.rootPackage()).cycles();
            assertTrue(cycles.isEmpty(), module + ": a type both sides need goes to a package of its own beside them, "
                    + "not inside one of them\n  " + cycles.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = PortcullisModule.class, names = {"AUTHORIZE", "TOKEN", "REVOCATION", "CLIENT_REGISTRY"})
        void whenAServiceIsReadThenItsPackagesHaveArrowsBetweenThem(PortcullisModule module) {
            assertTrue(graph(module).internalArrows() > 5, module + ": jdeps found no arrows, so the cycle check would prove nothing");
        }
    }

    @Nested
    @DisplayName("The cycle check itself, on small graphs")
    class TheCycleCheck {

        @Test
        void whenTwoPackagesUseEachOtherThenTheCycleNamesBothArrowsAndTheClassesBehindThem() {
            PackageGraph graph = PackageGraph.of(Set.of("x.issue", "x.authorization"), List.of(
                    new String[] {"x.issue.AuthorizationCodes", "x.authorization.AuthorizationRequest"},
                    new String[] {"x.authorization.AuthorizationFlow", "x.issue.AuthorizationCodes"}));
            List<PackageGraph.Cycle> cycles = graph.cycles();
            assertEquals(1, cycles.size(), cycles.toString());
            assertEquals(List.of("x.authorization -> x.issue  [AuthorizationFlow -> AuthorizationCodes]",
                    "x.issue -> x.authorization  [AuthorizationCodes -> AuthorizationRequest]"), cycles.get(0).arrows());
        }

        @Test
        void whenAnArrowRunsBackIntoTheSubtreeItCameFromThenTheTopLevelPackagesFormACycle() {
            PackageGraph graph = PackageGraph.of(Set.of("x.issue", "x.authorization", "x.authorization.request"), List.of(
                    new String[] {"x.issue.AuthorizationCodes", "x.authorization.request.AuthorizationRequest"},
                    new String[] {"x.authorization.AuthorizationFlow", "x.issue.AuthorizationCodes"}));
            assertTrue(graph.cycles().isEmpty(), graph.cycles().toString());
            List<PackageGraph.Cycle> cycles = graph.byTopLevelPackage("x").cycles();
            assertEquals(List.of(Set.of("x.issue", "x.authorization")), cycles.stream().map(PackageGraph.Cycle::packages).toList());
            assertEquals(List.of("x.authorization -> x.issue  [AuthorizationFlow -> AuthorizationCodes]",
                    "x.issue -> x.authorization  [AuthorizationCodes -> AuthorizationRequest]"), cycles.get(0).arrows());
        }

        @Test
        void whenTheSharedTypeHasAPackageBesideBothThenNoTopLevelCycle() {
            PackageGraph graph = PackageGraph.of(Set.of("x.issue", "x.authorization", "x.request"), List.of(
                    new String[] {"x.issue.AuthorizationCodes", "x.request.AuthorizationRequest"},
                    new String[] {"x.authorization.AuthorizationFlow", "x.issue.AuthorizationCodes"},
                    new String[] {"x.authorization.check.Check", "x.request.AuthorizationRequest"}));
            assertTrue(graph.byTopLevelPackage("x").cycles().isEmpty());
        }

        @Test
        void whenThreePackagesFormALoopThenTheyAreOneCycle() {
            PackageGraph graph = PackageGraph.of(Set.of("x.a", "x.b", "x.c", "x.d"), List.of(
                    new String[] {"x.a.A", "x.b.B"}, new String[] {"x.b.B", "x.c.C"}, new String[] {"x.c.C", "x.a.A"},
                    new String[] {"x.d.D", "x.a.A"}));
            assertEquals(List.of(Set.of("x.a", "x.b", "x.c")), graph.cycles().stream().map(PackageGraph.Cycle::packages).toList());
        }

        @Test
        void whenEveryArrowRunsOneWayThenThereIsNoCycle() {
            PackageGraph graph = PackageGraph.of(Set.of("x.api", "x.grant", "x.issue", "x.store"), List.of(
                    new String[] {"x.api.TokenEndpoint", "x.grant.Grants"}, new String[] {"x.api.TokenEndpoint", "x.issue.Issuer"},
                    new String[] {"x.grant.Grants", "x.issue.Issuer"}, new String[] {"x.issue.Issuer", "x.store.Store"},
                    new String[] {"x.grant.Grants$Inner", "x.grant.Grants"}));
            assertTrue(graph.cycles().isEmpty(), graph.cycles().toString());
            assertEquals(4, graph.internalArrows());
        }

        @Test
        void whenAnArrowLeavesTheModuleThenItIsNoPartOfACycleButIsReportedAsUsed() {
            PackageGraph graph = PackageGraph.of(Set.of("x.a", "x.b"), List.of(
                    new String[] {"x.a.A", "y.contract.C"}, new String[] {"x.b.B", "x.a.A"}));
            assertTrue(graph.cycles().isEmpty());
            assertEquals(Map.of("y.contract", Set.of("A -> C")), graph.usedElsewhere());
        }
    }
}
