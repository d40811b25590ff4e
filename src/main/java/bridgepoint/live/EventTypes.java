package bridgepoint.live;

/** The event types of the live stream (API.md, "Live events"). */
public final class EventTypes {

    public static final String CONFERENCE_STATUS = "conference.status";
    public static final String ITEM_ADDED = "agenda.item.added";
    public static final String ITEM_UPDATED = "agenda.item.updated";
    public static final String ITEM_REMOVED = "agenda.item.removed";
    public static final String REORDERED = "agenda.reordered";
    public static final String ITEM_STARTED = "agenda.item.started";
    public static final String ITEM_FINISHED = "agenda.item.finished";
    public static final String ITEM_SKIPPED = "agenda.item.skipped";
    public static final String ITEM_DELAYED = "agenda.item.delayed";
    public static final String FLOOR_HANDOVER = "floor.handover";
    public static final String ANNOUNCEMENT = "announcement";
    public static final String ATTENDANCE_UPDATED = "attendance.updated";
    public static final String SITE_ONLINE = "site.online";
    public static final String SITE_OFFLINE = "site.offline";
    public static final String AWARD_ADDED = "award.added";
    public static final String AWARD_REMOVED = "award.removed";
    public static final String AWARDS_IMPORTED = "awards.imported";

    private EventTypes() {}
}
