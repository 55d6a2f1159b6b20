package io.tollgate.db;

import io.tollgate.StartupException;
import io.tollgate.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Least privilege for the role the service connects as: the schema belongs to another role (the embedded
 * superuser, or {@code database.migrationUser} of an external database), which grants the service only
 * what it needs, and start-up refuses a service login that could erase history.
 *
 * <p>Why it matters: the append-only trigger on {@code audit_event} stops UPDATE, DELETE and TRUNCATE, but its
 * owner (or a superuser) can disable the trigger or drop the table. If the service's own password can do that,
 * anyone who reads it from the service's environment can rewrite the log.
 */
final class ServiceRole {
    /** Tables the service role may read and append to; extend when a migration adds one. */
    static final List<String> APP_TABLES = List.of("audit_event", "audit_checkpoint");
    /**
     * Tables whose rows change in place (releases and their history outbox, db-scheduler's task rows), with the rights
     * the service needs on each: never TRUNCATE, never on {@code audit_event}.
     */
    static final Map<String, String> MUTABLE_TABLES = Map.of(
            "releases", "select, insert, update",
            "release_history", "select, insert, update",
            "scheduled_tasks", "select, insert, update, delete",
            "release_analysis_looks", "select, insert",
            "release_plans", "select, insert, update",
            "release_plan_entries", "select, insert, update",
            "release_plan_history", "select, insert, update",
            // delete: only an override whose audit event could not be written (it never took effect)
            "overrides", "select, insert, update, delete");
    private static final Logger LOG = Logger.getLogger(ServiceRole.class.getName());

    private ServiceRole() {
    }

    /** Grants {@code role} its rights on every table, as the owner of the schema connected through {@code owner}. */
    static void grant(Connection owner, String role) {
        var ctx = DSL.using(owner, SQLDialect.POSTGRES);
        for (var table : APP_TABLES) {
            ctx.execute("grant select, insert on {0} to {1}", DSL.name(table), DSL.name(role));
        }
        for (var table : MUTABLE_TABLES.entrySet()) {
            ctx.execute("grant " + table.getValue() + " on {0} to {1}", DSL.name(table.getKey()), DSL.name(role));
        }
        LOG.info(() -> "service role '" + role + "' granted SELECT, INSERT on " + APP_TABLES + " and " + MUTABLE_TABLES);
    }

    /**
     * Refuses to go on when the role {@code service} connects as could erase history: a superuser, a member of
     * the role owning {@code audit_event}, a role allowed to UPDATE, DELETE, TRUNCATE it or to add triggers to
     * it, or one that may create roles. {@code database.allowPrivilegedUser} turns the refusal into a SEVERE log line.
     *
     * @throws StartupException naming the role, what it can do and the settings that fix it
     */
    static void requireLeastPrivilege(DataSource service, DatabaseConfig config) {
        List<String> powers;
        try (var c = service.getConnection()) {
            powers = powers(c);
        } catch (SQLException e) {
            throw new StartupException("could not check the rights of database.user " + config.user() + ": "
                    + StartupException.rootMessage(e), e);
        }
        if (powers.isEmpty()) {
            return;
        }
        String what = "database.user '" + config.user() + "' " + String.join(", ", powers)
                + ": whoever has its password can disable audit_event's append-only trigger and erase history";
        if (config.allowPrivilegedUser()) {
            LOG.severe(() -> "INSECURE: " + what + "; starting anyway because database.allowPrivilegedUser is true");
            return;
        }
        throw new StartupException(what + ". " + remedy(config));
    }

    /** What the connected role can do to {@code audit_event} that it must not; empty when nothing. */
    static List<String> powers(Connection c) throws SQLException {
        var row = DSL.using(c, SQLDialect.POSTGRES).resultQuery("""
                select r.rolsuper as superuser, r.rolcreaterole as createrole,
                       pg_has_role(current_user, t.relowner, 'MEMBER') as owner,
                       has_table_privilege(current_user, t.oid, 'UPDATE') as can_update,
                       has_table_privilege(current_user, t.oid, 'DELETE') as can_delete,
                       has_table_privilege(current_user, t.oid, 'TRUNCATE') as can_truncate,
                       has_table_privilege(current_user, t.oid, 'TRIGGER') as can_trigger
                from pg_roles r cross join pg_class t
                where r.rolname = current_user and t.oid = to_regclass('audit_event')""").fetchOne();
        if (row == null) {
            throw new SQLException("table audit_event is not visible to " + c.getMetaData().getUserName()
                    + " (no USAGE on its schema, or the migrations did not run)");
        }
        var powers = new ArrayList<String>();
        add(powers, row.get("superuser", Boolean.class), "is a superuser");
        add(powers, row.get("owner", Boolean.class), "owns audit_event (or is a member of its owner)");
        add(powers, row.get("can_update", Boolean.class), "may UPDATE audit_event");
        add(powers, row.get("can_delete", Boolean.class), "may DELETE from audit_event");
        add(powers, row.get("can_truncate", Boolean.class), "may TRUNCATE audit_event");
        add(powers, row.get("can_trigger", Boolean.class), "may create triggers on audit_event");
        add(powers, row.get("createrole", Boolean.class), "may create roles (and grant itself the owner's)");
        return powers;
    }

    private static void add(List<String> powers, Boolean has, String power) {
        if (Boolean.TRUE.equals(has)) {
            powers.add(power);
        }
    }

    private static String remedy(DatabaseConfig config) {
        if (config.embedded()) {
            return "Use a plain role name for database.user (the default 'tollgate'), or set database.allowPrivilegedUser"
                    + " (TOLLGATE_DB_ALLOW_PRIVILEGED_USER=true) to accept the risk";
        }
        return "Let a separate owner role run the migrations: set database.migrationUser and database.migrationPassword"
                + " (TOLLGATE_DB_MIGRATION_USER, TOLLGATE_DB_MIGRATION_PASSWORD) and make database.user a plain login role"
                + (config.migrationUser() != null ? " (tables created by an earlier version still belong to it: "
                + "REASSIGN OWNED BY " + config.user() + " TO " + config.migrationUser() + ")" : "")
                + "; see 'Database roles' in docs/operations.md. Or set database.allowPrivilegedUser"
                + " (TOLLGATE_DB_ALLOW_PRIVILEGED_USER=true) to accept the risk";
    }
}
