package io.milvusgitops.daemon.record;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON form of a pinned plan (the request and the whole path, every hop and step), as the upgrade
 * record keeps it. Steps carry their kebab-case {@link Step#type()}; a step type this build does not
 * know makes the record unreadable, never silently another step.
 */
final class PlanJson {

    /** Makes Jackson write a step's type beside its fields. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface StepTypes {
    }

    static final ObjectMapper MAPPER = mapper();

    private PlanJson() {
    }

    static JsonNode write(PathRequest request) {
        return MAPPER.valueToTree(request);
    }

    static JsonNode write(UpgradePath plan) {
        return MAPPER.valueToTree(plan);
    }

    static PathRequest request(JsonNode n) throws IOException {
        return MAPPER.treeToValue(n, PathRequest.class);
    }

    static UpgradePath plan(JsonNode n) throws IOException {
        return MAPPER.treeToValue(n, UpgradePath.class);
    }

    private static ObjectMapper mapper() {
        SimpleModule values = new SimpleModule("milvus-gitops-values");
        values.addSerializer(Version.class, new ToString<>(Version.class));
        values.addDeserializer(Version.class, new Parsed<>(Version.class) {
            @Override
            Version parse(String text) {
                return Version.parse(text);
            }
        });
        values.addSerializer(Image.class, new ToString<>(Image.class));
        values.addDeserializer(Image.class, new Parsed<>(Image.class) {
            @Override
            Image parse(String text) {
                return Image.parse(text);
            }
        });
        values.setMixInAnnotation(Step.class, StepTypes.class);
        for (Class<?> type : Step.class.getPermittedSubclasses()) {
            values.registerSubtypes(new NamedType(type, kebab(type.getSimpleName())));
        }
        return JsonMapper.builder().addModule(new Jdk8Module()).addModule(values)
                // Only the records' components: no derived value (UpgradePath.isEmpty) is written or expected back.
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** The name {@link Step#type()} gives a step class: {@code UpdateComponent} -> {@code update-component}. */
    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static final class ToString<T> extends StdSerializer<T> {
        ToString(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private abstract static class Parsed<T> extends StdDeserializer<T> {
        Parsed(Class<T> type) {
            super(type);
        }

        abstract T parse(String text);

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            try {
                return parse(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                return (T) ctx.handleWeirdStringValue(handledType(), p.getValueAsString(), e.getMessage());
            }
        }
    }
}
