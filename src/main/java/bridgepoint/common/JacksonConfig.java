package bridgepoint.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.deser.std.UUIDDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Strict reading of request bodies: a value of the wrong type is a 400, never silently converted. */
@Singleton
public class JacksonConfig implements ObjectMapperCustomizer {

    /** Last, after Quarkus has registered the java.time module: the strict deserializer below must take precedence. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // an enum is given by its name: 3 or "3" is not taken as the fourth constant
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // "100" is not a number, 100 is not a string, 1 is not a boolean or a date.
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean, LogicalType.DateTime}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // java.time reads a number as epoch seconds, and [2021,12,22] as a date, whatever the coercion config says:
        // a time or a date is an ISO-8601 string
        // Text that PostgreSQL or the exports cannot hold is refused where it is read, naming the field.
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new StorableString()));
        mapper.registerModule(new SimpleModule("strict-times")
                .addDeserializer(
                        OffsetDateTime.class,
                        new FromStringOnly<>(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME))
                .addDeserializer(
                        LocalDate.class, new FromStringOnly<>(LocalDate.class, LocalDateDeserializer.INSTANCE)));
        // Jackson trims ids, enum names and times with String.trim(), which drops any control character at either
        // end: "REMOTE\u0000" would be taken for REMOTE. Such a value is refused as text is.
        mapper.registerModule(new SimpleModule("storable-scalars")
                .addDeserializer(UUID.class, new FromStringOnly<>(UUID.class, new UUIDDeserializer()))
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyEnumDeserializer(
                            DeserializationConfig config,
                            JavaType type,
                            BeanDescription description,
                            JsonDeserializer<?> deserializer) {
                        return new StorableFirst(deserializer);
                    }
                }));
    }

    /** Refuses a string that holds unstorable text before {@code delegate} (which may trim it) reads it. */
    private static final class StorableFirst extends DelegatingDeserializer {

        StorableFirst(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new StorableFirst(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            checkStorable(p);
            return super.deserialize(p, context);
        }
    }

    private static void checkStorable(JsonParser p) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            String problem = StorableText.problem(p.getText());
            if (problem != null) {
                throw new UnstorableTextException(p, problem);
            }
        }
    }

    /** A string as Jackson reads it (with the coercion rules above), refused when it holds unstorable text. */
    private static final class StorableString extends StdScalarDeserializer<String> {

        StorableString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, context);
            String problem = value == null ? null : StorableText.problem(value);
            if (problem != null) {
                throw new UnstorableTextException(p, problem);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /** A string value that may not be stored; its message is the problem shown for the field. */
    static final class UnstorableTextException extends JsonMappingException {
        UnstorableTextException(JsonParser p, String problem) {
            super(p, problem);
        }
    }

    /** A java.time value or an id from a string only (as Jackson reads it); any other token is a 400. */
    private static final class FromStringOnly<T> extends StdScalarDeserializer<T> {

        private final JsonDeserializer<T> iso;

        FromStringOnly(Class<T> type, JsonDeserializer<T> iso) {
            super(type);
            this.iso = iso;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (T) context.handleUnexpectedToken(handledType(), p);
            }
            checkStorable(p);
            return iso.deserialize(p, context);
        }
    }
}
