package bridgepoint.attendance;

import bridgepoint.common.ApiException;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.security.Caller;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading check-ins, and the small lookups the check-in endpoints need. */
@ApplicationScoped
public class CheckInQueries {

    /** Time zones change rarely and only change how times are shown. */
    private final Cache<UUID, String> zones = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ConferenceAccess access;

    @Inject
    Caller caller;

    String timeZone(UUID conferenceId) {
        return zones.get(
                conferenceId, id -> single("select time_zone from conference where id = ?", id, rs -> rs.getString(1)));
    }

    UUID assignedSite(UUID conferenceId, UUID delegateId) {
        UUID[] found = new UUID[2];
        single("select site_id, conference_id from delegate where id = ?", delegateId, rs -> {
            found[0] = rs.getObject(1, UUID.class);
            found[1] = rs.getObject(2, UUID.class);
            return null;
        });
        UUID site = conferenceId.equals(found[1]) ? found[0] : null;
        if (site == null) {
            throw ApiException.notFound("delegate", delegateId);
        }
        return site;
    }

    @Transactional
    Page<CheckInView> list(UUID conferenceId, UUID delegateId, UUID siteId, Boolean current, PageRequest page) {
        access.readable(conferenceId);
        if (caller.isSiteHost() && siteId != null && !caller.hostsSite(siteId)) {
            throw ApiException.forbidden("you can list the check-ins of your own sites only");
        }
        StringBuilder where = new StringBuilder(" where ci.conference_id = ?");
        List<Object> args = new ArrayList<>(List.of(conferenceId));
        if (delegateId != null) {
            where.append(" and ci.delegate_id = ?");
            args.add(delegateId);
        }
        if (siteId != null) {
            where.append(" and ci.site_id = ?");
            args.add(siteId);
        }
        if (current != null) {
            where.append(" and ci.current = ?");
            args.add(current);
        }
        if (caller.isSiteHost()) {
            where.append(" and ci.site_id = any(?)");
            args.add(caller.hostedSites().toArray(new UUID[0]));
        }
        String zone = timeZone(conferenceId);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from checkin ci" + where)) {
                bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<CheckInView> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CheckInService.SELECT_ALL + where
                    + " order by ci.recorded_at desc, ci.id limit " + page.size() + " offset " + page.offset())) {
                bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(CheckInView.of(CheckInService.checkIn(rs, 1), zone));
                    }
                }
            }
            return new Page<>(items, total, page.page(), page.size());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    CheckInView get(UUID conferenceId, UUID checkInId) {
        access.readable(conferenceId);
        CheckInService.CheckIn found;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(CheckInService.SELECT_ALL + " where ci.id = ? and ci.conference_id = ?")) {
            ps.setObject(1, checkInId);
            ps.setObject(2, conferenceId);
            try (ResultSet rs = ps.executeQuery()) {
                found = rs.next() ? CheckInService.checkIn(rs, 1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (found == null) {
            throw ApiException.notFound("check-in", checkInId);
        }
        boolean allowed = switch (caller.role()) {
            case ORGANIZER -> true;
            case SITE_HOST -> caller.hostsSite(found.siteId());
            case DELEGATE -> found.delegateId().equals(caller.delegateId());
        };
        if (!allowed) {
            throw ApiException.forbidden("this check-in is not at one of your sites");
        }
        return CheckInView.of(found, timeZone(conferenceId));
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof UUID[] ids) {
                ps.setArray(i + 1, c.createArrayOf("uuid", ids));
            } else {
                ps.setObject(i + 1, arg);
            }
        }
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T single(String sql, UUID id, Reader<T> reader) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? reader.read(rs) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
