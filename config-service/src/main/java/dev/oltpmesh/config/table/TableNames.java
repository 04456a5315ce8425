package dev.oltpmesh.config.table;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which table and column names a definition may use: only names that can never collide with what a
 * peer creates or resolves in its database, nor with the query parameters of the REST API.
 */
public final class TableNames {

    /** PostgreSQL's identifiers hold 63 bytes; these names are ASCII, so 63 characters. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** PostgreSQL's reserved key words (appendix C of its manual, "reserved" in PostgreSQL). */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
            "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
            "constraint", "create", "cross", "current_catalog", "current_date", "current_role", "current_schema",
            "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
            "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group",
            "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral",
            "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null",
            "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references",
            "returning", "right", "select", "session_user", "similar", "some", "symmetric", "system_user", "table",
            "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic",
            "verbose", "when", "where", "window", "with");

    /** Every PostgreSQL table already has these columns; a user column of that name cannot be created. */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid", "oid");

    /** Query parameters of the rows API that are not filters: a column of that name could not be filtered on. */
    private static final Set<String> QUERY_PARAMETERS = Set.of("select", "order", "limit", "offset", "cursor",
            "after", "partial", "timeout", "wait", "columns");

    /** A segment's name: short, plain, and never the "base" under which stats count the values outside. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private TableNames() {
    }

    public static Optional<String> problemWithSegment(String name) {
        if (name == null || !SEGMENT.matcher(name).matches()) {
            return Optional.of("segment name '" + shortly(name) + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* and have "
                    + "at most 63 characters");
        }
        if (name.equals("base")) {
            return Optional.of("segment name 'base' is where stats count the values outside every segment; "
                    + "choose another name");
        }
        return Optional.empty();
    }

    private static String shortly(String name) {
        return name == null || name.length() <= 70 ? name : name.substring(0, 70) + "…";
    }

    public static Optional<String> problemWithTable(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of("table name '" + name + "' must match [a-z][a-z0-9_]* and have at most 63 characters");
        }
        if (name.startsWith("mesh_") || name.startsWith("pg_")) {
            return Optional.of("table name '" + name + "' starts with " + name.substring(0, name.indexOf('_') + 1)
                    + ", which is reserved for the mesh's and PostgreSQL's own tables");
        }
        // A peer names a table's indexes <table>_pkey and <table>__tx_idx: a table of such a name could
        // collide with another table's index on every peer.
        if (name.endsWith("_pkey") || name.endsWith("_idx")) {
            return Optional.of("table name '" + name + "' ends with " + name.substring(name.lastIndexOf('_'))
                    + ", which is how peers name indexes; choose another name");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("table name '" + name + "' is a reserved word of SQL; choose another name");
        }
        return Optional.empty();
    }

    static Optional<String> problemWithColumn(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of("column name '" + name + "' must match [a-z][a-z0-9_]* and have at most 63 characters "
                    + "(names starting with _ are the system's)");
        }
        if (SYSTEM_COLUMNS.contains(name)) {
            return Optional.of("column name '" + name + "' is a system column of every PostgreSQL table");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("column name '" + name + "' is a reserved word of SQL; choose another name");
        }
        if (QUERY_PARAMETERS.contains(name)) {
            return Optional.of("column name '" + name + "' is a query parameter of the rows API ("
                    + String.join(", ", QUERY_PARAMETERS.stream().sorted().toList()) + "); choose another name");
        }
        return Optional.empty();
    }
}
