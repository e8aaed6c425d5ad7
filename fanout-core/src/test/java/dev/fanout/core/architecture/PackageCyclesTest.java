package dev.fanout.core.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of fanout-core form layers: no package depends, directly or through others, on one that depends on
 * it (what {@code jdeps -verbose:package} shows, read here from the compiled classes' constant pools).
 */
class PackageCyclesTest {
    private static final String ROOT = "dev/fanout/core/";

    @Test
    void corePackagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> uses = packageGraph(Path.of("target/classes"));
        assertThat(uses).containsKeys("exec", "inventory", "select", "record", "render");

        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (reaches(uses, to, from, new TreeSet<>())) {
                    cycles.add(from + " -> " + to);
                }
            }
        }
        assertThat(cycles).as("package dependencies that close a cycle").isEmpty();
    }

    @Test
    void theGroundFloorUsesNoOtherPackageOfTheCore() throws IOException {
        Map<String, Set<String>> uses = packageGraph(Path.of("target/classes"));

        assertThat(uses.get("select")).isSubsetOf("text");
        assertThat(uses.get("text")).isEmpty();
    }

    /** Every package is exported but {@code text}, the internal helpers, which no exported signature may name. */
    @Test
    void onlyTheInternalPackageIsNotExported() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = new TreeSet<>();
        module.exports().forEach(e -> exported.add(e.source()));
        Set<String> packages = new TreeSet<>();
        packageGraph(Path.of("target/classes")).keySet().forEach(p -> packages.add("dev.fanout.core." + p));
        packages.removeAll(exported);
        assertThat(packages).containsExactly("dev.fanout.core.text");
        assertThat(exported).allMatch(module.packages()::contains);
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Each package of the core (below {@value #ROOT}) with the other core packages its classes refer to. */
    private static Map<String, Set<String>> packageGraph(Path classes) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var model = ClassFile.of().parse(file);
                String from = packageOf(model.thisClass().asInternalName());
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                for (PoolEntry entry : model.constantPool()) {
                    if (entry instanceof ClassEntry c && c.asInternalName().startsWith(ROOT)) {
                        String target = packageOf(c.asInternalName());
                        if (!target.equals(from)) {
                            to.add(target);
                        }
                    }
                }
            }
        }
        return uses;
    }

    private static String packageOf(String internalName) {
        String rest = internalName.substring(ROOT.length());
        return rest.substring(0, rest.lastIndexOf('/')).replace('/', '.');
    }
}
