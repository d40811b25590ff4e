package bridgepoint.award;

/** Who is honoured: a collective (a unit, a department) or an individual. */
public enum RecipientType {
    COLLECTIVE,
    INDIVIDUAL
}
