package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import picocli.CommandLine;

/** Command-line spellings: enums by their lower-case id, versions with or without a leading v. */
final class EnumConverters {

    private EnumConverters() {
    }

    static <E extends Enum<E> & Named> CommandLine.ITypeConverter<E> of(Class<E> type) {
        return text -> Named.byId(type, text).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + text + "' is not one of: " + Named.choices(type)));
    }

    static final class VersionConverter implements CommandLine.ITypeConverter<Version> {
        @Override
        public Version convert(String text) {
            return Version.tryParse(text).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + text + "' is not a version: " + Version.fix(text)));
        }
    }

    static final class MethodConverter implements CommandLine.ITypeConverter<DeployMethod> {
        public DeployMethod convert(String s) throws Exception {
            return of(DeployMethod.class).convert(s);
        }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<DeployMode> {
        public DeployMode convert(String s) throws Exception {
            return of(DeployMode.class).convert(s);
        }
    }

    static final class QueueConverter implements CommandLine.ITypeConverter<MessageQueue> {
        public MessageQueue convert(String s) throws Exception {
            return of(MessageQueue.class).convert(s);
        }
    }

    static final class PulsarConverter implements CommandLine.ITypeConverter<PulsarVersion> {
        public PulsarVersion convert(String s) throws Exception {
            return of(PulsarVersion.class).convert(s);
        }
    }

    static final class CoordinatorsConverter implements CommandLine.ITypeConverter<Coordinators> {
        public Coordinators convert(String s) throws Exception {
            return of(Coordinators.class).convert(s);
        }
    }

    static final class OutputConverter implements CommandLine.ITypeConverter<Output> {
        public Output convert(String s) throws Exception {
            return of(Output.class).convert(s);
        }
    }
}
