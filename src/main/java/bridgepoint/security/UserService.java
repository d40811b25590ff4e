package bridgepoint.security;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.MergePatch;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.RandomCodes;
import bridgepoint.common.Search;
import bridgepoint.common.Versions;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class UserService {

    static final int BCRYPT_COST = 10;
    /** Compared against when the user does not exist, so that both failures take the same time. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("bridgepoint-dummy-password", BCRYPT_COST);
    /** Reset codes: 16 characters of base32, 80 random bits, shown as {@code XXXX-XXXX-XXXX-XXXX}. */
    private static final int RESET_CODE_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    TokenSubjects subjects;

    @Inject
    MergePatch mergePatch;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    /** Who is acting (for {@code createdBy}): the caller's account id and name. */
    public record Actor(UUID id, String name) {}

    @Transactional
    public AppUser create(UserRequest request, Actor creator) {
        Set<UUID> sites = request.siteIds() == null ? Set.of() : request.siteIds();
        checkRoleAndSites(request.role(), sites);
        PasswordPolicy.check("password", request.username(), request.password());
        if (AppUser.findByUsername(request.username()).isPresent()) {
            throw ApiException.conflict(
                    "duplicate-username", "a user named '" + request.username() + "' already exists");
        }
        AppUser user = new AppUser();
        user.id = UUID.randomUUID();
        user.username = request.username();
        user.displayName = blankToNull(request.displayName());
        user.passwordHash = BcryptUtil.bcryptHash(request.password(), BCRYPT_COST);
        user.role = request.role();
        user.siteIds = new HashSet<>(sites);
        user.createdAt = clock.instant();
        if (creator != null) {
            user.createdBy = creator.id();
            user.createdByName = creator.name();
        }
        user.persistAndFlush();
        audit.record("user.created", null, "user", user.id, null, UserResponse.of(user));
        return user;
    }

    private void checkRoleAndSites(Role role, Set<UUID> sites) {
        switch (role) {
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
    }

    /** Accounts by username, optionally of one role, of one site, and matching {@code q} (username, display name). */
    @Transactional
    public Page<AppUser> list(Role role, UUID siteId, String q, PageRequest page) {
        List<String> patterns = Search.patterns(q);
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (role != null) {
            where.add("role = :role");
            params.put("role", role);
        }
        if (siteId != null) {
            where.add(":siteId member of siteIds");
            params.put("siteId", siteId);
        }
        if (!patterns.isEmpty()) {
            where.add(Search.condition("searchText", patterns.size()));
            for (int i = 0; i < patterns.size(); i++) {
                params.put("q" + i, patterns.get(i));
            }
        }
        String query = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        var found = AppUser.<AppUser>find(query, Sort.by("username"), params).page(page.page(), page.size());
        return new Page<>(found.list(), found.count(), page.page(), page.size());
    }

    @Transactional
    public AppUser get(UUID id) {
        return AppUser.<AppUser>findByIdOptional(id).orElseThrow(() -> ApiException.notFound("user", id));
    }

    /**
     * Changes the display name, role, sites or whether the account is disabled. A new role or new sites, or
     * disabling, revokes the account's tokens on every instance: a host's token lists its sites as they were at
     * login.
     */
    @Transactional
    public AppUser patch(UUID id, JsonNode patch, String ifMatch) {
        AppUser user = get(id);
        Versions.checkIfMatch(ifMatch, user.version);
        if (patch != null && patch.has("password")) {
            throw ApiException.badRequest(
                    "password", "is not changed here: give the account a reset code (POST …/password-reset)");
        }
        if (patch != null
                && patch.has("username")
                && !patch.get("username").asText().equals(user.username)) {
            throw ApiException.badRequest("username", "cannot be changed");
        }
        UserPatch next = mergePatch.apply(UserPatch.of(user), patch, UserPatch.class);
        Set<UUID> sites = next.siteIds() == null ? Set.of() : Set.copyOf(next.siteIds());
        checkRoleAndSites(next.role(), sites);
        boolean wasEnabledOrganizer = user.role == Role.ORGANIZER && !user.disabled;
        if (wasEnabledOrganizer && (next.role() != Role.ORGANIZER || next.disabled())) {
            keepAnOrganizer(user, next.disabled() ? "disabled" : "given another role");
        }
        boolean revoke = next.role() != user.role || !sites.equals(user.siteIds) || (next.disabled() && !user.disabled);
        boolean enabled = user.disabled && !next.disabled();
        UserResponse before = UserResponse.of(user);
        user.displayName = blankToNull(next.displayName());
        user.role = next.role();
        boolean sitesChanged = !sites.equals(user.siteIds);
        if (sitesChanged) {
            user.siteIds.clear();
            user.siteIds.addAll(sites);
        }
        user.disabled = next.disabled();
        if (revoke) {
            revokeTokens(user);
        } else if (enabled) {
            subjects.changed(user.id); // every instance reads it again: new tokens stand (the old ones were revoked)
        }
        em.flush(); // the new version, for the answer
        audit.record("user.updated", null, "user", user.id, before, UserResponse.of(user));
        return user;
    }

    @Transactional
    public void delete(UUID id, UUID callerId, String ifMatch) {
        AppUser user = get(id);
        Versions.checkIfMatch(ifMatch, user.version);
        if (user.role == Role.ORGANIZER && !user.disabled) {
            keepAnOrganizer(user, "deleted");
        }
        if (user.id.equals(callerId)) {
            throw ApiException.conflict("own-account", "you cannot delete your own account");
        }
        UserResponse before = UserResponse.of(user);
        user.delete();
        subjects.changed(id);
        audit.record("user.deleted", null, "user", id, before, null);
    }

    /**
     * Refuses ({@code 409 last-organizer}) to let this enabled organizer go when no other enabled organizer is left.
     * The enabled organizers are locked (in id order, so that two such transactions cannot deadlock): of two
     * organizers disabling each other at once, the second waits for the first, then sees it is the last.
     */
    private void keepAnOrganizer(AppUser user, String what) {
        @SuppressWarnings("unchecked")
        List<UUID> enabled = em.createNativeQuery(
                        "select id from app_user where role = 'ORGANIZER' and not disabled order by id for update",
                        UUID.class)
                .getResultList();
        if (enabled.stream().allMatch(user.id::equals)) {
            throw ApiException.conflict(
                    "last-organizer",
                    "'" + user.username + "' is the last enabled organizer and cannot be " + what
                            + ": enable or create another organizer first");
        }
    }

    /** An organizer signs an account out everywhere: every token it holds is revoked, on every instance. */
    @Transactional
    public AppUser signOut(UUID id) {
        AppUser user = get(id);
        revokeTokens(user);
        audit.record("user.signed-out", null, "user", user.id, null, null);
        return user;
    }

    /**
     * Revokes every token of the account, on every instance once the transaction commits: a new token stamp (an
     * update of its own, which leaves the account's version as it is).
     */
    private void revokeTokens(AppUser user) {
        byte[] stamp = new byte[12];
        RANDOM.nextBytes(stamp);
        em.createNativeQuery("update app_user set token_stamp = ?1 where id = ?2")
                .setParameter(1, Base64.getUrlEncoder().withoutPadding().encodeToString(stamp))
                .setParameter(2, user.id)
                .executeUpdate();
        subjects.changed(user.id);
    }

    /** A password reset code: shown once, kept only as its hash. */
    public record ResetCode(UUID userId, String username, String resetCode, Instant expiresAt) {}

    /**
     * A new one-time reset code for the account, replacing any earlier one; the account's password and tokens stay
     * as they are until the code is used.
     */
    @Transactional
    public ResetCode resetPassword(UUID id, UUID organizerId) {
        AppUser user = get(id);
        String code = RandomCodes.generate(RESET_CODE_LENGTH);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.auth().resetCodeTtl());
        em.createNativeQuery("""
                        insert into password_reset (user_id, code_hash, expires_at, created_at, created_by)
                        values (?1, ?2, ?3, ?4, ?5)
                        on conflict (user_id) do update set code_hash = excluded.code_hash,
                            expires_at = excluded.expires_at, created_at = excluded.created_at,
                            created_by = excluded.created_by""")
                .setParameter(1, user.id)
                .setParameter(2, hash(code))
                .setParameter(3, expiresAt)
                .setParameter(4, now)
                .setParameter(5, organizerId)
                .executeUpdate();
        audit.record("user.password-reset", null, "user", user.id, null, Map.of("expiresAt", expiresAt.toString()));
        return new ResetCode(user.id, user.username, RandomCodes.display(code), expiresAt);
    }

    /**
     * Sets a new password with a reset code (used up by this, whatever else fails after) or the current password.
     * 401 for an unknown user, a wrong, used or expired code, or a wrong password alike; 400 for a password the
     * policy refuses (checked first: a refused password does not use the code up). Every token of the account is
     * revoked.
     */
    public void changePassword(String username, String resetCode, String currentPassword, String newPassword) {
        checkNewPassword(username, currentPassword, newPassword);
        // bcrypt takes its time: outside any transaction, as for a login
        String newHash = BcryptUtil.bcryptHash(newPassword, BCRYPT_COST);
        if (currentPassword != null) {
            Account account = authenticate(username, currentPassword)
                    .orElseThrow(() -> AuthResource.unauthorized("wrong username or password"));
            QuarkusTransaction.requiringNew().run(() -> setPassword(account.id(), newHash, "current-password"));
            return;
        }
        String code = RandomCodes.normalize(resetCode, RESET_CODE_LENGTH);
        boolean done = code != null
                && QuarkusTransaction.requiringNew().call(() -> {
                    Optional<AppUser> user = AppUser.findByUsername(username);
                    if (user.isEmpty()) {
                        return false;
                    }
                    // deleted by the statement that checks it: of two uses at once, one only finds it
                    int used = em.createNativeQuery("""
                                    delete from password_reset where user_id = ?1 and code_hash = ?2 and expires_at > ?3""")
                            .setParameter(1, user.get().id)
                            .setParameter(2, hash(code))
                            .setParameter(3, clock.instant())
                            .executeUpdate();
                    if (used == 0) {
                        return false;
                    }
                    setPassword(user.get().id, newHash, "reset-code");
                    return true;
                });
        if (!done) {
            throw AuthResource.unauthorized("wrong username, or a reset code that is wrong, used or expired");
        }
    }

    /** {@code 400} for a new password the policy refuses, or that is the current one given. */
    static void checkNewPassword(String username, String currentPassword, String newPassword) {
        PasswordPolicy.check("newPassword", username, newPassword);
        if (currentPassword != null && currentPassword.equals(newPassword)) {
            throw ApiException.badRequest("newPassword", "must differ from the current password");
        }
    }

    /** The account has proved who it is (its password or a reset code): it is the actor, at the request's address. */
    private static Audit.Actor self(UUID id, String username, Role role) {
        return new Audit.Actor(id, username, role.name(), null);
    }

    private void setPassword(UUID id, String hash, String via) {
        AppUser user = get(id);
        em.createNativeQuery("update app_user set password_hash = ?1 where id = ?2")
                .setParameter(1, hash)
                .setParameter(2, id)
                .executeUpdate();
        revokeTokens(user);
        em.createNativeQuery("delete from password_reset where user_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        audit.recordAs(
                self(user.id, user.username, user.role),
                "user.password-changed",
                null,
                "user",
                id,
                null,
                Map.of("via", via));
    }

    /** Revokes the caller's own token (a logout), on every instance. */
    @Transactional
    public void logout(TokenClaims claims) {
        subjects.revoke(claims);
        boolean delegate = claims.role() == Role.DELEGATE;
        audit.record(
                "auth.logged-out",
                delegate ? claims.conferenceId() : null,
                delegate ? "delegate" : "user",
                claims.subject(),
                null,
                null);
    }

    /** An account as login sees it. */
    public record Account(UUID id, String username, Role role, Set<UUID> siteIds, boolean disabled, String stamp) {}

    private record Credentials(Account account, String passwordHash) {}

    /**
     * The account with these credentials, if any (disabled or not). The password is checked after the account was
     * read, outside any transaction: bcrypt takes its time on purpose, and must not hold a database connection
     * meanwhile.
     */
    public Optional<Account> authenticate(String username, String password) {
        Optional<Credentials> found = QuarkusTransaction.requiringNew()
                .call(() -> AppUser.findByUsername(username)
                        .map(u -> new Credentials(
                                new Account(u.id, u.username, u.role, Set.copyOf(u.siteIds), u.disabled, u.tokenStamp),
                                u.passwordHash)));
        String hash = found.map(Credentials::passwordHash).orElse(DUMMY_HASH);
        // a password longer than bcrypt reads would match on its first 72 bytes alone; none is ever set (the policy)
        boolean tooLong = PasswordPolicy.longerThanBcryptReads(password);
        boolean matches = BcryptUtil.matches(tooLong ? "" : password, hash) && !tooLong;
        return matches ? found.map(Credentials::account) : Optional.empty();
    }

    /**
     * A successful login: the account's {@code lastLoginAt} (not a change of the account: its version stays), and
     * {@code auth.logged-in} in the audit log.
     */
    public void loggedIn(Account account) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update app_user set last_login_at = ?1 where id = ?2")
                    .setParameter(1, clock.instant())
                    .setParameter(2, account.id())
                    .executeUpdate();
            audit.recordAs(
                    self(account.id(), account.username(), account.role()),
                    "auth.logged-in",
                    null,
                    "user",
                    account.id(),
                    null,
                    null);
        });
    }

    private static String hash(String code) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
