package bridgepoint.security;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Versions;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class UserService {

    static final int BCRYPT_COST = 10;
    /** Compared against when the user does not exist, so that both failures take the same time. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("bridgepoint-dummy-password", BCRYPT_COST);

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    TokenSubjects subjects;

    @Inject
    Clock clock;

    @Transactional
    public AppUser create(UserRequest request) {
        Set<UUID> sites = request.siteIds() == null ? Set.of() : request.siteIds();
        switch (request.role()) {
            case DELEGATE ->
                throw ApiException.badRequest("role", "delegates are not users: they join with their join code");
            case ORGANIZER -> {
                if (!sites.isEmpty()) {
                    throw ApiException.badRequest("siteIds", "an ORGANIZER is not tied to sites");
                }
            }
            case SITE_HOST -> {
                if (sites.isEmpty()) {
                    throw ApiException.badRequest("siteIds", "a SITE_HOST needs at least one site");
                }
                @SuppressWarnings("unchecked")
                // for share: a site cannot be deleted between this check and the insert of the account's sites
                List<UUID> known = em.createNativeQuery("select id from site where id = any(?1) for share", UUID.class)
                        .setParameter(1, sites.toArray(new UUID[0]))
                        .getResultList();
                if (known.size() != sites.size()) {
                    Set<UUID> unknown = new HashSet<>(sites);
                    known.forEach(unknown::remove);
                    throw ApiException.badRequest(
                            "siteIds", "no such site: " + unknown.iterator().next());
                }
            }
        }
        if (AppUser.findByUsername(request.username()).isPresent()) {
            throw ApiException.conflict(
                    "duplicate-username", "a user named '" + request.username() + "' already exists");
        }
        AppUser user = new AppUser();
        user.id = UUID.randomUUID();
        user.username = request.username();
        user.passwordHash = BcryptUtil.bcryptHash(request.password(), BCRYPT_COST);
        user.role = request.role();
        user.siteIds = new HashSet<>(sites);
        user.createdAt = clock.instant();
        user.persistAndFlush();
        audit.record("user.created", null, "user", user.id, null, UserResponse.of(user));
        return user;
    }

    @Transactional
    public Page<AppUser> list(PageRequest page) {
        var query = AppUser.<AppUser>findAll(Sort.by("username")).page(page.page(), page.size());
        return new Page<>(query.list(), query.count(), page.page(), page.size());
    }

    @Transactional
    public AppUser get(UUID id) {
        return AppUser.<AppUser>findByIdOptional(id).orElseThrow(() -> ApiException.notFound("user", id));
    }

    @Transactional
    public void delete(UUID id, UUID callerId, String ifMatch) {
        AppUser user = get(id);
        Versions.checkIfMatch(ifMatch, user.version);
        if (user.id.equals(callerId)) {
            throw ApiException.conflict("own-account", "you cannot delete your own account");
        }
        UserResponse before = UserResponse.of(user);
        user.delete();
        subjects.changed(id);
        audit.record("user.deleted", null, "user", id, before, null);
    }

    /** An account as login sees it. */
    public record Account(UUID id, String username, Role role, Set<UUID> siteIds) {}

    private record Credentials(Account account, String passwordHash) {}

    /**
     * The account with these credentials, if any. The password is checked after the account was read, outside any
     * transaction: bcrypt takes its time on purpose, and must not hold a database connection meanwhile.
     */
    public Optional<Account> authenticate(String username, String password) {
        Optional<Credentials> found = QuarkusTransaction.requiringNew()
                .call(() -> AppUser.findByUsername(username)
                        .map(u -> new Credentials(
                                new Account(u.id, u.username, u.role, Set.copyOf(u.siteIds)), u.passwordHash)));
        String hash = found.map(Credentials::passwordHash).orElse(DUMMY_HASH);
        boolean matches = BcryptUtil.matches(password, hash);
        return matches ? found.map(Credentials::account) : Optional.empty();
    }
}
