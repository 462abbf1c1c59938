package io.fedduck.config;

import io.fedduck.access.AccessRules;
import io.fedduck.credentials.MasterKeys;
import io.fedduck.internal.SqlStates;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a connections file (YAML) into a validated {@link FederationConfig}; see docs/connections-file.md. */
public final class ConnectionsFile {
    static final String CONNECTIONS = "connections";
    static final String REQUIRE_ENCRYPTED = "require_encrypted_credentials";
    static final String MASTER_KEY_FILE = "master_key_file";
    /** The known top-level sections; later issues add theirs (roles, audit, ...) here. */
    static final Set<String> SECTIONS = Set.of(CONNECTIONS, REQUIRE_ENCRYPTED, MASTER_KEY_FILE, AccessSection.SECTION);
    /** Tags a plain or quoted scalar resolves to; anything else was written as an explicit tag. */
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private final String label;
    private final Path baseDir;
    private final Map<String, String> env;
    /** The driver's master_key_file property, which wins over the file's own; or null. */
    private final Path driverKeyFile;
    private CredentialRules credentials = CredentialRules.PLAIN_ALLOWED;

    private ConnectionsFile(String label, Path baseDir, Map<String, String> env, Path driverKeyFile) {
        this.label = label;
        this.baseDir = baseDir;
        this.env = env;
        this.driverKeyFile = driverKeyFile;
    }

    /**
     * Reads and validates a connections file. Relative {@code file_path}s resolve against its folder;
     * messages name the file as given; {@link FederationConfig#file()} is its absolute, normalised path.
     *
     * @param env the environment for {@code ${VAR}} (the driver passes {@code System.getenv()})
     */
    public static FederationConfig load(Path file, Map<String, String> env) throws SQLException {
        return load(file, env, null);
    }

    /**
     * As {@link #load(Path, Map)}, with the master key of ENC(...) values read from {@code driverKeyFile}
     * (the driver's {@code master_key_file} property) when it is not null.
     */
    public static FederationConfig load(Path file, Map<String, String> env, Path driverKeyFile) throws SQLException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        String label = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        ConfigLocation where = new ConfigLocation(label, 0);
        if (!Files.exists(absolute)) {
            throw ConfigErrors.error(where, null, null,
                    "the connections file does not exist (looked for " + absolute + ")");
        }
        if (!Files.isRegularFile(absolute)) {
            throw ConfigErrors.error(where, null, null, "the connections file is not a regular file");
        }
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw ConfigErrors.error(where, null, null, "the connections file is not UTF-8 text");
        } catch (IOException e) {
            throw SqlStates.invalidValue(where + ": the connections file cannot be read: " + e.getMessage(), e);
        }
        FederationConfig config = new ConnectionsFile(label, absolute.getParent(), env, driverKeyFile)
                .read(text, absolute);
        if (config.credentials().requireEncrypted()) {
            refuseIfOthersMayWrite(absolute, where);
        }
        return config;
    }

    /**
     * A file whose passwords must be encrypted must not be changeable by others either: whoever can edit it
     * can add a connection of their own, or remove one.
     */
    private static void refuseIfOthersMayWrite(Path file, ConfigLocation where) throws SQLException {
        try {
            Set<java.nio.file.attribute.PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || mode.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
                throw ConfigErrors.error(where, null, null, "the connections file may be changed by other users"
                        + " than its owner, which require_encrypted_credentials: true refuses (chmod go-w " + file + ")");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or the mode cannot be read: its owner's business
        }
    }

    /**
     * Parses connections-file text.
     *
     * @param fileLabel how messages name the source of the text, e.g. the path or {@code <inline>}
     * @param baseDir the folder relative {@code file_path}s resolve against (null: the working directory)
     * @param env the environment for {@code ${VAR}}
     * @return the configuration, whose {@link FederationConfig#file()} is null
     */
    public static FederationConfig parse(String yamlText, String fileLabel, Path baseDir, Map<String, String> env)
            throws SQLException {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(env, "env");
        return new ConnectionsFile(fileLabel == null ? "<inline>" : fileLabel, baseDir, env, null)
                .read(yamlText, null);
    }

    private FederationConfig read(String text, Path file) throws SQLException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Node root = YamlReader.compose(body, label);
        if (root == null || isNull(root)) {
            return new FederationConfig(file, List.of());
        }
        if (!(root instanceof MappingNode top)) {
            throw ConfigErrors.error(at(root), null, null,
                    "the top level must be a mapping with a connections: section");
        }
        Map<String, NodeTuple> sections = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : top.getValue()) {
            String section = key(tuple, null);
            once(seen, section, tuple, null, null);
            if (!SECTIONS.contains(section)) {
                String known = String.join(", ", new TreeSet<>(SECTIONS));
                String hint = ConfigErrors.closest(section, SECTIONS).map(s -> ", did you mean " + s + "?").orElse("");
                throw ConfigErrors.error(at(tuple.getKeyNode()), null, null, "unknown top-level section "
                        + ConfigErrors.named(section) + hint + " (known sections: " + known + ")");
            }
            sections.put(section, tuple);
        }
        // the credential settings first, wherever they are written: the connections' passwords need them
        credentials = new CredentialRules(new MasterKeys(driverKeyFile, keyFile(sections.get(MASTER_KEY_FILE)), env),
                requireEncrypted(sections.get(REQUIRE_ENCRYPTED)));
        NodeTuple connections = sections.get(CONNECTIONS);
        List<SourceConfig> sources = connections == null ? List.of() : connections(connections.getValueNode());
        NodeTuple access = sections.get(AccessSection.SECTION);
        AccessRules rules = access == null || isNull(access.getValueNode()) ? null
                : new AccessSection(label).read(access.getValueNode());
        return new FederationConfig(file, sources, credentials, rules);
    }

    private boolean requireEncrypted(NodeTuple tuple) throws SQLException {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return false;
        }
        if (tuple.getValueNode() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Set.of("true", "yes", "on").contains(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        throw ConfigErrors.error(at(tuple.getValueNode()), null, null, REQUIRE_ENCRYPTED + " must be true or false");
    }

    private Path keyFile(NodeTuple tuple) throws SQLException {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return null;
        }
        if (!(tuple.getValueNode() instanceof ScalarNode scalar) || !SCALAR_TAGS.contains(scalar.getTag())) {
            throw ConfigErrors.error(at(tuple.getValueNode()), null, null, MASTER_KEY_FILE + " must be a file path");
        }
        String text;
        try {
            text = Interpolator.apply(scalar.getValue(), env, new ArrayList<>());
        } catch (Interpolator.Problem p) {
            throw ConfigErrors.error(at(tuple.getValueNode()), null, null, MASTER_KEY_FILE + ": " + p.getMessage());
        }
        if (text.isBlank()) {
            return null;
        }
        Path path = Path.of(text);
        return (path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path)).toAbsolutePath().normalize();
    }

    private List<SourceConfig> connections(Node node) throws SQLException {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            String list = node instanceof SequenceNode ? ", not be a list (write name: instead of - name:)" : "";
            throw ConfigErrors.error(at(node), null, null,
                    "connections: must map each connection name to its fields" + list);
        }
        List<SourceConfig> sources = new ArrayList<>();
        Map<String, SourceConfig> byName = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = key(tuple, null);
            ConfigLocation where = at(tuple.getKeyNode());
            SourceConfig earlier = byName.get(name.toLowerCase(Locale.ROOT));
            if (earlier != null) {
                throw ConfigErrors.error(where, name, null, "the name is already used by connection '"
                        + earlier.name() + "' on line " + earlier.location().line() + " (names are case-insensitive)");
            }
            SourceConfig source = connection(name, where, tuple.getValueNode());
            byName.put(name.toLowerCase(Locale.ROOT), source);
            sources.add(source);
        }
        return sources;
    }

    private SourceConfig connection(String name, ConfigLocation where, Node node) throws SQLException {
        if (isNull(node)) {
            throw ConfigErrors.error(where, name, null, "has no fields; it needs at least type:");
        }
        if (!(node instanceof MappingNode mapping)) {
            throw ConfigErrors.error(where, name, null, "must be a mapping of fields (type:, host:, ...)");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, ConfigLocation> lines = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String field = key(tuple, name);
            once(seen, field, tuple, name, field);
            lines.put(field, at(tuple.getKeyNode()));
            if (field.equals(SourceValidator.OPTIONS) && tuple.getValueNode() instanceof MappingNode options) {
                fields.put(field, options(options, name, lines));
            } else {
                fields.put(field, raw(tuple.getValueNode(), name, field));
            }
        }
        return SourceValidator.validate(fields, name, where, baseDir,
                new FieldSource(lines, where, name, env, credentials));
    }

    private Map<String, Object> options(MappingNode mapping, String name, Map<String, ConfigLocation> lines)
            throws SQLException {
        Map<String, Object> options = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String option = key(tuple, name);
            String field = SourceValidator.OPTIONS + "." + option;
            once(seen, option, tuple, name, field);
            lines.put(field, at(tuple.getKeyNode()));
            options.put(option, raw(tuple.getValueNode(), name, field));
        }
        return options;
    }

    /** A scalar's text as written (interpolation comes later), null for a YAML null, or a shape marker. */
    private Object raw(Node node, String connection, String field) throws SQLException {
        if (node instanceof ScalarNode scalar) {
            if (!SCALAR_TAGS.contains(scalar.getTag())) {
                throw ConfigErrors.error(at(node), connection, field, "explicit YAML tags are not supported"
                        + " (quote a value that starts with !)");
            }
            // "password: &abc" is an anchor and an empty value in YAML: refuse it rather than connect without one.
            if (field.equals(SourceValidator.PASSWORD) && scalar.getAnchor() != null) {
                throw ConfigErrors.error(at(node), connection, field, "YAML anchors and aliases are not allowed on a"
                        + " password (quote a password that starts with & or *)");
            }
            return scalar.getTag().equals(Tag.NULL) ? null : scalar.getValue();
        }
        return new SourceValidator.Structured(node instanceof SequenceNode ? "a list" : "a mapping");
    }

    private String key(NodeTuple tuple, String connection) throws SQLException {
        if (tuple.getKeyNode() instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw ConfigErrors.error(at(tuple.getKeyNode()), connection, null, "a key must be a plain name, not a list"
                + " or mapping");
    }

    /** Refuses a key written twice in one mapping (SnakeYAML's compose does not check); field null: top level. */
    private void once(Map<String, Integer> seen, String key, NodeTuple tuple, String connection, String field)
            throws SQLException {
        ConfigLocation where = at(tuple.getKeyNode());
        Integer first = seen.putIfAbsent(key, where.line());
        if (first != null) {
            String what = field == null ? "section " + ConfigErrors.named(key) + " appears twice" : "appears twice";
            throw ConfigErrors.error(where, connection, field, what + " (first on line " + first + ")");
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private ConfigLocation at(Node node) {
        return new ConfigLocation(label, node.getStartMark().getLine() + 1);
    }
}
