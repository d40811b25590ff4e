package bridgepoint.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.restassured.RestAssured;

/** Puts {@link OpenApiContract#FILTER} in front of every RestAssured request of every {@code @QuarkusTest}. */
public class OpenApiContractCallback implements QuarkusTestBeforeClassCallback {

    @Override
    public void beforeClass(Class<?> testClass) {
        if (!RestAssured.filters().contains(OpenApiContract.FILTER)) {
            RestAssured.filters(OpenApiContract.FILTER);
        }
    }
}
