package io.tollgate.slo;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * All SLOs loaded from one {@code slo-definitions/} directory, in file order then document order.
 *
 * @param slos the SLOs, names unique
 */
public record SloCatalog(List<Slo> slos) {

    public SloCatalog {
        slos = List.copyOf(slos);
        var names = new HashSet<String>();
        for (var slo : slos) {
            if (!names.add(slo.name())) {
                throw new IllegalArgumentException("duplicate SLO name " + slo.name());
            }
        }
    }

    /** The SLO with this {@code metadata.name}, or empty. */
    public Optional<Slo> find(String name) {
        return slos.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The SLOs of one service, possibly none. */
    public List<Slo> forService(String service) {
        return slos.stream().filter(s -> s.service().equals(service)).toList();
    }
}
