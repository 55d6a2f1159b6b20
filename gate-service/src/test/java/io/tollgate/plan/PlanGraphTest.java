package io.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dependency graph of a plan: validation naming the field, start order and compensation order. */
class PlanGraphTest {

    private static PlanGraph.Node node(String key, String... deps) {
        return new PlanGraph.Node(key, key + "-svc", List.of(deps));
    }

    /** A random DAG of {@code n} services: each depends on up to three earlier ones, then listed in a shuffled order. */
    private static List<PlanGraph.Node> randomDag(int n, Random random) {
        var nodes = new ArrayList<PlanGraph.Node>();
        for (int i = 0; i < n; i++) {
            var deps = new ArrayList<String>();
            for (int j = 0; j < i && deps.size() < 3; j++) {
                if (random.nextInt(4) == 0) {
                    deps.add("s" + j);
                }
            }
            nodes.add(new PlanGraph.Node("s" + i, "svc" + i, deps));
        }
        Collections.shuffle(nodes, random);
        return nodes;
    }

    @Test
    void every_start_order_of_random_twenty_service_dags_comes_after_the_dependencies_and_compensation_reverses_it() {
        for (long seed = 1; seed <= 200; seed++) {
            var random = new Random(seed);
            var nodes = randomDag(20, random);
            var graph = PlanGraph.of(nodes);

            var order = graph.startOrder();
            assertThat(order).as("seed %d", seed).hasSize(20).doesNotHaveDuplicates();
            var position = new HashMap<String, Integer>();
            for (int i = 0; i < order.size(); i++) {
                position.put(order.get(i), i);
            }
            for (var n : nodes) {
                for (String d : n.dependsOn()) {
                    assertThat(position.get(d)).as("seed %d: %s after its dependency %s", seed, n.key(), d).isLessThan(position.get(n.key()));
                }
            }
            var compensation = graph.compensationOrder();
            for (var n : nodes) {
                for (String d : n.dependsOn()) {
                    assertThat(compensation.indexOf(n.key())).as("seed %d: dependent %s undone before %s", seed, n.key(), d)
                            .isLessThan(compensation.indexOf(d));
                }
            }
        }
    }

    @Test
    void the_same_plan_always_gives_the_same_order_keeping_the_request_order_between_independent_releases() {
        var graph = PlanGraph.of(List.of(node("checkout", "payments"), node("search"), node("payments", "inventory"), node("inventory")));

        assertThat(graph.startOrder()).containsExactly("search", "inventory", "payments", "checkout");
        assertThat(graph.compensationOrder()).containsExactly("checkout", "payments", "inventory", "search");
        assertThat(graph.dependents("inventory")).containsExactly("payments");
    }

    @Test
    void a_cycle_is_refused_naming_it_key_by_key() {
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("inventory", "payments"), node("payments", "inventory"))))
                .isInstanceOf(PlanGraph.Problem.class).hasMessage("cycle inventory -> payments -> inventory")
                .extracting(e -> ((PlanGraph.Problem) e).field()).isEqualTo("releases");
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("search"), node("a", "c"), node("b", "a"), node("c", "b"), node("d", "a"))))
                .hasMessage("cycle a -> c -> b -> a");
    }

    @Test
    void unknown_self_and_repeated_dependencies_and_duplicate_keys_or_services_name_the_field() {
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("inventory"), node("payments", "inventry"))))
                .hasMessageContaining("unknown key \"inventry\"").hasMessageContaining("known: inventory, payments")
                .extracting(e -> ((PlanGraph.Problem) e).field()).isEqualTo("releases[1].dependsOn[0]");
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("inventory", "inventory"))))
                .extracting(e -> ((PlanGraph.Problem) e).field()).isEqualTo("releases[0].dependsOn[0]");
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("inventory"), node("payments", "inventory", "inventory"))))
                .hasMessageContaining("listed twice").extracting(e -> ((PlanGraph.Problem) e).field()).isEqualTo("releases[1].dependsOn[1]");
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("inventory"), node("payments"), node("inventory"))))
                .hasMessage("duplicate key \"inventory\"").extracting(e -> ((PlanGraph.Problem) e).field()).isEqualTo("releases[2].key");
        assertThatThrownBy(() -> PlanGraph.of(List.of(node("inventory"), new PlanGraph.Node("stock", "inventory-svc", List.of()))))
                .hasMessageContaining("service \"inventory-svc\" is already released by \"inventory\"")
                .extracting(e -> ((PlanGraph.Problem) e).field()).isEqualTo("releases[1].service");
    }

    @Test
    void a_fifty_service_plan_is_ordered_in_well_under_a_millisecond_per_service() {
        var nodes = randomDag(50, new Random(7));
        PlanGraph.of(nodes); // warm-up
        int runs = 200;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            PlanGraph.of(nodes);
        }
        double micros = (System.nanoTime() - started) / 1000.0 / runs;
        System.out.printf("50-service plan: graph validated and ordered in %.1f µs%n", micros);
        assertThat(micros).isLessThan(50_000);
    }
}
