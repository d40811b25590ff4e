package bridgepoint.attendance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.SQLRestriction;

import java.util.UUID;

/**
 * The current check-ins, mapped read-only so that queries of other features can filter on them (the
 * delegates list's {@code checkedIn}). Check-ins are written by {@link CheckInService} only.
 */
@Entity
@Immutable
@Table(name = "checkin")
@SQLRestriction("current")
public class CurrentCheckIn {

    @Id
    public UUID id;

    @Column(name = "delegate_id")
    public UUID delegateId;

    @Column(name = "site_id")
    public UUID siteId;
}
