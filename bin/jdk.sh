# Sourced by bin/* and .ci/run: sets JAVA_HOME to a JDK 21 or newer. The machine's default java
# (17) cannot build --release 21; the Temurin JDK under /usr/lib/jvm can.
# The major version of the JDK at $1: from its release file (every JDK since 9 has one), so that choosing a JDK starts no
# JVM (each costs a tenth of a second or more of every launch); else from the JVM itself.
jdk_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  if [ -n "$v" ]; then echo "$v"; else "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; fi
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(jdk_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-*-jdk* /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(jdk_major "$candidate")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "milvus-gitops needs a JDK 21 or newer (Temurin is expected under /usr/lib/jvm); install one, e.g. 'apt-get install temurin-21-jdk', or set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
# Maven itself (Guice) touches sun.misc.Unsafe; JDK 24+ warns about it on every build.
if [ "$(jdk_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
