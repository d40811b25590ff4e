package bridgepoint.common;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST routes and who may call them, read once from the resource classes' annotations ({@code @Path}, the HTTP
 * method, {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll} on the method, else on the class), so that
 * {@link RequestBodies} can check a request's caller before reading its body. A path is matched as JAX-RS matches it:
 * the template with the most literal characters, then the most variables, wins.
 */
final class ApiRoutes {

    private static final Pattern VARIABLE =
            Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    /**
     * A route: {@code open} routes need no token; the others a token of one of {@code roles} ({@code **}: any role;
     * none: nobody). {@code upload}: it takes a CSV file ({@code @Consumes("text/csv")}).
     */
    record Route(String method, String template, boolean open, Set<String> roles, boolean upload) {

        boolean allows(String role) {
            return open || roles.contains("**") || roles.contains(role);
        }
    }

    private record Template(String template, Pattern pattern, int literals, int variables) {}

    private final List<Template> templates;
    private final List<Route> routes;

    private ApiRoutes(List<Template> templates, List<Route> routes) {
        this.templates = templates;
        this.routes = routes;
    }

    /** The routes of these resource classes (those without {@code @Path} are left out). */
    static ApiRoutes of(Collection<Class<?>> resources) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            Path root = resource.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String template = normalize(root.value() + "/" + (sub == null ? "" : sub.value()));
                routes.add(rules(verb, template, method, resource));
            }
        }
        List<Template> templates = routes.stream()
                .map(Route::template)
                .distinct()
                .map(ApiRoutes::compile)
                .sorted(Comparator.comparingInt(Template::literals)
                        .thenComparingInt(Template::variables)
                        .reversed())
                .toList();
        return new ApiRoutes(templates, List.copyOf(routes));
    }

    /**
     * The route of this request, or null for none: no template matches the path, or the one that does has no such
     * method (the REST layer then answers 404 or 405).
     */
    Route find(String method, String path) {
        String normalized = normalize(path);
        for (Template t : templates) {
            if (t.pattern().matcher(normalized).matches()) {
                return routes.stream()
                        .filter(r ->
                                r.template().equals(t.template()) && r.method().equals(method))
                        .findFirst()
                        .orElse(null);
            }
        }
        return null;
    }

    List<Route> routes() {
        return routes;
    }

    private static Route rules(String verb, String template, Method method, Class<?> resource) {
        AnnotatedElement rules = hasRules(method) ? method : resource;
        RolesAllowed roles = rules.getAnnotation(RolesAllowed.class);
        boolean open = rules.getAnnotation(DenyAll.class) == null && roles == null;
        Consumes consumes = method.isAnnotationPresent(Consumes.class)
                ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        boolean upload = consumes != null
                && Arrays.stream(consumes.value())
                        .anyMatch(type -> type.toLowerCase().startsWith("text/csv"));
        return new Route(verb, template, open, roles == null ? Set.of() : Set.of(roles.value()), upload);
    }

    private static boolean hasRules(Method method) {
        return method.isAnnotationPresent(RolesAllowed.class)
                || method.isAnnotationPresent(PermitAll.class)
                || method.isAnnotationPresent(DenyAll.class);
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** One slash between segments, none at the end. */
    private static String normalize(String path) {
        String p = ("/" + path).replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static Template compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int literals = 0;
        int variables = 0;
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start())));
            literals += m.start() - at;
            regex.append('(')
                    .append(m.group(2) == null ? "[^/]+" : m.group(2).strip())
                    .append(')');
            variables++;
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        literals += template.length() - at;
        return new Template(template, Pattern.compile(regex.toString()), literals, variables);
    }
}
