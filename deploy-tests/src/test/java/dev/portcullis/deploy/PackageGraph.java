package dev.portcullis.deploy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The packages of one module's compiled classes and the arrows between them, read from the class
 * files by the JDK's {@code jdeps} (the references the compiler resolved: fields, signatures,
 * method bodies, annotations). Each arrow keeps the class-to-class references behind it, so a
 * failure names the classes to move.
 */
final class PackageGraph {
    /** A {@code jdeps -verbose:class} line: {@code   a.b.C   -> x.y.Z   <where found>}. */
    private static final Pattern CLASS_ARROW = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");

    private final Set<String> packages;
    /** From package, to package, the class references behind the arrow. */
    private final Map<String, Map<String, Set<String>>> arrows;

    private PackageGraph(Set<String> packages, Map<String, Map<String, Set<String>>> arrows) {
        this.packages = packages;
        this.arrows = arrows;
    }

    /** The graph of {@code classes} (a {@code target/classes} directory): its own packages and every arrow to ours. */
    static PackageGraph ofCompiledClasses(Path classes) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("No " + classes + ": build the modules first (mvn install -DskipTests), "
                    + "or run the whole build with mvn verify");
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is missing: run the tests on a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:class", "-e", "dev\\.portcullis\\..*", classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps " + classes + " exited with " + status + ": " + err);
        }
        List<String[]> references = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = CLASS_ARROW.matcher(line);
            if (m.matches()) {
                references.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return of(packagesOf(classes), references);
    }

    /**
     * The graph of {@code packages} and the class references {@code {fromClass, toClass}} (binary
     * names); references inside one package are not arrows.
     */
    static PackageGraph of(Set<String> packages, List<String[]> references) {
        Map<String, Map<String, Set<String>>> arrows = new TreeMap<>();
        for (String[] reference : references) {
            String from = packageOf(reference[0]);
            String to = packageOf(reference[1]);
            if (!from.equals(to)) {
                arrows.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                        .add(simpleName(reference[0]) + " -> " + simpleName(reference[1]));
            }
        }
        return new PackageGraph(new TreeSet<>(packages), arrows);
    }

    /**
     * This graph with each package one level below {@code root} taken together with everything
     * below it ({@code root.authorization.check} counts as {@code root.authorization}). A cycle
     * here, and none in the package graph, is an arrow that runs back up into a package's own
     * subtree: {@code root.authorization -> root.issue -> root.authorization.request}.
     */
    PackageGraph byTopLevelPackage(String root) {
        Map<String, Map<String, Set<String>>> merged = new TreeMap<>();
        arrows.forEach((from, targets) -> targets.forEach((to, why) -> {
            String f = topLevel(root, from);
            String t = topLevel(root, to);
            if (!f.equals(t)) {
                merged.computeIfAbsent(f, k -> new TreeMap<>()).computeIfAbsent(t, k -> new TreeSet<>()).addAll(why);
            }
        }));
        Set<String> tops = new TreeSet<>();
        packages.forEach(p -> tops.add(topLevel(root, p)));
        return new PackageGraph(tops, merged);
    }

    private static String topLevel(String root, String javaPackage) {
        if (!javaPackage.startsWith(root + ".")) {
            return javaPackage;
        }
        int dot = javaPackage.indexOf('.', root.length() + 1);
        return dot < 0 ? javaPackage : javaPackage.substring(0, dot);
    }

    /** The packages the module's own classes are in. */
    Set<String> packages() {
        return packages;
    }

    /** Every package outside this module's own that its classes use, each with the references behind it. */
    Map<String, Set<String>> usedElsewhere() {
        Map<String, Set<String>> used = new TreeMap<>();
        arrows.forEach((from, targets) -> targets.forEach((to, why) -> {
            if (!packages.contains(to)) {
                why.forEach(w -> used.computeIfAbsent(to, k -> new TreeSet<>()).add(w));
            }
        }));
        return used;
    }

    /** The number of arrows between this module's own packages. */
    int internalArrows() {
        int count = 0;
        for (Map.Entry<String, Map<String, Set<String>>> e : arrows.entrySet()) {
            if (packages.contains(e.getKey())) {
                count += (int) e.getValue().keySet().stream().filter(packages::contains).count();
            }
        }
        return count;
    }

    /**
     * The cycles among this module's own packages: each strongly connected set of two or more
     * packages (Tarjan), with the arrows inside it and the references behind them. Empty when
     * every arrow runs one way.
     */
    List<Cycle> cycles() {
        List<Cycle> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected()) {
            List<String> inside = new ArrayList<>();
            for (String from : component) {
                arrows.getOrDefault(from, Map.of()).forEach((to, why) -> {
                    if (component.contains(to)) {
                        inside.add(from + " -> " + to + "  " + why);
                    }
                });
            }
            cycles.add(new Cycle(component, inside));
        }
        return cycles;
    }

    /** Packages that reach each other, and the arrows between them ({@code from -> to  [Class -> Class, ...]}). */
    record Cycle(Set<String> packages, List<String> arrows) {
        @Override
        public String toString() {
            return "cycle among " + packages + ":\n    " + String.join("\n    ", arrows);
        }
    }

    private List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> components = new ArrayList<>();
        for (String p : packages) {
            if (!index.containsKey(p)) {
                connect(p, index, low, stack, components);
            }
        }
        return components;
    }

    private void connect(String p, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            List<Set<String>> components) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        for (String q : arrows.getOrDefault(p, Map.of()).keySet()) {
            if (!packages.contains(q)) {
                continue;
            }
            if (!index.containsKey(q)) {
                connect(q, index, low, stack, components);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (stack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }

    private static Set<String> packagesOf(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            Set<String> packages = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                Path dir = classes.relativize(f).getParent();
                if (dir != null) {
                    packages.add(dir.toString().replace(f.getFileSystem().getSeparator(), "."));
                }
            });
            return packages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
