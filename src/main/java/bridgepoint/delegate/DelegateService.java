package bridgepoint.delegate;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.DelegatesChanged;
import bridgepoint.common.MergePatch;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Search;
import bridgepoint.common.Versions;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ParticipationService;
import bridgepoint.security.Caller;
import bridgepoint.security.TokenSubjects;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DelegateService {

    @Inject
    Audit audit;

    @Inject
    Event<DelegatesChanged> delegatesChanged;

    @Inject
    EntityManager em;

    @Inject
    TokenSubjects subjects;

    @Inject
    ConferenceService conferences;

    @Inject
    ConferenceAccess access;

    @Inject
    ParticipationService participations;

    @Inject
    MergePatch mergePatch;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Transactional
    public Delegate create(UUID conferenceId, DelegateRequest request) {
        Conference c = conferences.lock(conferenceId);
        checkEditable(c);
        Delegate d = new Delegate();
        d.id = UUID.randomUUID();
        d.conferenceId = conferenceId;
        d.joinCode = JoinCodes.generate();
        d.createdAt = clock.instant();
        apply(d, request);
        d.persistAndFlush();
        audit.record("delegate.created", conferenceId, "delegate", d.id, null, DelegateResponse.audited(d));
        delegatesChanged.fire(DelegatesChanged.one(conferenceId));
        return d;
    }

    /**
     * Delegates of a conference. Site hosts see only the delegates of their own sites; delegates see none
     * (they read themselves by id).
     */
    @Transactional
    public Page<Delegate> list(UUID conferenceId, UUID siteId, String q, Boolean checkedIn, PageRequest page) {
        access.readable(conferenceId);
        List<String> where = new ArrayList<>();
        Parameters params = Parameters.with("conference", conferenceId);
        where.add("d.conferenceId = :conference");
        switch (caller.role()) {
            case ORGANIZER -> {}
            case SITE_HOST -> {
                if (siteId != null && !caller.hostsSite(siteId)) {
                    throw ApiException.forbidden("you can list the delegates of your own sites only");
                }
                where.add("d.siteId in :hosted");
                params.and("hosted", caller.hostedSites());
            }
            case DELEGATE -> throw ApiException.forbidden("delegates cannot list other delegates");
        }
        if (siteId != null) {
            where.add("d.siteId = :site");
            params.and("site", siteId);
        }
        if (checkedIn != null) {
            where.add(
                    (checkedIn ? "" : "not ") + "exists (select 1 from CurrentCheckIn ci where ci.delegateId = d.id)");
        }
        List<String> patterns = Search.patterns(q);
        if (!patterns.isEmpty()) {
            where.add(Search.condition("d.searchText", patterns.size()));
            for (int i = 0; i < patterns.size(); i++) {
                params.and("q" + i, patterns.get(i));
            }
        }
        String filter = " where " + String.join(" and ", where);
        var query = Delegate.<Delegate>find("from Delegate d" + filter + " order by d.fullName, d.id", params)
                .page(page.page(), page.size());
        return new Page<>(query.list(), query.count(), page.page(), page.size());
    }

    @Transactional
    public Delegate get(UUID conferenceId, UUID delegateId) {
        access.readable(conferenceId);
        Delegate d = find(conferenceId, delegateId);
        checkRead(d);
        return d;
    }

    @Transactional
    public Delegate patch(UUID conferenceId, UUID delegateId, JsonNode patch, String ifMatch) {
        Conference c = conferences.lock(conferenceId);
        checkEditable(c);
        Delegate d = find(conferenceId, delegateId);
        em.lock(d, LockModeType.PESSIMISTIC_WRITE);
        Versions.checkIfMatch(ifMatch, d.version);
        DelegateResponse before = DelegateResponse.audited(d);
        apply(d, mergePatch.apply(DelegateResponse.asRequest(d), patch, DelegateRequest.class));
        em.flush();
        audit.record("delegate.updated", conferenceId, "delegate", delegateId, before, DelegateResponse.audited(d));
        if (!d.siteId.equals(before.siteId())) {
            delegatesChanged.fire(DelegatesChanged.one(conferenceId)); // moved: the sites' registered counts changed
        }
        return d;
    }

    @Transactional
    public void delete(UUID conferenceId, UUID delegateId, String ifMatch) {
        Conference c = conferences.lock(conferenceId);
        checkEditable(c);
        Delegate d = find(conferenceId, delegateId);
        Versions.checkIfMatch(ifMatch, d.version);
        DelegateResponse before = DelegateResponse.audited(d);
        d.delete();
        em.flush();
        subjects.changed(delegateId);
        audit.record("delegate.deleted", conferenceId, "delegate", delegateId, before, null);
        delegatesChanged.fire(DelegatesChanged.one(conferenceId));
    }

    /** Replaces a delegate's join code, e.g. when it has leaked; the old one stops working at once. */
    @Transactional
    public Delegate newJoinCode(UUID conferenceId, UUID delegateId, String ifMatch) {
        conferences.lock(conferenceId);
        Delegate d = find(conferenceId, delegateId);
        Versions.checkIfMatch(ifMatch, d.version);
        DelegateResponse before = DelegateResponse.audited(d);
        d.joinCode = JoinCodes.generate();
        em.flush();
        subjects.changed(delegateId); // its tokens go with the old code
        audit.record(
                "delegate.join-code-replaced",
                conferenceId,
                "delegate",
                delegateId,
                before,
                DelegateResponse.audited(d));
        return d;
    }

    @Transactional
    public Optional<Delegate> findByJoinCode(String typedCode) {
        String code = JoinCodes.normalize(typedCode);
        if (code == null) {
            return Optional.empty();
        }
        return Delegate.find("joinCode", code).firstResultOptional();
    }

    private Delegate find(UUID conferenceId, UUID delegateId) {
        Delegate d = em.find(Delegate.class, delegateId);
        if (d == null || !d.conferenceId.equals(conferenceId)) {
            throw ApiException.notFound("delegate", delegateId);
        }
        return d;
    }

    private void checkRead(Delegate d) {
        boolean allowed = switch (caller.role()) {
            case ORGANIZER -> true;
            case SITE_HOST -> caller.hostsSite(d.siteId);
            case DELEGATE -> d.id.equals(caller.delegateId());
        };
        if (!allowed) {
            throw ApiException.forbidden(
                    caller.isDelegate()
                            ? "delegates can read only themselves"
                            : "this delegate attends a site you do not host");
        }
    }

    private static void checkEditable(Conference c) {
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
    }

    private void apply(Delegate d, DelegateRequest request) {
        if (!participations.takesPart(d.conferenceId, request.siteId())) {
            throw ApiException.badRequest(
                    "siteId", "site " + request.siteId() + " does not take part in this conference");
        }
        String email = request.email() == null || request.email().isBlank()
                ? null
                : request.email().strip();
        if (email != null) {
            long clashes = Delegate.count(
                    "conferenceId = ?1 and lower(email) = lower(?2) and id <> ?3", d.conferenceId, email, d.id);
            if (clashes > 0) {
                throw ApiException.conflict(
                        "duplicate-email", "a delegate with email " + email + " already takes part in this conference");
            }
        }
        d.siteId = request.siteId();
        d.fullName = request.fullName().strip();
        d.title = request.title();
        d.organization = request.organization();
        d.email = email;
        d.phone = request.phone();
    }
}
