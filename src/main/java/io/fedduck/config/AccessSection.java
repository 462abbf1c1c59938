package io.fedduck.config;

import io.fedduck.access.AccessRules;
import io.fedduck.access.ConnectionGrant;
import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.credentials.PasswordHash;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the connections file's {@code access:} section into {@link AccessRules}; see docs/security.md
 * ("Access rules"). Every mistake is an error naming the line, never a silently wider grant.
 */
final class AccessSection {
    static final String SECTION = "access";
    private static final Set<String> KEYS = Set.of("roles", "users", "default_role", "sensitive");
    private static final Set<String> ROLE_KEYS = Set.of("connections", "local", "privileges");
    private static final Set<String> USER_KEYS = Set.of("role", "password");
    private static final Set<Privilege> ON_CONNECTIONS = EnumSet.of(Privilege.SELECT, Privilege.WRITE_REMOTE,
            Privilege.SYNC);
    private static final Set<Privilege> ON_LOCAL = EnumSet.of(Privilege.SELECT, Privilege.WRITE_LOCAL);
    private static final Set<Privilege> ON_ROLE = EnumSet.of(Privilege.CONNECT, Privilege.ADMIN);

    private final String label;

    AccessSection(String label) {
        this.label = label;
    }

    AccessRules read(Node node) throws SQLException {
        Map<String, Node> section = mapping(node, SECTION, KEYS);
        Map<String, Role> roles = new LinkedHashMap<>();
        Node rolesNode = section.get("roles");
        if (rolesNode == null || isNull(rolesNode)) {
            throw error(node, SECTION + ": needs roles: (at least one role)");
        }
        for (Map.Entry<String, Node> role : entries(rolesNode, SECTION + ".roles").entrySet()) {
            String name = role.getKey().toLowerCase(Locale.ROOT);
            if (roles.containsKey(name)) {
                throw error(role.getValue(), "role " + ConfigErrors.named(role.getKey()) + " is defined twice");
            }
            roles.put(name, role(role.getKey(), role.getValue()));
        }
        Map<String, AccessRules.User> users = new HashMap<>();
        Node usersNode = section.get("users");
        if (usersNode != null && !isNull(usersNode)) {
            for (Map.Entry<String, Node> user : entries(usersNode, SECTION + ".users").entrySet()) {
                String name = user.getKey().toLowerCase(Locale.ROOT);
                if (users.containsKey(name)) {
                    throw error(user.getValue(), "user " + ConfigErrors.named(user.getKey()) + " is defined twice"
                            + " (user names are compared case-insensitively)");
                }
                users.put(name, user(user.getKey(), user.getValue(), roles));
            }
        }
        Role defaultRole = null;
        Node defaultNode = section.get("default_role");
        if (defaultNode != null && !isNull(defaultNode)) {
            defaultRole = roleNamed(scalar(defaultNode, SECTION + ".default_role"), defaultNode, roles);
        }
        List<String> sensitive = new ArrayList<>();
        Node sensitiveNode = section.get("sensitive");
        if (sensitiveNode != null && !isNull(sensitiveNode)) {
            for (Node item : list(sensitiveNode, SECTION + ".sensitive")) {
                String pattern = scalar(item, SECTION + ".sensitive");
                if (pattern.isBlank() || pattern.split("\\.", -1).length > 3) {
                    throw error(item, SECTION + ".sensitive: " + ConfigErrors.named(pattern) + " is not connection,"
                            + " connection.table or connection.schema.table (globs allowed)");
                }
                sensitive.add(pattern.split("\\.", -1).length == 2 ? pattern.replace(".", ".*.") : pattern);
            }
        }
        return new AccessRules(roles, users, defaultRole, sensitive);
    }

    private Role role(String name, Node node) throws SQLException {
        String where = SECTION + ".roles." + name;
        Map<String, Node> fields = mapping(node, where, ROLE_KEYS);
        List<ConnectionGrant> grants = new ArrayList<>();
        Node connections = fields.get("connections");
        if (connections != null && !isNull(connections)) {
            for (Map.Entry<String, Node> grant : entries(connections, where + ".connections").entrySet()) {
                grants.add(new ConnectionGrant(grant.getKey(),
                        privileges(grant.getValue(), where + ".connections." + grant.getKey(), ON_CONNECTIONS)));
            }
        }
        Set<Privilege> local = privileges(fields.get("local"), where + ".local", ON_LOCAL);
        Set<Privilege> global = privileges(fields.get("privileges"), where + ".privileges", ON_ROLE);
        return new Role(name, grants, local, global);
    }

    private AccessRules.User user(String name, Node node, Map<String, Role> roles) throws SQLException {
        String where = SECTION + ".users." + name;
        if (node instanceof ScalarNode) {
            return new AccessRules.User(name, roleNamed(scalar(node, where), node, roles), null);
        }
        Map<String, Node> fields = mapping(node, where, USER_KEYS);
        Node roleNode = fields.get("role");
        if (roleNode == null) {
            throw error(node, where + ": needs role:");
        }
        Role role = roleNamed(scalar(roleNode, where + ".role"), roleNode, roles);
        PasswordHash password = null;
        Node passwordNode = fields.get("password");
        if (passwordNode != null && !isNull(passwordNode)) {
            password = PasswordHash.parse(scalar(passwordNode, where + ".password")).orElseThrow(() -> error(
                    passwordNode, where + ".password must be an Argon2id hash ($argon2id$v=19$m=...,t=...,p=...$salt$hash);"
                            + " java -jar fedduck-jdbc.jar hash-password prints one. A password in clear text is"
                            + " never accepted here"));
        }
        return new AccessRules.User(name, role, password);
    }

    private Role roleNamed(String name, Node node, Map<String, Role> roles) throws SQLException {
        Role role = roles.get(name.toLowerCase(Locale.ROOT));
        if (role == null) {
            throw error(node, "unknown role " + ConfigErrors.named(name) + " (roles: "
                    + String.join(", ", new TreeSet<>(roles.keySet())) + ")");
        }
        return role;
    }

    private Set<Privilege> privileges(Node node, String where, Set<Privilege> allowed) throws SQLException {
        Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        if (node == null || isNull(node)) {
            return privileges;
        }
        String known = allowed.stream().map(Privilege::configName).collect(Collectors.joining(", "));
        for (Node item : list(node, where)) {
            String text = scalar(item, where);
            Privilege privilege = Privilege.named(text.trim()).filter(allowed::contains).orElseThrow(() -> error(item,
                    where + ": " + ConfigErrors.named(text) + " is not a privilege held here (here: " + known + ")"));
            privileges.add(privilege);
        }
        return privileges;
    }

    // ---- YAML shapes ------------------------------------------------------------------------------------

    private Map<String, Node> mapping(Node node, String where, Set<String> keys) throws SQLException {
        Map<String, Node> fields = entries(node, where);
        for (String key : fields.keySet()) {
            if (!keys.contains(key)) {
                String hint = ConfigErrors.closest(key, keys).map(s -> ", did you mean " + s + "?").orElse("");
                throw error(node, where + ": unknown key " + ConfigErrors.named(key) + hint + " (known: "
                        + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        }
        return fields;
    }

    private Map<String, Node> entries(Node node, String where) throws SQLException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, where + " must be a mapping (key: value lines)");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), where + ": a key must be a plain name");
            }
            if (fields.put(key.getValue(), tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), where + ": " + ConfigErrors.named(key.getValue()) + " appears twice");
            }
        }
        return fields;
    }

    private List<Node> list(Node node, String where) throws SQLException {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof ScalarNode) {
            return List.of(node); // one item without brackets
        }
        throw error(node, where + " must be a list, e.g. [select, sync]");
    }

    private String scalar(Node node, String where) throws SQLException {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)
                && Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT).contains(scalar.getTag())) {
            return scalar.getValue();
        }
        throw error(node, where + " must be a plain value");
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private SQLException error(Node node, String problem) {
        return ConfigErrors.error(new ConfigLocation(label, node.getStartMark().getLine() + 1), null, null, problem);
    }
}
