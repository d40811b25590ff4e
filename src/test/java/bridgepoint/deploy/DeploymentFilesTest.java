package bridgepoint.deploy;

import bridgepoint.support.Commands;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files of {@code deploy/} hold together: every YAML parses, every kustomization names files that exist, the
 * Deployment is locked down and probes the health endpoints, its grace period covers the shutdown settings, the
 * compose file runs two instances behind nginx with the template that the proofs use. Where {@code kubectl} is
 * installed, the kustomizations are also rendered with it.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            files = all.filter(f -> f.toString().endsWith(".yaml")).toList();
        }
        assertTrue(files.size() >= 10, files.toString());
        for (Path file : files) {
            assertFalse(documents(file).isEmpty(), file.toString());
        }
    }

    @Test
    void kustomizationsNameFilesThatExist() throws IOException {
        for (Path k : List.of(
                KUBERNETES.resolve("kustomization.yaml"),
                KUBERNETES.resolve("base/kustomization.yaml"),
                KUBERNETES.resolve("cloudnative-pg/kustomization.yaml"))) {
            Map<String, Object> kustomization = documents(k).get(0);
            List<String> named = new ArrayList<>(list(kustomization.get("resources")));
            for (Object patch : list(kustomization.get("patches"))) {
                named.add((String) map(patch).get("path"));
            }
            for (String resource : named) {
                assertTrue(Files.exists(k.getParent().resolve(resource)), k + " names " + resource);
            }
        }
        List<String> kinds = new ArrayList<>();
        List<String> resources = list(
                documents(KUBERNETES.resolve("base/kustomization.yaml")).get(0).get("resources"));
        for (String resource : resources) {
            kinds.add((String) documents(KUBERNETES.resolve("base").resolve(resource))
                    .get(0)
                    .get("kind"));
        }
        assertEquals(
                List.of(
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "Ingress",
                        "NetworkPolicy",
                        "PodDisruptionBudget",
                        "HorizontalPodAutoscaler"),
                kinds);
        assertFalse(
                Files.readString(KUBERNETES.resolve("base/kustomization.yaml")).contains("secret.template.yaml"),
                "the Secret template is not applied");
    }

    @Test
    void theDeploymentIsLockedDownProbedAndStopsWithinItsGracePeriod() throws IOException {
        Map<String, Object> spec = podSpec(KUBERNETES.resolve("base/deployment.yaml"));
        Map<String, Object> container = map(list(spec.get("containers")).get(0));
        assertTrue((int) map(documents(KUBERNETES.resolve("base/deployment.yaml"))
                                .get(0)
                                .get("spec"))
                        .get("replicas")
                >= 2);
        assertEquals(true, map(spec.get("securityContext")).get("runAsNonRoot"));
        Map<String, Object> security = map(container.get("securityContext"));
        assertEquals(true, security.get("readOnlyRootFilesystem"));
        assertEquals(false, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), map(security.get("capabilities")).get("drop"));
        assertEquals("/tmp", map(list(container.get("volumeMounts")).get(0)).get("mountPath"));
        assertTrue(map(list(spec.get("volumes")).get(0)).containsKey("emptyDir"));
        assertEquals("/q/health/started", probePath(container, "startupProbe"));
        assertEquals("/q/health/ready", probePath(container, "readinessProbe"));
        assertEquals("/q/health/live", probePath(container, "livenessProbe"));
        // the probes reach the management interface (its own port), which the Service does not expose
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals(
                    "management", map(map(container.get(probe)).get("httpGet")).get("port"), probe);
        }
        assertTrue(
                list(container.get("ports")).stream()
                        .anyMatch(p -> Integer.valueOf(9000).equals(map(p).get("containerPort"))),
                "the management port is declared");
        String service = Files.readString(KUBERNETES.resolve("base/service.yaml"));
        assertFalse(service.contains("9000") || service.contains("management"), "the Service exposes only the API");
        Map<String, Object> resources = map(container.get("resources"));
        assertTrue(map(resources.get("requests")).containsKey("memory")
                && map(resources.get("limits")).containsKey("memory"));

        Map<String, Object> settings =
                map(documents(KUBERNETES.resolve("base/configmap.yaml")).get(0).get("data"));
        Duration stop = Duration.parse((String) settings.get("BRIDGEPOINT_SHUTDOWN_DELAY"))
                .plus(Duration.parse((String) settings.get("BRIDGEPOINT_SHUTDOWN_TIMEOUT")));
        int grace = (int) spec.get("terminationGracePeriodSeconds");
        assertTrue(grace >= stop.toSeconds() + 5, "grace period " + grace + " s for a stop of " + stop);
    }

    /**
     * The pods believe X-Forwarded-For from the pod network only (the ConfigMap), and only the ingress controller's
     * namespace reaches their HTTP port: no other pod can pick the address the throttle counts.
     */
    @Test
    void onlyTheIngressControllerReachesThePodsWhichTrustOnlyThePodNetworkWithForwardedAddresses() throws IOException {
        Map<String, Object> policy =
                documents(KUBERNETES.resolve("base/networkpolicy.yaml")).get(0);
        Map<String, Object> deployment =
                documents(KUBERNETES.resolve("base/deployment.yaml")).get(0);
        Map<String, Object> template = map(map(deployment.get("spec")).get("template"));
        Map<String, Object> spec = map(policy.get("spec"));
        assertEquals(
                map(map(template.get("metadata")).get("labels")).get("app.kubernetes.io/name"),
                map(map(spec.get("podSelector")).get("matchLabels")).get("app.kubernetes.io/name"),
                "the policy selects the Deployment's pods");
        assertEquals(List.of("Ingress"), spec.get("policyTypes"));
        List<Map<String, Object>> rules = list(spec.get("ingress"));
        assertEquals(2, rules.size(), "one way to the API, one to the metrics: " + rules);
        Map<String, Object> rule = rules.get(0);
        // Prometheus reaches the management port only (health and metrics), never the API
        assertEquals(
                List.of(Map.of("port", "management", "protocol", "TCP")),
                rules.get(1).get("ports"));
        assertEquals(
                List.of(Map.of(
                        "namespaceSelector",
                        Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "ingress-nginx")))),
                rule.get("from"));
        Map<String, Object> container =
                map(list(map(template.get("spec")).get("containers")).get(0));
        Object httpPort = map(list(container.get("ports")).get(0)).get("name");
        assertEquals(List.of(Map.of("port", httpPort, "protocol", "TCP")), rule.get("ports"));

        Map<String, Object> settings =
                map(documents(KUBERNETES.resolve("base/configmap.yaml")).get(0).get("data"));
        assertEquals(
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
                List.of(((String) settings.get("BRIDGEPOINT_TRUSTED_PROXIES")).split(",")));
    }

    /** compose: the instances believe X-Forwarded-For from nginx's fixed address only; the image from no one. */
    @Test
    void composeTrustsNginxAloneAndTheImageNoProxy() throws IOException {
        Map<String, Object> compose = documents(DEPLOY.resolve("compose.yaml")).get(0);
        Map<String, Object> services = map(compose.get("services"));
        String nginx =
                (String) map(map(map(services.get("nginx")).get("networks")).get("default"))
                        .get("ipv4_address");
        String subnet = (String)
                map(list(map(map(map(compose.get("networks")).get("default")).get("ipam"))
                                        .get("config"))
                                .get(0))
                        .get("subnet");
        assertTrue(nginx.startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1)), nginx + " in " + subnet);
        for (String instance : List.of("bridgepoint-1", "bridgepoint-2")) {
            assertEquals(
                    nginx, map(map(services.get(instance)).get("environment")).get("BRIDGEPOINT_TRUSTED_PROXIES"));
        }
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertFalse(dockerfile.contains("BRIDGEPOINT_TRUSTED_PROXIES="), "the image trusts no proxy by itself");
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains("BRIDGEPOINT_TRUST_FORWARDED"), file + ": a setting gone");
            }
        }
    }

    @Test
    void composeRunsTwoInstancesBehindNginxWithSecretsFromEnv() throws IOException {
        Map<String, Object> services =
                map(documents(DEPLOY.resolve("compose.yaml")).get(0).get("services"));
        assertTrue(services.keySet().containsAll(List.of("postgres", "bridgepoint-1", "bridgepoint-2", "nginx")));
        assertEquals("postgres:17", map(services.get("postgres")).get("image"));
        String compose = Files.readString(DEPLOY.resolve("compose.yaml"));
        assertTrue(compose.contains("${POSTGRES_PASSWORD:?"), "the password comes from .env, and must be set");
        assertFalse(compose.contains("change-me"));
        for (Object volume : list(map(services.get("nginx")).get("volumes"))) {
            Path mounted = DEPLOY.resolve(((String) volume).split(":")[0]);
            assertTrue(Files.exists(mounted), mounted.toString());
        }
        assertTrue(Files.exists(DEPLOY.resolve(".env.example")));
        assertTrue(Files.readString(Path.of(".gitignore")).lines().anyMatch(".env"::equals), ".env is not committed");
    }

    /**
     * Compose runs the migrations as the owner of the tables (the image's POSTGRES_USER) and the instances as the role
     * that its init script creates on an empty volume; the token keys come from {@code .env} and must be set.
     */
    @Test
    void composeRunsTheServiceAsARoleThatOwnsNothingWithTokenKeysFromEnv() throws IOException {
        Map<String, Object> services =
                map(documents(DEPLOY.resolve("compose.yaml")).get(0).get("services"));
        Map<String, Object> env = map(map(services.get("bridgepoint-1")).get("environment"));
        assertEquals("${POSTGRES_USER:-bridgepoint}", env.get("QUARKUS_FLYWAY_USERNAME"));
        assertTrue(((String) env.get("QUARKUS_FLYWAY_PASSWORD")).startsWith("${POSTGRES_PASSWORD:?"));
        assertEquals("${POSTGRES_RUNTIME_USER:-bridgepoint_runtime}", env.get("QUARKUS_DATASOURCE_USERNAME"));
        assertTrue(((String) env.get("QUARKUS_DATASOURCE_PASSWORD")).startsWith("${POSTGRES_RUNTIME_PASSWORD:?"));
        assertTrue(
                ((String) env.get("BRIDGEPOINT_TOKEN_KEYS")).startsWith("${BRIDGEPOINT_TOKEN_KEYS:?"), "keys required");

        Map<String, Object> postgres = map(services.get("postgres"));
        Map<String, Object> postgresEnv = map(postgres.get("environment"));
        assertEquals(env.get("QUARKUS_DATASOURCE_USERNAME"), postgresEnv.get("POSTGRES_RUNTIME_USER"));
        assertEquals(env.get("QUARKUS_DATASOURCE_PASSWORD"), postgresEnv.get("POSTGRES_RUNTIME_PASSWORD"));
        String init = list(postgres.get("volumes")).stream()
                .map(String.class::cast)
                .filter(v -> v.contains(":/docker-entrypoint-initdb.d/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no init script for the service's role"));
        Path script = DEPLOY.resolve(init.split(":")[0]);
        assertTrue(Files.isExecutable(script), script.toString());
        String text = Files.readString(script);
        assertTrue(text.contains("$POSTGRES_RUNTIME_USER") && text.contains("$POSTGRES_RUNTIME_PASSWORD"), text);
        assertTrue(text.contains("create role :\"runtime\" login password :'runtime_password'"), text);

        String example = Files.readString(DEPLOY.resolve(".env.example"));
        for (String setting :
                List.of("POSTGRES_RUNTIME_USER=", "POSTGRES_RUNTIME_PASSWORD=", "BRIDGEPOINT_TOKEN_KEYS=")) {
            assertTrue(example.lines().anyMatch(l -> l.startsWith(setting)), setting);
        }
    }

    /**
     * Kubernetes: the migrations run as the owner (optional, for Secrets from before the two roles), the service as
     * {@code db-username}; the token keys are a Secret mounted as the file the service reads. The CloudNativePG
     * overlay runs the migrations as the operator's application owner and the service as a role the operator manages
     * with the password of its own Secret. The Secrets are templates, never applied.
     */
    @Test
    void kubernetesRunsTheServiceAsARoleThatOwnsNothingWithTokenKeysFromASecret() throws IOException {
        Map<String, Object> spec = podSpec(KUBERNETES.resolve("base/deployment.yaml"));
        Map<String, Object> container = map(list(spec.get("containers")).get(0));
        Map<String, Map<String, Object>> env = env(container);
        assertEquals(
                Map.of("name", "bridgepoint", "key", "db-owner-username", "optional", true),
                secretRef(env, "QUARKUS_FLYWAY_USERNAME"));
        assertEquals(
                "db-owner-password", secretRef(env, "QUARKUS_FLYWAY_PASSWORD").get("key"));
        assertEquals(
                "db-username", secretRef(env, "QUARKUS_DATASOURCE_USERNAME").get("key"));
        assertEquals(
                "db-password", secretRef(env, "QUARKUS_DATASOURCE_PASSWORD").get("key"));

        String keysFile = (String) env.get("BRIDGEPOINT_TOKEN_KEYS_FILE").get("value");
        Map<String, Object> mount = list(container.get("volumeMounts")).stream()
                .map(DeploymentFilesTest::map)
                .filter(m -> keysFile.startsWith(m.get("mountPath") + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + keysFile));
        Map<String, Object> volume = list(spec.get("volumes")).stream()
                .map(DeploymentFilesTest::map)
                .filter(v -> v.get("name").equals(mount.get("name")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> secretVolume = map(volume.get("secret"));
        assertEquals("bridgepoint-token-keys", secretVolume.get("secretName"));
        assertEquals(
                keysFile.substring(((String) mount.get("mountPath")).length() + 1),
                map(list(secretVolume.get("items")).get(0)).get("path"));

        Map<String, Map<String, Object>> secrets = new HashMap<>();
        for (Map<String, Object> doc : documents(KUBERNETES.resolve("secret.template.yaml"))) {
            secrets.put((String) map(doc.get("metadata")).get("name"), map(doc.get("stringData")));
        }
        assertTrue(secrets.get("bridgepoint")
                .keySet()
                .containsAll(List.of("db-owner-username", "db-owner-password", "db-username", "db-password")));
        assertTrue(secrets.get("bridgepoint-token-keys").containsKey("keys"));

        Path overlay = KUBERNETES.resolve("cloudnative-pg");
        Map<String, Object> cluster = documents(overlay.resolve("cluster.yaml")).get(0);
        Map<String, Object> role = map(
                list(map(map(cluster.get("spec")).get("managed")).get("roles")).get(0));
        assertEquals("bridgepoint_runtime", role.get("name"));
        assertEquals(true, role.get("login"));
        String runtimeSecret = (String) map(role.get("passwordSecret")).get("name");
        Map<String, Object> template =
                documents(overlay.resolve("runtime-secret.template.yaml")).get(0);
        assertEquals(runtimeSecret, map(template.get("metadata")).get("name"));
        assertEquals("kubernetes.io/basic-auth", template.get("type"));
        assertEquals("bridgepoint_runtime", map(template.get("stringData")).get("username"));
        Map<String, Map<String, Object>> patched =
                env(map(list(podSpec(overlay.resolve("datasource.yaml")).get("containers"))
                        .get(0)));
        Map<String, Object> initdb =
                map(map(map(cluster.get("spec")).get("bootstrap")).get("initdb"));
        assertEquals("bridgepoint", initdb.get("owner"), "the application owner, bridgepoint-db-app's role");
        assertEquals(
                "bridgepoint-db-app",
                secretRef(patched, "QUARKUS_FLYWAY_USERNAME").get("name"));
        assertEquals(false, secretRef(patched, "QUARKUS_FLYWAY_USERNAME").get("optional"));
        assertEquals(
                runtimeSecret, secretRef(patched, "QUARKUS_DATASOURCE_USERNAME").get("name"));
        assertEquals(
                runtimeSecret, secretRef(patched, "QUARKUS_DATASOURCE_PASSWORD").get("name"));
        List<String> applied =
                list(documents(overlay.resolve("kustomization.yaml")).get(0).get("resources"));
        assertTrue(applied.stream().noneMatch(r -> r.contains("template")), "templates are not applied: " + applied);

        // an external database: the roles' SQL that README gives (DeploymentProofIT runs it)
        String roles = Files.readString(DEPLOY.resolve("postgres/create-roles.sql"));
        assertTrue(roles.contains("create role :\"owner\"") && roles.contains("create role :\"runtime\""), roles);
    }

    /**
     * The image runs the service with the JDK's AOT cache that its own build trained (the cache only serves the JVM
     * and class path it was made with): packaged as aot-jar, trained in the runtime stage by deploy/aot/train.sh with
     * deploy/aot/TrainingRun.java (which {@code TrainingRunTest} runs against the service), used at every start.
     */
    @Test
    void theImageTrainsItsAotCacheAndStartsWithIt() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        List<String> stages = Stream.of(dockerfile.split("\n"))
                .filter(line -> line.startsWith("FROM "))
                .toList();
        assertEquals(List.of("FROM eclipse-temurin:25-jdk AS build", "FROM eclipse-temurin:25-jre"), stages);
        String runtime = dockerfile.substring(dockerfile.indexOf("FROM eclipse-temurin:25-jre"));
        assertTrue(dockerfile.contains("-Dquarkus.package.jar.type=aot-jar package"), "packaged as aot-jar");
        assertTrue(runtime.contains("sh /opt/training/train.sh /opt/bridgepoint /opt/training"), "trained at build");
        assertFalse(runtime.contains("BRIDGEPOINT_TOKEN_KEYS="), "the image holds no token key");
        assertTrue(
                Files.readString(DEPLOY.resolve("aot/train.sh")).contains("BRIDGEPOINT_TOKEN_KEYS=\"training="),
                "the training run on its external database signs with a throwaway key");
        assertTrue(runtime.indexOf("ENV JAVA_OPTS=") < runtime.indexOf("train.sh"), "trained with the JVM options");
        assertTrue(
                runtime.contains("exec java $JAVA_OPTS -XX:AOTCache=app.aot -jar quarkus-run.jar"), "started with it");
        assertTrue(
                Files.exists(DEPLOY.resolve("aot/train.sh")) && Files.exists(DEPLOY.resolve("aot/TrainingRun.java")));
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
        assertTrue(ignored.indexOf("!deploy/aot/") > ignored.indexOf("deploy/*"), "the training run is in the context");
    }

    /** A variable of nginx that holds a query string (or a Referer, which may): none is logged. */
    private static final Pattern QUERY_VARIABLE =
            Pattern.compile("\\$(request|request_uri|args|query_string|http_referer)\\b|\\$arg_");

    /**
     * No access log keeps a query string (a calendar subscription's token, a join link's code): the nginx template's
     * format and the ingress-nginx controller's ({@code log-format-upstream}) log {@code $uri}; and where nginx is
     * installed, both pass {@code nginx -t} (the controller's own variables stood in for).
     */
    @Test
    void noAccessLogKeepsAQueryString() throws IOException {
        String template = Files.readString(Nginx.TEMPLATE);
        Matcher nginx = Pattern.compile("log_format\\s+bridgepoint\\s+([^;]+);").matcher(template);
        assertTrue(nginx.find(), "the template defines its log format");
        String nginxFormat = nginx.group(1);
        Map<String, Object> controller = documents(KUBERNETES.resolve("ingress-nginx/controller-configmap.yaml"))
                .get(0);
        assertEquals("ingress-nginx-controller", map(controller.get("metadata")).get("name"));
        String ingressFormat = (String) map(controller.get("data")).get("log-format-upstream");
        for (String format : List.of(nginxFormat, ingressFormat)) {
            assertTrue(format.contains("$uri"), format);
            assertFalse(QUERY_VARIABLE.matcher(format).find(), format);
        }
        assertTrue(
                Files.readString(KUBERNETES.resolve("base/ingress.yaml"))
                        .contains("ingress-nginx/controller-configmap.yaml"),
                "the Ingress points to the controller's settings");

        Assumptions.assumeTrue(Files.isExecutable(ProofTools.NGINX), "nginx is not installed: nginx -t is not run");
        try (Nginx checked = Nginx.inFrontOf("files", List.of(1))) {
            checked.check("map $host $proxy_upstream_name { default upstream; }\n"
                    + "map $host $req_id { default id; }\n"
                    + "log_format ingress '" + ingressFormat + "';");
        }
    }

    @Test
    void kubectlRendersTheKustomizations() throws Exception {
        Path kubectl = Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the kustomizations are not rendered");
        for (Path k : List.of(KUBERNETES, KUBERNETES.resolve("cloudnative-pg"))) {
            String out = Commands.output(Duration.ofSeconds(60), kubectl.toString(), "kustomize", k.toString());
            assertTrue(out.contains("kind: Deployment") && out.contains("kind: Ingress"), out);
            if (k.endsWith("cloudnative-pg")) {
                assertTrue(out.contains("kind: Cluster") && out.contains("bridgepoint-db-rw"), out);
            }
        }
    }

    private static Map<String, Object> podSpec(Path deployment) throws IOException {
        return map(map(map(documents(deployment).get(0).get("spec")).get("template"))
                .get("spec"));
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new HashMap<>();
        for (Object e : list(container.get("env"))) {
            env.put((String) map(e).get("name"), map(e));
        }
        return env;
    }

    private static Map<String, Object> secretRef(Map<String, Map<String, Object>> env, String name) {
        assertTrue(env.containsKey(name), name + " is set");
        return map(map(env.get(name).get("valueFrom")).get("secretKeyRef"));
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container.get(probe)).get("httpGet")).get("path");
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object o) {
        return o == null ? List.of() : (List<T>) o;
    }
}
