package bridgepoint.delegate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A row of an import that was not imported, by the number a spreadsheet shows for it (0: the import as a whole). */
@Schema(name = "ImportError")
public record ImportError(int row, String message) {}
