package bridgepoint.site;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.MergePatch;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.Search;
import bridgepoint.common.TimeZones;
import bridgepoint.common.Versions;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SiteService {

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    MergePatch mergePatch;

    @Inject
    Clock clock;

    @Transactional
    public Site create(SiteRequest request) {
        checkNameFree(request.name(), null);
        Site site = new Site();
        site.id = UUID.randomUUID();
        site.createdAt = clock.instant();
        apply(site, request);
        site.persistAndFlush();
        audit.record("site.created", null, "site", site.id, null, SiteResponse.of(site));
        return site;
    }

    @Transactional
    public Page<Site> list(String q, PageRequest page) {
        List<String> patterns = Search.patterns(q);
        String where = patterns.isEmpty() ? "1 = 1" : Search.condition("searchText", patterns.size());
        Parameters params = new Parameters();
        for (int i = 0; i < patterns.size(); i++) {
            params.and("q" + i, patterns.get(i));
        }
        var query = Site.<Site>find(where + " order by lower(name), id", params).page(page.page(), page.size());
        return new Page<>(query.list(), query.count(), page.page(), page.size());
    }

    @Transactional
    public Site get(UUID id) {
        return Site.<Site>findByIdOptional(id).orElseThrow(() -> ApiException.notFound("site", id));
    }

    @Transactional
    public Site update(UUID id, SiteRequest request, String ifMatch) {
        Site site = lock(id);
        Versions.checkIfMatch(ifMatch, site.version);
        checkNameFree(request.name(), id);
        SiteResponse before = SiteResponse.of(site);
        apply(site, request);
        em.flush();
        audit.record("site.updated", null, "site", id, before, SiteResponse.of(site));
        return site;
    }

    @Transactional
    public Site patch(UUID id, JsonNode patch, String ifMatch) {
        Site site = lock(id);
        Versions.checkIfMatch(ifMatch, site.version);
        SiteRequest request = mergePatch.apply(SiteRequest.of(site), patch, SiteRequest.class);
        checkNameFree(request.name(), id);
        SiteResponse before = SiteResponse.of(site);
        apply(site, request);
        em.flush();
        audit.record("site.updated", null, "site", id, before, SiteResponse.of(site));
        return site;
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Site site = lock(id);
        Versions.checkIfMatch(ifMatch, site.version);
        @SuppressWarnings("unchecked")
        List<String> conferences = em.createNativeQuery("""
                        select c.title from conference_site cs join conference c on c.id = cs.conference_id
                        where cs.site_id = ?1 order by c.starts_at limit 5""").setParameter(1, id).getResultList();
        if (!conferences.isEmpty()) {
            throw ApiException.conflict(
                    "site-in-use",
                    "site '" + site.name + "' takes part in conferences (" + String.join(", ", conferences)
                            + "); remove it from them first");
        }
        Number hosts = (Number) em.createNativeQuery("select count(*) from app_user_site where site_id = ?1")
                .setParameter(1, id)
                .getSingleResult();
        if (hosts.longValue() > 0) {
            throw ApiException.conflict(
                    "site-in-use",
                    "site '" + site.name + "' has " + hosts + " site host account(s); remove the site from them first");
        }
        SiteResponse before = SiteResponse.of(site);
        site.delete();
        em.flush();
        audit.record("site.deleted", null, "site", id, before, null);
    }

    private Site lock(UUID id) {
        Site site = em.find(Site.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (site == null) {
            throw ApiException.notFound("site", id);
        }
        return site;
    }

    private void checkNameFree(String name, UUID exceptId) {
        long clashes = exceptId == null
                ? Site.count("lower(name) = lower(?1)", name.strip())
                : Site.count("lower(name) = lower(?1) and id <> ?2", name.strip(), exceptId);
        if (clashes > 0) {
            throw ApiException.conflict("duplicate-name", "a site named '" + name.strip() + "' already exists");
        }
    }

    private static void apply(Site site, SiteRequest request) {
        site.name = request.name().strip();
        site.city = request.city();
        site.address = request.address();
        site.timeZone = TimeZones.orDefault(request.timeZone());
        site.capacity = request.capacity();
    }
}
